#ifndef TURNERO_CZLIB_SHIM_H
#define TURNERO_CZLIB_SHIM_H

#include <zlib.h>

#endif
