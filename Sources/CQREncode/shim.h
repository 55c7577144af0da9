#ifndef TURNERO_CQRENCODE_SHIM_H
#define TURNERO_CQRENCODE_SHIM_H

#include <errno.h>
#include <qrencode.h>

/* errno is a macro on glibc; Swift reads it through this function. */
static inline int turnero_qrencode_errno(void) {
    return errno;
}

static inline void turnero_qrencode_clear_errno(void) {
    errno = 0;
}

#endif
