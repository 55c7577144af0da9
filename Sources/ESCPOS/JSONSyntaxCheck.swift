/// Finds where a JSON text stops being JSON, as the line and column a technician's editor
/// shows: Foundation only says "not in the correct format".
struct JSONSyntaxCheck {
    /// A syntax error: 1-based line and column (in characters) and what was expected there.
    struct Failure: Error, Equatable {
        var line: Int
        var column: Int
        var expected: String
    }

    private let bytes: [UInt8]
    private var index = 0

    private init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// The first syntax error in `bytes`, or nil when they are one JSON value.
    static func firstError(in bytes: [UInt8]) -> Failure? {
        var check = JSONSyntaxCheck(bytes)
        do throws(Failure) {
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { check.index = 3 }
            try check.value()
            check.skipSpace()
            if check.index < bytes.count { throw check.failure("the end of the file after the closing bracket") }
            return nil
        } catch {
            return error
        }
    }

    private mutating func value() throws(Failure) {
        skipSpace()
        guard index < bytes.count else { throw failure("a value") }
        switch bytes[index] {
        case UInt8(ascii: "{"): try container(close: UInt8(ascii: "}"), keyed: true)
        case UInt8(ascii: "["): try container(close: UInt8(ascii: "]"), keyed: false)
        case UInt8(ascii: "\""): try string()
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): number()
        default: throw failure("a value (a string in double quotes, a number, true, false, null, { or [)")
        }
    }

    private mutating func container(close: UInt8, keyed: Bool) throws(Failure) {
        index += 1
        skipSpace()
        if index < bytes.count, bytes[index] == close {
            index += 1
            return
        }
        while true {
            skipSpace()
            if keyed {
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw failure("a field name in double quotes") }
                try string()
                skipSpace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw failure("':' after the field name") }
                index += 1
            }
            try value()
            skipSpace()
            guard index < bytes.count else { throw failure("',' or '\(Character(UnicodeScalar(close)))'") }
            if bytes[index] == close {
                index += 1
                return
            }
            guard bytes[index] == UInt8(ascii: ",") else { throw failure("',' or '\(Character(UnicodeScalar(close)))'") }
            index += 1
            skipSpace()
            if index < bytes.count, bytes[index] == close { throw failure(keyed ? "another field (no comma before '}')" : "another value (no comma before ']')") }
        }
    }

    private mutating func string() throws(Failure) {
        index += 1
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\""):
                index += 1
                return
            case UInt8(ascii: "\\"): index += 2
            case 0..<0x20: throw failure("the closing double quote (line breaks are not allowed in strings)")
            default: index += 1
            }
        }
        throw failure("the closing double quote")
    }

    private mutating func literal(_ word: String) throws(Failure) {
        let expected = Array(word.utf8)
        guard bytes.count - index >= expected.count, Array(bytes[index..<(index + expected.count)]) == expected else {
            throw failure("a value (text needs double quotes)")
        }
        index += expected.count
    }

    private mutating func number() {
        while index < bytes.count, Array("+-.eE0123456789".utf8).contains(bytes[index]) { index += 1 }
    }

    private mutating func skipSpace() {
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
    }

    private func failure(_ expected: String) -> Failure {
        var line = 1
        var column = 1
        for byte in bytes[..<min(index, bytes.count)] {
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1  // UTF-8 continuation bytes are part of the character before
            }
        }
        return Failure(line: line, column: column, expected: expected)
    }
}
