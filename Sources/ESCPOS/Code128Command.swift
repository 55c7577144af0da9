import Symbology

/// The data of `GS k 73` (CODE128) with explicit code sets, and the symbol's width.
///
/// ESC/POS leaves code set choice to the host: data starts with `{A`, `{B` or `{C`, `{1` is
/// FNC1, and in code set C each byte is a digit pair's value (0–99).
struct Code128Command {
    private enum Token: Equatable {
        case character(UInt8)
        case fnc1
    }

    private enum CodeSet { case a, b, c }

    /// Bytes after `GS k 73 n`.
    private(set) var data: [UInt8] = []
    /// Symbol characters including start and check, excluding stop.
    private(set) var symbolCount = 0

    /// Modules from start to stop (11 per symbol character, 13 for the stop pattern).
    var modules: Int { symbolCount * 11 + 13 }

    /// Plain Code 128 over ASCII.
    init(text: String) throws(ESCPOSError) {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty, bytes.allSatisfy({ $0 < 0x80 }) else {
            throw ESCPOSError(.invalidBarcodeData, "CODE128 carries ASCII only ('\(text.prefix(40))')")
        }
        build(bytes.map(Token.character))
    }

    /// GS1-128: FNC1 first, FNC1 after variable-length elements.
    init(gs1 elements: GS1ElementString) {
        var tokens: [Token] = []
        for part in elements.encodedParts {
            switch part {
            case .fnc1: tokens.append(.fnc1)
            case .data(let text): tokens.append(contentsOf: text.utf8.map(Token.character))
            }
        }
        build(tokens)
    }

    private mutating func build(_ tokens: [Token]) {
        var set: CodeSet?
        var index = 0
        func digitRun(from start: Int) -> Int {
            var end = start
            while end < tokens.count, case .character(let byte) = tokens[end], (0x30...0x39).contains(byte) { end += 1 }
            return end - start
        }
        func select(_ next: CodeSet) {
            guard set != next else { return }
            data += [UInt8(ascii: "{"), next == .a ? UInt8(ascii: "A") : next == .b ? UInt8(ascii: "B") : UInt8(ascii: "C")]
            symbolCount += 1
            set = next
        }
        while index < tokens.count {
            let token = tokens[index]
            if token == .fnc1 {
                // FNC1 exists in every set; pick the set for what follows when nothing is chosen yet.
                if set == nil { select(digitRun(from: index + 1) >= 2 ? .c : .b) }
                data += [UInt8(ascii: "{"), UInt8(ascii: "1")]
                symbolCount += 1
                index += 1
                continue
            }
            let run = digitRun(from: index)
            let atEnd = index + run == tokens.count
            if set == .c, run >= 2 {
                data.append(Self.pairValue(tokens, at: index))
                symbolCount += 1
                index += 2
                continue
            }
            // Code C pays off for 4+ digits (2+ when they are the whole symbol), 6+ mid-symbol.
            let worthC = (set == nil && run >= 2 && (atEnd || run >= 4)) || (set != nil && (run >= 6 || (atEnd && run >= 4)))
            if worthC {
                if run % 2 == 1 {
                    // Odd run: one digit in A/B first so C gets whole pairs.
                    if set == nil || set == .c { select(.b) }
                    data.append(Self.byte(tokens[index]))
                    symbolCount += 1
                    index += 1
                }
                select(.c)
                continue
            }
            guard case .character(let byte) = token else { continue }
            if byte < 0x20 {
                select(.a)
            } else if byte >= 0x60 || set == nil || set == .c {
                select(.b)
            }
            if byte == UInt8(ascii: "{") { data.append(byte) }  // "{{" is a literal brace
            data.append(byte)
            symbolCount += 1
            index += 1
        }
        symbolCount += 1  // check character
    }

    private static func byte(_ token: Token) -> UInt8 {
        if case .character(let byte) = token { return byte }
        return 0
    }

    private static func pairValue(_ tokens: [Token], at index: Int) -> UInt8 {
        (byte(tokens[index]) - 0x30) * 10 + (byte(tokens[index + 1]) - 0x30)
    }
}
