/// Turns the raw bytes of a terminal in raw mode into `InputEvent`s.
///
/// Robust by design: bytes may arrive split anywhere (several events per read, or one escape
/// sequence over several reads); unknown or over-long sequences and invalid UTF-8 are dropped;
/// nothing a customer sends can make it grow without bound. No byte of an escape sequence is
/// ever typed: SS3 keys (`ESC O P` is F1), CSI keys (`ESC [ 15 ~` is F5) and the three raw
/// bytes of an X10 mouse report (`ESC [ M b x y`) become keys and touches, or nothing.
public struct InputDecoder: Sendable {
    /// Escape sequences longer than this are garbage, not a terminal report.
    static let maximumSequenceLength = 32

    private enum Mode: Sendable {
        case ground
        case escape
        case csi([UInt8])
        /// After `ESC O`: parameters, then the key's final byte.
        case ss3([UInt8])
        /// After `ESC [ M`: the button, column and row bytes still to come.
        case x10([UInt8])
        /// Skipping the rest of a sequence that grew too long, until its final byte.
        case discarding
        case utf8(expected: Int, bytes: [UInt8])
    }

    private var mode: Mode = .ground
    private var lastWasCarriageReturn = false

    public init() {}

    /// Whether a lone ESC or an unfinished sequence is waiting for more bytes (call `flush()`
    /// after a short quiet period: a lone ESC is then the Escape key, the rest is dropped).
    public var hasPendingEscape: Bool {
        switch mode {
        case .escape, .csi, .ss3, .x10, .discarding: true
        case .ground, .utf8: false
        }
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
            switch byte {
            case UInt8(ascii: "["): mode = .csi([])
            case UInt8(ascii: "O"): mode = .ss3([])
            case 0x1B: events.append(.escape)  // ESC ESC: the first was a lone Escape
            default: mode = .ground  // Alt+key: dropped with its byte
            }
        case .csi(var body):
            if (0x40...0x7E).contains(byte) {
                // `ESC [ [ A` (the Linux console's F1): `[` is its final-looking first byte.
                if body.isEmpty && byte == UInt8(ascii: "[") {
                    mode = .csi([byte])
                    return
                }
                if body.isEmpty && byte == UInt8(ascii: "M") {
                    mode = .x10([])
                    return
                }
                mode = .ground
                if let event = Self.csiEvent(body, final: byte) { events.append(event) }
            } else if body.count >= Self.maximumSequenceLength || !(0x20...0x3F).contains(byte) {
                mode = (0x20...0x3F).contains(byte) ? .discarding : .ground
                if byte == 0x1B { mode = .escape }
            } else {
                body.append(byte)
                mode = .csi(body)
            }
        case .ss3(var parameters):
            if (0x40...0x7E).contains(byte) {
                mode = .ground
                if let event = Self.ss3Event(final: byte) { events.append(event) }
            } else if (0x20...0x3F).contains(byte) && parameters.count < 8 {
                parameters.append(byte)
                mode = .ss3(parameters)
            } else {
                mode = byte == 0x1B ? .escape : .ground
            }
        case .x10(var report):
            // Raw bytes, whatever their value (columns past 95 are bytes above 127).
            report.append(byte)
            guard report.count == 3 else {
                mode = .x10(report)
                return
            }
            mode = .ground
            if let event = Self.x10Event(report) { events.append(event) }
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
}

extension InputDecoder {
    /// `ESC O x`: F1–F4, arrows, Home, End, and the keypad in application mode (its digits and
    /// Enter type what they say).
    static func ss3Event(final: UInt8) -> InputEvent? {
        switch final {
        case UInt8(ascii: "P")...UInt8(ascii: "S"): .special(.function(Int(final - UInt8(ascii: "P")) + 1))
        case UInt8(ascii: "M"): .enter
        case UInt8(ascii: "p")...UInt8(ascii: "y"): .text(Character(String(final - UInt8(ascii: "p"))))
        default: cursorKey(final).map { .special($0) }
        }
    }

    /// Arrows, Home and End by their final byte (CSI and SS3 alike).
    static func cursorKey(_ final: UInt8) -> SpecialKey? {
        switch final {
        case UInt8(ascii: "A"): .up
        case UInt8(ascii: "B"): .down
        case UInt8(ascii: "C"): .right
        case UInt8(ascii: "D"): .left
        case UInt8(ascii: "H"): .home
        case UInt8(ascii: "F"): .end
        default: nil
        }
    }

    /// `ESC [ < b ; x ; y M|m` → pointer (SGR); `ESC [ b ; x ; y M` → pointer (urxvt); keys by
    /// final byte or `~` code; every other CSI sequence is ignored.
    static func csiEvent(_ body: [UInt8], final: UInt8) -> InputEvent? {
        if body.first == UInt8(ascii: "<") {
            guard final == UInt8(ascii: "M") || final == UInt8(ascii: "m"), let numbers = numbers(body.dropFirst(), count: 3),
                numbers[1] >= 1, numbers[2] >= 1
            else { return nil }
            return .pointer(pointer(code: numbers[0], column: numbers[1], row: numbers[2], isPress: final == UInt8(ascii: "M")))
        }
        if body == [UInt8(ascii: "[")] {
            // The Linux console's F1–F5.
            return (UInt8(ascii: "A")...UInt8(ascii: "E")).contains(final) ? .special(.function(Int(final - UInt8(ascii: "A")) + 1)) : nil
        }
        if final == UInt8(ascii: "M"), let numbers = numbers(body[...], count: 3), numbers[0] >= 32, numbers[1] >= 1, numbers[2] >= 1 {
            let code = numbers[0] - 32
            return .pointer(pointer(code: code, column: numbers[1], row: numbers[2], isPress: code & 0b11 != 3))
        }
        // Modifiers (`1;5A`, `15;2~`) do not change which key it is.
        let first = numbers(body.split(separator: UInt8(ascii: ";"), omittingEmptySubsequences: false).first ?? [], count: 1)?.first
        if final == UInt8(ascii: "~") {
            return tildeKey(first ?? 0).map { .special($0) }
        }
        if (UInt8(ascii: "P")...UInt8(ascii: "S")).contains(final) {
            return .special(.function(Int(final - UInt8(ascii: "P")) + 1))
        }
        return cursorKey(final).map { .special($0) }
    }

    /// `ESC [ n ~` keys (VT220 numbering).
    static func tildeKey(_ code: Int) -> SpecialKey? {
        switch code {
        case 1, 7: .home
        case 2: .insert
        case 3: .delete
        case 4, 8: .end
        case 5: .pageUp
        case 6: .pageDown
        case 11...15: .function(code - 10)
        case 17...21: .function(code - 11)
        case 23, 24: .function(code - 12)
        default: nil
        }
    }

    /// `ESC [ M b x y` (X10 and normal tracking): each byte is its value plus 32.
    static func x10Event(_ report: [UInt8]) -> InputEvent? {
        guard report.count == 3, report[0] >= 32, report[1] > 32, report[2] > 32 else { return nil }
        let code = Int(report[0]) - 32
        return .pointer(pointer(code: code, column: Int(report[1]) - 32, row: Int(report[2]) - 32, isPress: code & 0b11 != 3))
    }

    static func pointer(code: Int, column: Int, row: Int, isPress: Bool) -> PointerEvent {
        PointerEvent(button: code & 0b11, column: column, row: row, isPress: isPress, isMotion: code & 32 != 0, isWheel: code & 64 != 0)
    }

    /// Exactly `count` decimal fields separated by `;`, each 1–5 digits.
    static func numbers(_ bytes: ArraySlice<UInt8>, count: Int) -> [Int]? {
        let fields = bytes.split(separator: UInt8(ascii: ";"), omittingEmptySubsequences: false)
        guard fields.count == count else { return nil }
        var numbers: [Int] = []
        for field in fields {
            guard !field.isEmpty, field.count <= 5, field.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
            numbers.append(field.reduce(0) { $0 * 10 + Int($1 - 0x30) })
        }
        return numbers
    }
}
