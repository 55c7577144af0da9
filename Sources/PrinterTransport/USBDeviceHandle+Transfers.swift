import CLibUSB

/// Completion callback of asynchronous transfers: flags the `Int32` in `user_data`.
private func transferCompleted(_ transfer: UnsafeMutablePointer<libusb_transfer>?) {
    transfer?.pointee.user_data?.assumingMemoryBound(to: Int32.self).pointee = 1
}

extension USBDeviceHandle {
    /// One bulk transfer (at most what libusb sends as a single URB: callers chunk).
    ///
    /// - Returns: bytes transferred; on a timeout the error carries none, so callers that need
    ///   the partial count use `bulkTransferAllowingTimeout`.
    func bulkTransfer(
        endpoint: UInt8, _ buffer: UnsafeMutableBufferPointer<UInt8>, timeoutMilliseconds: UInt32
    ) throws(USBError) -> Int {
        let (count, error) = bulkTransferAllowingTimeout(endpoint: endpoint, buffer, timeoutMilliseconds: timeoutMilliseconds)
        if let error { throw error }
        return count
    }

    /// A bulk transfer that reports the bytes moved even when it failed (a timeout after a
    /// partial write, an IN that timed out with a few bytes).
    func bulkTransferAllowingTimeout(
        endpoint: UInt8, _ buffer: UnsafeMutableBufferPointer<UInt8>, timeoutMilliseconds: UInt32
    ) -> (count: Int, error: USBError?) {
        var transferred: Int32 = 0
        do throws(USBError) {
            try usb("libusb_bulk_transfer") {
                libusb_bulk_transfer(
                    raw, endpoint, buffer.baseAddress, Int32(clamping: buffer.count), &transferred, max(1, timeoutMilliseconds))
            }
            return (Int(transferred), nil)
        } catch {
            return (Int(max(0, transferred)), error)
        }
    }

    /// Clears a stalled endpoint.
    func clearHalt(endpoint: UInt8) throws(USBError) {
        try usb("libusb_clear_halt") { libusb_clear_halt(raw, endpoint) }
    }

    /// Selects an alternate setting of a claimed interface.
    func selectAlternateSetting(interface: Int32, setting: Int32) throws(USBError) {
        try usb("libusb_set_interface_alt_setting") { libusb_set_interface_alt_setting(raw, interface, setting) }
    }

    /// A string descriptor in ASCII, nil when the device has none at `index`.
    func string(at index: UInt8) throws(USBError) -> String? {
        guard index != 0 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 256)
        let count = try buffer.withUnsafeMutableBufferPointer { storage throws(USBError) in
            try usb("libusb_get_string_descriptor_ascii") {
                libusb_get_string_descriptor_ascii(raw, index, storage.baseAddress, Int32(storage.count))
            }
        }
        let text = String(decoding: buffer.prefix(Int(count)), as: UTF8.self).trimmingSpaces()
        return text.isEmpty ? nil : text
    }

    /// IEEE 1284 GET_DEVICE_ID (printer class request 0) for an interface.
    func deviceID(interface: UInt8, alternateSetting: UInt8, timeoutMilliseconds: UInt32 = 1000) throws(USBError) -> IEEE1284DeviceID? {
        let reply = try controlIn(
            requestType: 0xA1,  // IN | class | interface
            request: 0, value: 0, index: UInt16(interface) << 8 | UInt16(alternateSetting), length: 1024,
            timeoutMilliseconds: timeoutMilliseconds)
        return IEEE1284DeviceID(reply: reply)
    }

    /// A control IN transfer through libusb's asynchronous API, on the IN direction of the
    /// default pipe (endpoint 0x80).
    ///
    /// Why not `libusb_control_transfer`: it leaves the data stage uninitialised and addresses
    /// endpoint 0, which umockdev's replay compares as OUT data and never answers. The kernel
    /// takes the direction from `bmRequestType` either way, so real printers see the same request.
    func controlIn(
        requestType: UInt8, request: UInt8, value: UInt16, index: UInt16, length: UInt16, timeoutMilliseconds: UInt32
    ) throws(USBError) -> [UInt8] {
        let setupSize = 8  // LIBUSB_CONTROL_SETUP_SIZE
        let total = setupSize + Int(length)
        guard let transfer = libusb_alloc_transfer(0) else {
            throw USBError(result: -11, function: "libusb_alloc_transfer", name: "LIBUSB_ERROR_NO_MEM")
        }
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: total)
        buffer.initialize(repeating: 0, count: total)
        let completed = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
        completed.initialize(to: 0)
        // Freed only once libusb no longer owns the transfer (see `settled`).
        var settled = true
        defer {
            if settled {
                libusb_free_transfer(transfer)
                buffer.deallocate()
                completed.deallocate()
            }
        }
        libusb_fill_control_setup(buffer, requestType, request, value, index, length)
        libusb_fill_control_transfer(transfer, raw, buffer, transferCompleted, completed, max(1, timeoutMilliseconds))
        transfer.pointee.endpoint = 0x80
        try usb("libusb_submit_transfer") { libusb_submit_transfer(transfer) }
        do throws(USBError) {
            try context.handleEvents(until: completed)
        } catch {
            _ = libusb_cancel_transfer(transfer)
            for _ in 0..<50 where completed.pointee == 0 {
                _ = libusb_handle_events_completed(context.raw, completed)
            }
            // Still owned by libusb: leaking beats freeing memory it may write to.
            settled = completed.pointee != 0
            throw error
        }
        try usbTransferStatus(transfer.pointee.status, function: "libusb_submit_transfer (control IN)")
        let count = min(max(0, Int(transfer.pointee.actual_length)), Int(length))
        return Array(UnsafeBufferPointer(start: buffer + setupSize, count: count))
    }
}
