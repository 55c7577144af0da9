/// Turns the raw bytes of a terminal in raw mode into `InputEvent`s.
///
/// Robust by design: bytes may arrive split anywhere (several events per read, or one escape
/// sequence over several reads); unknown or over-long sequences and invalid UTF-8 are dropped;
/// nothing a customer sends can make it grow without bound.
public struct InputDecoder: Sendable {
    /// Escape sequences longer than this are garbage, not a terminal report.
    static let maximumSequenceLength = 32

    private enum Mode: Sendable {
        case ground
        case escape
        case csi([UInt8])
        /// Skipping the rest of a sequence that grew too long, until its final byte.
        case discarding
        case utf8(expected: Int, bytes: [UInt8])
    }

    private var mode: Mode = .ground
    private var lastWasCarriageReturn = false

    public init() {}

    /// Whether a lone ESC is waiting to learn if a sequence follows (call `flush()` after a
    /// short quiet period to deliver it as `.escape`).
    public var hasPendingEscape: Bool {
        if case .escape = mode { return true }
        return false
    }

    /// Decodes `bytes`, returning every complete event.
    public mutating func decode<Bytes: Sequence>(_ bytes: Bytes) -> [InputEvent] where Bytes.Element == UInt8 {
        var events: [InputEvent] = []
        for byte in bytes { consume(byte, into: &events) }
        return events
    }

    /// Delivers a pending lone ESC and drops any incomplete sequence.
    public mutating func flush() -> [InputEvent] {
        defer { mode = .ground }
        if case .escape = mode { return [.escape] }
        return []
    }

    private mutating func consume(_ byte: UInt8, into events: inout [InputEvent]) {
        switch mode {
        case .ground:
            ground(byte, into: &events)
        case .escape:
            if byte == UInt8(ascii: "[") {
                mode = .csi([])
            } else if byte == 0x1B {
                events.append(.escape)  // ESC ESC: the first was a lone Escape
            } else {
                mode = .ground  // Alt+key or SS3 prefix: dropped with its byte
            }
        case .csi(var body):
            if (0x40...0x7E).contains(byte) {
                mode = .ground
                if let event = Self.csiEvent(body, final: byte) { events.append(event) }
            } else if body.count >= Self.maximumSequenceLength || !(0x20...0x3F).contains(byte) {
                mode = (0x20...0x3F).contains(byte) ? .discarding : .ground
                if byte == 0x1B { mode = .escape }
            } else {
                body.append(byte)
                mode = .csi(body)
            }
        case .discarding:
            if (0x40...0x7E).contains(byte) { mode = .ground } else if byte == 0x1B { mode = .escape }
        case .utf8(let expected, var bytes):
            guard byte & 0xC0 == 0x80 else {
                mode = .ground
                ground(byte, into: &events)  // invalid continuation: drop the partial character
                return
            }
            bytes.append(byte)
            if bytes.count == expected {
                mode = .ground
                if let text = String(validating: bytes, as: UTF8.self), let character = text.first {
                    events.append(.text(character))
                }
            } else {
                mode = .utf8(expected: expected, bytes: bytes)
            }
        }
    }

    private mutating func ground(_ byte: UInt8, into events: inout [InputEvent]) {
        let afterCarriageReturn = lastWasCarriageReturn
        lastWasCarriageReturn = byte == 0x0D
        switch byte {
        case 0x1B: mode = .escape
        case 0x0D: events.append(.enter)
        case 0x0A: if !afterCarriageReturn { events.append(.enter) }
        case 0x7F, 0x08: events.append(.backspace)
        case 0x00..<0x20: events.append(.control(byte))
        case 0x20..<0x7F: events.append(.text(Character(Unicode.Scalar(byte))))
        case 0xC2...0xDF: mode = .utf8(expected: 2, bytes: [byte])
        case 0xE0...0xEF: mode = .utf8(expected: 3, bytes: [byte])
        case 0xF0...0xF4: mode = .utf8(expected: 4, bytes: [byte])
        default: break  // stray continuation or invalid lead byte
        }
    }

    /// `ESC [ < b ; x ; y M|m` → pointer; every other CSI sequence is ignored.
    private static func csiEvent(_ body: [UInt8], final: UInt8) -> InputEvent? {
        guard final == UInt8(ascii: "M") || final == UInt8(ascii: "m"), body.first == UInt8(ascii: "<") else { return nil }
        let fields = body.dropFirst().split(separator: UInt8(ascii: ";"), omittingEmptySubsequences: false)
        guard fields.count == 3 else { return nil }
        var numbers: [Int] = []
        for field in fields {
            guard !field.isEmpty, field.count <= 5, field.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
            numbers.append(field.reduce(0) { $0 * 10 + Int($1 - 0x30) })
        }
        guard numbers[1] >= 1, numbers[2] >= 1 else { return nil }
        let code = numbers[0]
        return .pointer(
            PointerEvent(
                button: code & 0b11, column: numbers[1], row: numbers[2], isPress: final == UInt8(ascii: "M"),
                isMotion: code & 32 != 0, isWheel: code & 64 != 0))
    }
}
