#ifndef TURNERO_CZINT_SHIM_H
#define TURNERO_CZINT_SHIM_H

#include <zint.h>

/* `encoded_data` is a fixed two-dimensional array with one bit per module (zint >= 2.10);
   Swift imports it as nested tuples, so the bit is read here. */
static inline int turnero_zint_module_is_set(const struct zint_symbol *symbol, int row, int column) {
    return (symbol->encoded_data[row][column >> 3] >> (column & 7)) & 1;
}

/* The error text is a fixed char array; a pointer to it is easier to read from Swift. */
static inline const char *turnero_zint_error_text(const struct zint_symbol *symbol) {
    return symbol->errtxt;
}

#endif
