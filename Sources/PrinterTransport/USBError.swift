/// A libusb call that failed: which C function, libusb's name for the error, and a code.
///
/// Made only by the `usb(_:_:)` choke point; converted to a `TransportError` (with the fix a
/// technician needs) where it leaves the USB code.
public struct USBError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure, for programs (libusb's `LIBUSB_ERROR_*`).
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String {
            case io, invalidParameter, access, noDevice, notFound, busy, timeout, overflow, pipe, interrupted
            case noMemory, notSupported, other
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// `LIBUSB_ERROR_IO`: the transfer failed on the bus.
        public static let io = Code(.io)
        /// `LIBUSB_ERROR_INVALID_PARAM`.
        public static let invalidParameter = Code(.invalidParameter)
        /// `LIBUSB_ERROR_ACCESS`: this user may not open the device node.
        public static let access = Code(.access)
        /// `LIBUSB_ERROR_NO_DEVICE`: the device was unplugged or reset.
        public static let noDevice = Code(.noDevice)
        /// `LIBUSB_ERROR_NOT_FOUND`: no such interface, configuration or kernel driver.
        public static let notFound = Code(.notFound)
        /// `LIBUSB_ERROR_BUSY`: another program or a kernel driver holds the interface.
        public static let busy = Code(.busy)
        /// `LIBUSB_ERROR_TIMEOUT`: nothing moved before the timeout.
        public static let timeout = Code(.timeout)
        /// `LIBUSB_ERROR_OVERFLOW`: the device sent more than the buffer holds.
        public static let overflow = Code(.overflow)
        /// `LIBUSB_ERROR_PIPE`: the endpoint stalled.
        public static let pipe = Code(.pipe)
        /// `LIBUSB_ERROR_INTERRUPTED`.
        public static let interrupted = Code(.interrupted)
        /// `LIBUSB_ERROR_NO_MEM`.
        public static let noMemory = Code(.noMemory)
        /// `LIBUSB_ERROR_NOT_SUPPORTED`: the platform or device cannot do this.
        public static let notSupported = Code(.notSupported)
        /// `LIBUSB_ERROR_OTHER` or a code this version does not know.
        public static let other = Code(.other)

        public var description: String { value.rawValue }

        /// The code for a negative libusb return value.
        init(result: Int32) {
            switch result {
            case -1: self = .io
            case -2: self = .invalidParameter
            case -3: self = .access
            case -4: self = .noDevice
            case -5: self = .notFound
            case -6: self = .busy
            case -7: self = .timeout
            case -8: self = .overflow
            case -9: self = .pipe
            case -10: self = .interrupted
            case -11: self = .noMemory
            case -12: self = .notSupported
            default: self = .other
            }
        }
    }

    /// What kind of failure.
    public var code: Code
    /// The C function that failed, e.g. `libusb_claim_interface`.
    public var function: String
    /// libusb's name for the error, e.g. `LIBUSB_ERROR_ACCESS`.
    public var name: String
    /// The raw (negative) return value.
    public var result: Int32

    /// An error for `result` returned by `function`.
    public init(result: Int32, function: String, name: String) {
        self.code = Code(result: result)
        self.function = function
        self.name = name
        self.result = result
    }

    public var description: String { "\(function) failed: \(name)" }

    /// The transport error a caller of `PrinterTransport` sees, with what to do about it.
    public func transportError(endpoint: String) -> TransportError {
        switch code {
        case .access:
            TransportError(
                .permissionDenied, endpoint: endpoint,
                "\(self): this user may not open the printer (install the udev rules from `turnero printer udev-rules` and join group lp)")
        case .busy:
            TransportError(
                .busy, endpoint: endpoint,
                "\(self): another program or kernel driver holds the printer (a running kiosk? CUPS? `turnero printer doctor` tells)")
        case .noDevice:
            TransportError(.disconnected, endpoint: endpoint, "\(self): the printer was unplugged or switched off")
        case .notFound:
            TransportError(.notFound, endpoint: endpoint, "\(self)")
        case .timeout:
            TransportError(.timeout, endpoint: endpoint, "\(self): the printer did not answer in time")
        case .notSupported:
            TransportError(.unsupported, endpoint: endpoint, "\(self)")
        default:
            TransportError(.io, endpoint: endpoint, "\(self)")
        }
    }
}
