/// The IEEE 1284 device id a USB printer returns to GET_DEVICE_ID:
/// `MFG:EPSON;CMD:ESC/POS;MDL:TM-T20III;CLS:PRINTER;`.
///
/// It tells technicians what the firmware claims to be when no profile knows the USB id, and
/// whether it speaks ESC/POS at all.
public struct IEEE1284DeviceID: Sendable, Hashable, CustomStringConvertible {
    /// The id string as sent (printable ASCII; other bytes dropped).
    public var text: String
    /// Keys (uppercased) and values, in order.
    public var fields: [(key: String, value: String)] {
        text.split(separator: ";").compactMap { pair in
            guard let colon = pair.firstIndex(of: ":") else { return nil }
            let key = pair[..<colon].trimmingSpaces().uppercased()
            let value = pair[pair.index(after: colon)...].trimmingSpaces()
            return key.isEmpty ? nil : (key, value)
        }
    }

    /// Parses the text of an id (without the length prefix).
    public init(text: String) {
        self.text = text
    }

    /// Parses a GET_DEVICE_ID reply: a two-byte length (big-endian per the spec, little-endian
    /// on some clones) that counts itself, then the id. Nil when the reply is empty or garbage.
    public init?(reply: [UInt8]) {
        guard reply.count > 2 else { return nil }
        let bigEndian = Int(reply[0]) << 8 | Int(reply[1])
        let littleEndian = Int(reply[1]) << 8 | Int(reply[0])
        let length = (2...reply.count).contains(bigEndian) ? bigEndian : (2...reply.count).contains(littleEndian) ? littleEndian : reply.count
        let bytes = reply[2..<length].prefix { $0 != 0 }
        let printable = bytes.filter { $0 >= 0x20 && $0 < 0x7F }
        guard !printable.isEmpty else { return nil }
        self.init(text: String(decoding: printable, as: UTF8.self))
    }

    /// The first value of any of `keys`.
    public func value(_ keys: String...) -> String? {
        let all = fields
        for key in keys {
            if let match = all.first(where: { $0.key == key }) { return match.value }
        }
        return nil
    }

    /// `MFG` / `MANUFACTURER`.
    public var manufacturer: String? { value("MFG", "MANUFACTURER") }
    /// `MDL` / `MODEL`.
    public var model: String? { value("MDL", "MODEL") }
    /// `CMD` / `COMMAND SET`, split at commas.
    public var commandSets: [String] {
        (value("CMD", "COMMAND SET") ?? "").split(separator: ",").map { $0.trimmingSpaces() }.filter { !$0.isEmpty }
    }
    /// Whether the firmware says it speaks ESC/POS (nil when it does not list command sets).
    public var speaksESCPOS: Bool? {
        let sets = commandSets
        guard !sets.isEmpty else { return nil }
        return sets.contains { $0.uppercased().replacingSlashes().hasPrefix("ESCPOS") }
    }

    public var description: String { text }
}

extension StringProtocol {
    /// Without leading and trailing spaces (Foundation-free).
    func trimmingSpaces() -> String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }

    /// "ESC/POS" → "ESCPOS".
    fileprivate func replacingSlashes() -> String {
        String(filter { $0 != "/" && $0 != " " })
    }
}
