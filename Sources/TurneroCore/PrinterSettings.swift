/// The kiosk's printer in the office configuration: how to reach it and which model it is.
///
/// ```json
/// "printer": { "connection": "tcp://10.0.0.9:9100", "profile": "epson-tm-t20iii" }
/// ```
public struct PrinterSettings: Codable, Sendable, Hashable {
    /// `virtual[:DIR]`, `tcp://HOST[:PORT]`, `/dev/usb/lpN` (or `file:PATH`), `usb` or `usb:VID:PID`.
    public var connection: String
    /// A profile id from `devices/` (file name without `.json`).
    public var profile: String

    public init(connection: String = "virtual", profile: String = "generic-80mm") {
        self.connection = connection
        self.profile = profile
    }

    private enum CodingKeys: String, CodingKey { case connection, profile }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        connection = try c.decodeIfPresent(String.self, forKey: .connection) ?? "virtual"
        profile = try c.decodeIfPresent(String.self, forKey: .profile) ?? "generic-80mm"
    }

    /// The parsed connection.
    public func parsedConnection() throws(ConfigurationError) -> PrinterConnection {
        guard let parsed = PrinterConnection(connection) else {
            throw ConfigurationError(
                field: "printer.connection",
                reason: "'\(connection.prefix(60))' is not virtual[:DIR], tcp://HOST[:PORT], /dev/usb/lpN, file:PATH or usb[:VID:PID]")
        }
        return parsed
    }
}

/// Where the printer is.
public enum PrinterConnection: Sendable, Hashable, CustomStringConvertible {
    /// The built-in virtual printer, writing PNG pictures of each ticket to a folder (nil: the
    /// state directory's `tickets/`).
    case virtual(directory: String?)
    case tcp(host: String, port: UInt16)
    case deviceFile(path: String)
    /// A USB printer by vendor and product id (nil: the first printer found).
    case usb(vendorID: UInt16?, productID: UInt16?)

    public init?(_ text: String) {
        let value = text.trimmingWhitespace()
        if value == "virtual" {
            self = .virtual(directory: nil)
        } else if value.hasPrefix("virtual:") {
            let directory = String(value.dropFirst("virtual:".count))
            guard !directory.isEmpty else { return nil }
            self = .virtual(directory: directory)
        } else if value.hasPrefix("tcp://") {
            let rest = value.dropFirst("tcp://".count)
            let parts = rest.split(separator: ":", omittingEmptySubsequences: false)
            guard let host = parts.first, !host.isEmpty, parts.count <= 2 else { return nil }
            let port = parts.count == 2 ? UInt16(parts[1]) : 9100
            guard let port, port > 0 else { return nil }
            self = .tcp(host: String(host), port: port)
        } else if value.hasPrefix("file:") {
            let path = String(value.dropFirst("file:".count))
            guard path.hasPrefix("/") else { return nil }
            self = .deviceFile(path: path)
        } else if value.hasPrefix("/") {
            self = .deviceFile(path: value)
        } else if value == "usb" {
            self = .usb(vendorID: nil, productID: nil)
        } else if value.hasPrefix("usb:") {
            let parts = value.dropFirst(4).split(separator: ":")
            guard parts.count == 2, parts.allSatisfy({ $0.count == 4 }), let vendor = UInt16(parts[0], radix: 16),
                let product = UInt16(parts[1], radix: 16)
            else { return nil }
            self = .usb(vendorID: vendor, productID: product)
        } else {
            return nil
        }
    }

    public var description: String {
        switch self {
        case .virtual(let directory): directory.map { "virtual:\($0)" } ?? "virtual"
        case .tcp(let host, let port): "tcp://\(host):\(port)"
        case .deviceFile(let path): path
        case .usb(let vendor?, let product?): "usb:\(hex(vendor)):\(hex(product))"
        case .usb: "usb"
        }
    }

    private func hex(_ value: UInt16) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 4 - digits.count) + digits
    }
}
