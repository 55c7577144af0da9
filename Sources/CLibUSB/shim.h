#ifndef TURNERO_CLIBUSB_SHIM_H
#define TURNERO_CLIBUSB_SHIM_H

/* libusb-1.0 for the PrinterTransport module (the only module that imports it).
 * pkg-config libusb-1.0 adds /usr/include/libusb-1.0 to the include path. */
#include <libusb.h>

#endif
