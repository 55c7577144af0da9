import CLibUSB

/// The one place libusb return codes become Swift errors:
/// `try usb("libusb_claim_interface") { libusb_claim_interface(handle, 0) }`.
///
/// Negative results throw a `USBError` naming the C function and libusb's error name; other
/// results (counts, lengths, booleans) are returned.
@discardableResult
func usb<Result: BinaryInteger>(_ function: StaticString, _ call: () -> Result) throws(USBError) -> Result {
    let result = call()
    guard result < 0 else { return result }
    let code = Int32(clamping: result)
    throw USBError(result: code, function: "\(function)", name: String(cString: libusb_error_name(code)))
}

/// A libusb context, initialised once and freed in `deinit`.
///
/// Not thread-safe by itself: every user (a transport, a discovery scan) calls it from one
/// queue of its own, never from the cooperative pool.
final class USBContext {
    let raw: OpaquePointer

    init() throws(USBError) {
        var context: OpaquePointer?
        try usb("libusb_init") { libusb_init(&context) }
        guard let context else {
            throw USBError(result: -99, function: "libusb_init", name: "no context returned")
        }
        raw = context
    }

    deinit {
        libusb_exit(raw)
    }

    /// Calls `body` with the devices attached now; references are dropped afterwards, so a
    /// device that must outlive the call needs a `USBDeviceHandle` (which keeps its own).
    func withDevices<T>(_ body: ([OpaquePointer]) throws(USBError) -> T) throws(USBError) -> T {
        var list: UnsafeMutablePointer<OpaquePointer?>?
        let count = try usb("libusb_get_device_list") { libusb_get_device_list(raw, &list) }
        defer { libusb_free_device_list(list, 1) }
        var devices: [OpaquePointer] = []
        devices.reserveCapacity(count)
        for index in 0..<count {
            if let device = list?[index] { devices.append(device) }
        }
        return try body(devices)
    }

    /// Runs libusb's event loop until `completed` is set (async transfers' callbacks set it).
    func handleEvents(until completed: UnsafeMutablePointer<Int32>) throws(USBError) {
        var interval = timeval(tv_sec: 0, tv_usec: 100_000)
        while completed.pointee == 0 {
            try usb("libusb_handle_events_timeout_completed") {
                libusb_handle_events_timeout_completed(raw, &interval, completed)
            }
        }
    }
}

/// An open USB device; releases the interface it claimed and closes the device in `deinit`.
///
/// Owned by one transport or one discovery scan and used from its queue only.
final class USBDeviceHandle {
    let context: USBContext
    let raw: OpaquePointer
    private(set) var claimedInterface: Int32?

    /// Opens `device` (a device from `context.withDevices`).
    init(context: USBContext, device: OpaquePointer) throws(USBError) {
        var handle: OpaquePointer?
        try usb("libusb_open") { libusb_open(device, &handle) }
        guard let handle else { throw USBError(result: -99, function: "libusb_open", name: "no handle returned") }
        self.context = context
        raw = handle
    }

    deinit {
        // The device may be gone already; releasing then fails harmlessly.
        if let claimedInterface { _ = libusb_release_interface(raw, claimedInterface) }
        libusb_close(raw)
    }

    /// Marks `interface` claimed (after `libusb_claim_interface` succeeded) so `deinit` releases it.
    func noteClaimed(_ interface: Int32) {
        claimedInterface = interface
    }
}

/// The choke point for asynchronous transfers: a finished transfer's status as an error.
func usbTransferStatus(_ status: libusb_transfer_status, function: String) throws(USBError) {
    let (result, name): (Int32, String) =
        switch status {
        case LIBUSB_TRANSFER_COMPLETED: (0, "")
        case LIBUSB_TRANSFER_TIMED_OUT: (-7, "LIBUSB_TRANSFER_TIMED_OUT")
        case LIBUSB_TRANSFER_STALL: (-9, "LIBUSB_TRANSFER_STALL")
        case LIBUSB_TRANSFER_NO_DEVICE: (-4, "LIBUSB_TRANSFER_NO_DEVICE")
        case LIBUSB_TRANSFER_OVERFLOW: (-8, "LIBUSB_TRANSFER_OVERFLOW")
        case LIBUSB_TRANSFER_CANCELLED: (-1, "LIBUSB_TRANSFER_CANCELLED")
        default: (-1, "LIBUSB_TRANSFER_ERROR")
        }
    if result < 0 { throw USBError(result: result, function: function, name: name) }
}
