import CLibUSB
import SystemIO

/// A USB printer through libusb, without the kernel's usblp driver.
///
/// The printer interface and its bulk endpoints come from the descriptors; a kernel driver
/// bound to that interface is detached explicitly and the configuration is set only when it
/// differs. Jobs go out in chunks of at most 16 KiB (one URB each) with timeouts sized to the
/// chunk and the printer's speed; status replies are read from bulk IN with the caller's short
/// timeout. When the printer is unplugged the handle is dropped, and the next call finds it
/// again by vendor:product (and serial). Every libusb call runs on this transport's own queue.
public final class USBTransport: PrinterTransport, @unchecked Sendable {  // mutable state only touched on `io`'s queue
    /// How the transport paces and recognises printers.
    public struct Configuration: Sendable, Hashable {
        /// The largest bulk transfer: libusb splits bigger ones into several URBs in flight,
        /// which some hosts and umockdev do not handle.
        public static let maximumChunkSize = 16_384

        /// Vendor-class identities that count as printers (from the profiles); printer-class
        /// interfaces always do.
        public var known: [USBPrinterMatch]
        /// The profile's headline speed.
        public var speedMmPerSecond: Int
        /// Bytes the printer consumes per millimetre of paper, pessimistically (text ≈ 8; raster
        /// far more bytes, but those print no slower per byte).
        public var bytesPerMillimetre: Double
        /// Added to every chunk's timeout (USB latency, the head warming up).
        public var baseTimeout: Duration
        /// Bytes per bulk transfer, 64 – 16384.
        public var chunkSize: Int

        /// A configuration; `chunkSize` is clamped to 64 – 16384.
        public init(
            known: [USBPrinterMatch] = [], speedMmPerSecond: Int = 100, bytesPerMillimetre: Double = 8,
            baseTimeout: Duration = .seconds(2), chunkSize: Int = Configuration.maximumChunkSize
        ) {
            self.known = known
            self.speedMmPerSecond = speedMmPerSecond
            self.bytesPerMillimetre = bytesPerMillimetre
            self.baseTimeout = baseTimeout
            self.chunkSize = min(Self.maximumChunkSize, max(64, chunkSize))
        }

        /// The time a chunk of `bytes` may take: the base plus what the printer needs to
        /// consume it at its speed (never below 30 mm/s).
        public func chunkTimeout(bytes: Int) -> Duration {
            let bytesPerSecond = Double(max(30, speedMmPerSecond)) * max(1, bytesPerMillimetre)
            return baseTimeout + .milliseconds(Int((Double(max(0, bytes)) / bytesPerSecond * 1000).rounded(.up)))
        }
    }

    /// The printer the transport is talking to.
    public struct Connection: Sendable, Hashable {
        /// Bus number.
        public var bus: UInt8
        /// Address on the bus.
        public var address: UInt8
        /// USB vendor id.
        public var vendorID: UInt16
        /// USB product id.
        public var productID: UInt16
        /// Serial number, when the printer has one.
        public var serial: String?
        /// The claimed interface and its endpoints.
        public var interface: USBInterfaceInfo
        /// Why it was taken for a printer.
        public var reason: USBPrinterReason
        /// What claiming changed (usblp detached, configuration set).
        public var claim: USBClaimReport
    }

    /// Which printer to use.
    public let selector: USBSelector
    /// Pacing and recognition.
    public let configuration: Configuration
    public var endpoint: String { selector.description }
    private let io: BlockingExecutor
    nonisolated(unsafe) private var context: USBContext?
    nonisolated(unsafe) private var link: Link?
    /// Status bytes read beyond what a caller asked for (a packet holds up to 64).
    nonisolated(unsafe) private var pending: [UInt8] = []

    fileprivate struct Link {
        let handle: USBDeviceHandle
        let connection: Connection
        let out: USBEndpointInfo
        let inbound: USBEndpointInfo?
    }

    /// A transport for the printer `selector` designates; nothing is opened until the first call.
    public init(selector: USBSelector, configuration: Configuration = Configuration()) {
        self.selector = selector
        self.configuration = configuration
        io = BlockingExecutor(label: "turnero.usb.\(selector)")
    }

    deinit {
        // libusb_close and libusb_exit block briefly: they run on this transport's queue, not on
        // whichever thread (the cooperative pool, perhaps) dropped the last reference.
        let handles = ReleasedHandles(context: context, link: link)
        io.async { handles.drop() }
    }

    public func write(_ bytes: [UInt8], timeout: Duration) async throws(TransportError) {
        try await io.run { () throws(TransportError) in
            let deadline = ContinuousClock.now + timeout
            let link = try self.connected()
            var sent = 0
            var chunk: [UInt8] = []
            chunk.reserveCapacity(self.configuration.chunkSize)
            while sent < bytes.count {
                let end = min(bytes.count, sent + self.configuration.chunkSize)
                let left = deadline - .now
                guard left > .zero else { throw self.stalled(sent: sent, of: bytes.count) }
                let budget = min(self.configuration.chunkTimeout(bytes: end - sent), left)
                chunk.removeAll(keepingCapacity: true)
                chunk.append(contentsOf: bytes[sent..<end])
                let (count, error) = chunk.withUnsafeMutableBufferPointer {
                    link.handle.bulkTransferAllowingTimeout(
                        endpoint: link.out.address, $0, timeoutMilliseconds: Self.milliseconds(budget))
                }
                sent += count
                if let error { throw self.failure(error, link: link, endpoint: link.out.address, sent: sent, of: bytes.count) }
            }
        }
    }

    public func read(maximum: Int, timeout: Duration) async throws(TransportError) -> [UInt8] {
        guard maximum > 0 else { return [] }
        return try await io.run { () throws(TransportError) in
            if !self.pending.isEmpty { return self.takePending(maximum) }
            let link = try self.connected()
            guard let inbound = link.inbound else {
                throw TransportError(
                    .unsupported, endpoint: self.endpoint,
                    "the printer's USB interface has no IN endpoint (unidirectional): status cannot be read")
            }
            // A whole packet: a smaller buffer overflows when the printer sends more.
            var buffer = [UInt8](repeating: 0, count: max(8, inbound.maxPacketSize))
            let (count, error) = buffer.withUnsafeMutableBufferPointer {
                link.handle.bulkTransferAllowingTimeout(endpoint: inbound.address, $0, timeoutMilliseconds: Self.milliseconds(timeout))
            }
            if let error, error.code != .timeout {
                throw self.failure(error, link: link, endpoint: inbound.address, sent: nil, of: nil)
            }
            self.pending = Array(buffer.prefix(count))
            return self.takePending(maximum)
        }
    }

    public func drain() async {
        _ = try? await io.run { () throws(TransportError) in
            self.pending.removeAll()
            // Only an open connection can hold stale replies; a fresh one starts empty.
            guard let link = self.link, let inbound = link.inbound else { return }
            var buffer = [UInt8](repeating: 0, count: max(8, inbound.maxPacketSize))
            for _ in 0..<8 {
                let (count, error) = buffer.withUnsafeMutableBufferPointer {
                    link.handle.bulkTransferAllowingTimeout(endpoint: inbound.address, $0, timeoutMilliseconds: 10)
                }
                if error?.code == .noDevice { self.link = nil }
                if count == 0 || error != nil { return }
            }
        }
    }

    public func close() async {
        _ = try? await io.run { () throws(TransportError) in
            self.pending.removeAll()
            self.link = nil
        }
    }

    /// Opens the printer if needed and says which one it is and what claiming it changed.
    public func connect() async throws(TransportError) -> Connection {
        try await io.run { () throws(TransportError) in try self.connected().connection }
    }

    /// The IEEE 1284 device id of the connected printer (nil when it sends none).
    public func deviceID() async throws(TransportError) -> IEEE1284DeviceID? {
        try await io.run { () throws(TransportError) in
            let link = try self.connected()
            do throws(USBError) {
                return try link.handle.deviceID(
                    interface: link.connection.interface.number, alternateSetting: link.connection.interface.alternateSetting)
            } catch {
                throw self.failure(error, link: link, endpoint: 0, sent: nil, of: nil)
            }
        }
    }

    private func takePending(_ maximum: Int) -> [UInt8] {
        let bytes = Array(pending.prefix(maximum))
        pending.removeFirst(bytes.count)
        return bytes
    }

    /// A transport error for a failed transfer; drops the connection unless the printer is
    /// merely slow (a timeout keeps it, the caller decides).
    private func failure(_ error: USBError, link: Link, endpoint address: UInt8, sent: Int?, of total: Int?) -> TransportError {
        var converted = usbFailure(error, link: link, endpoint: address, sent: sent, of: total)
        converted.bytesSent = sent ?? 0
        return converted
    }

    private func usbFailure(_ error: USBError, link: Link, endpoint address: UInt8, sent: Int?, of total: Int?) -> TransportError {
        let progress = sent.map { sent in " after \(sent) of \(total ?? sent) bytes" } ?? ""
        switch error.code {
        case .timeout where sent != nil:
            return stalled(sent: sent ?? 0, of: total ?? 0)
        case .noDevice:
            self.link = nil
            return TransportError(
                .disconnected, endpoint: endpoint,
                "the printer was unplugged or switched off\(progress) (\(error)); it is found again when it comes back")
        case .pipe:
            _ = try? link.handle.clearHalt(endpoint: address)
            self.link = nil
            return TransportError(.io, endpoint: endpoint, "the printer stalled endpoint 0x\(String(address, radix: 16))\(progress) (\(error))")
        default:
            self.link = nil
            var converted = error.transportError(endpoint: endpoint)
            converted.message += progress
            return converted
        }
    }

    private func stalled(sent: Int, of total: Int) -> TransportError {
        TransportError(
            .timeout, endpoint: endpoint,
            "the printer stopped accepting data (\(sent) of \(total) bytes sent); is it out of paper or jammed?", bytesSent: sent)
    }

    private func usbContext() throws(TransportError) -> USBContext {
        if let context { return context }
        do throws(USBError) {
            let made = try USBContext()
            context = made
            return made
        } catch {
            throw error.transportError(endpoint: endpoint)
        }
    }

    /// The open, claimed printer, finding and opening it first if needed.
    private func connected() throws(TransportError) -> Link {
        if let link { return link }
        let context = try usbContext()
        var firstFailure: TransportError?
        let found: Link?
        do throws(USBError) {
            found = try context.withDevices { devices throws(USBError) -> Link? in
                for device in devices {
                    guard let located = USBLocatedDevice(device, known: configuration.known),
                        let (interface, reason) = located.printerInterface, matches(located)
                    else { continue }
                    do throws(TransportError) {
                        guard let link = try open(device, located: located, interface: interface, reason: reason, context: context)
                        else { continue }
                        return link
                    } catch {
                        firstFailure = firstFailure ?? error
                    }
                }
                return nil
            }
        } catch {
            throw error.transportError(endpoint: endpoint)
        }
        guard let found else {
            throw firstFailure
                ?? TransportError(
                    .notFound, endpoint: endpoint,
                    selector == .firstPrinter
                        ? "no USB printer is connected (no printer-class interface, no id a profile names); check cable and power, then `turnero printer list`"
                        : "no USB printer \(selector) is connected; check cable and power, then `turnero printer list`")
        }
        link = found
        pending.removeAll()
        return found
    }

    private func matches(_ located: USBLocatedDevice) -> Bool {
        switch selector {
        case .firstPrinter: true
        case .device(let vendor, let product, _): located.vendorID == vendor && located.productID == product
        }
    }

    /// Opens and claims one candidate; nil when its serial is not the one asked for.
    private func open(
        _ device: OpaquePointer, located: USBLocatedDevice, interface: USBInterfaceInfo, reason: USBPrinterReason,
        context: USBContext
    ) throws(TransportError) -> Link? {
        let place = "\(located.devicePath) (\(USBID.pair(located.vendorID, located.productID)))"
        do throws(USBError) {
            let handle = try USBDeviceHandle(context: context, device: device)
            let serial = located.sysfsName.flatMap { USBSysfs().attribute("serial", device: $0) }
                ?? (try? handle.string(at: located.stringIndexes.serial))
            if case .device(_, _, let wanted?) = selector, wanted != serial { return nil }
            let claim = try USBClaim.claim(
                interface: Int32(interface.number), configuration: Int32(interface.configuration), on: handle)
            if interface.alternateSetting != 0 {
                try handle.selectAlternateSetting(interface: Int32(interface.number), setting: Int32(interface.alternateSetting))
            }
            guard let out = interface.bulkOut else { return nil }
            let connection = Connection(
                bus: located.bus, address: located.address, vendorID: located.vendorID, productID: located.productID,
                serial: serial, interface: interface, reason: reason, claim: claim)
            return Link(handle: handle, connection: connection, out: out, inbound: interface.bulkIn)
        } catch {
            var converted = error.transportError(endpoint: endpoint)
            let permissions = DeviceNode.permissions(of: located.devicePath).map { " [\($0)]" } ?? ""
            converted.message = "\(place)\(permissions): \(converted.message)"
            throw converted
        }
    }

    /// A libusb timeout in milliseconds: at least 1 (0 would mean "forever").
    static func milliseconds(_ duration: Duration) -> UInt32 {
        let (seconds, attoseconds) = duration.components
        let total = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        return UInt32(clamping: max(1, total))
    }
}

/// The handles a transport held, moved from its `deinit` to its queue to be freed there.
private final class ReleasedHandles: @unchecked Sendable {  // handed over once; only the queue touches it
    private var context: USBContext?
    private var link: USBTransport.Link?

    init(context: USBContext?, link: USBTransport.Link?) {
        self.context = context
        self.link = link
    }

    func drop() {
        link = nil
        context = nil
    }
}
