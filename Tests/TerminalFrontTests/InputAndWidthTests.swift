import Foundation
import Glibc
@testable import TerminalFront
import Testing
import TurneroCore

/// Keys and reports a terminal sends that are not text must never type anything (issue 15,
/// finding 5): SS3 and CSI keys, X10 mouse reports; and widths are the terminal's own.
@Suite("Input decoding: keys and reports, never text")
struct InputKeysTests {
    static let esc = "\u{1B}"

    static func decode(_ text: String) -> [InputEvent] {
        var decoder = InputDecoder()
        return decoder.decode(Array(text.utf8))
    }

    @Test("SS3 keys (F1–F4, arrows, Home, End) are keys, not their last letter")
    func ss3KeysAreKeys() {
        #expect(Self.decode("\(Self.esc)OP") == [.special(.function(1))])
        #expect(Self.decode("\(Self.esc)OQ\(Self.esc)OR\(Self.esc)OS") == [.special(.function(2)), .special(.function(3)), .special(.function(4))])
        #expect(Self.decode("\(Self.esc)OA\(Self.esc)OB\(Self.esc)OC\(Self.esc)OD") == [.special(.up), .special(.down), .special(.right), .special(.left)])
        #expect(Self.decode("\(Self.esc)OH\(Self.esc)OF") == [.special(.home), .special(.end)])
        #expect(Self.decode("1\(Self.esc)OP2") == [.text("1"), .special(.function(1)), .text("2")])
        // The keypad's Enter in application mode is Enter.
        #expect(Self.decode("\(Self.esc)OM") == [.enter])
    }

    @Test("an SS3 key split over reads is still one key")
    func ss3SplitOverReads() {
        var decoder = InputDecoder()
        #expect(decoder.decode(Array("\(Self.esc)".utf8)) == [])
        #expect(decoder.decode(Array("O".utf8)) == [])
        #expect(decoder.decode(Array("P".utf8)) == [.special(.function(1))])
        #expect(!decoder.hasPendingEscape)
    }

    @Test("CSI keys (arrows, F5–F12, Delete, Page Up) are keys")
    func csiKeys() {
        #expect(Self.decode("\(Self.esc)[A\(Self.esc)[D") == [.special(.up), .special(.left)])
        #expect(Self.decode("\(Self.esc)[15~\(Self.esc)[24~") == [.special(.function(5)), .special(.function(12))])
        #expect(Self.decode("\(Self.esc)[3~\(Self.esc)[5~\(Self.esc)[6~") == [.special(.delete), .special(.pageUp), .special(.pageDown)])
        // Modifiers (Shift-F5, Ctrl-Up) do not change which key it is.
        #expect(Self.decode("\(Self.esc)[15;2~\(Self.esc)[1;5A") == [.special(.function(5)), .special(.up)])
        #expect(Self.decode("\(Self.esc)[[A") == [.special(.function(1))])
    }

    @Test("X10 mouse reports are touches, their three bytes never text")
    func x10MouseReports() {
        // ESC [ M, then button + 32, column + 32, row + 32.
        let press = "\(Self.esc)[M" + String(UnicodeScalar(32 + 0)) + String(UnicodeScalar(32 + 20)) + String(UnicodeScalar(32 + 7))
        let release = "\(Self.esc)[M" + String(UnicodeScalar(32 + 3)) + String(UnicodeScalar(32 + 20)) + String(UnicodeScalar(32 + 7))
        #expect(Self.decode(press + release) == [
            .pointer(PointerEvent(button: 0, column: 20, row: 7, isPress: true)),
            .pointer(PointerEvent(button: 3, column: 20, row: 7, isPress: false)),
        ])
        // Far columns are bytes above 127, not UTF-8: still a report, never a character.
        var decoder = InputDecoder()
        let far = decoder.decode([0x1B, 0x5B, 0x4D, 32, 32 + 200, 32 + 30, 0x31])
        #expect(far == [.pointer(PointerEvent(button: 0, column: 200, row: 30, isPress: true)), .text("1")])
        // Split anywhere over reads.
        var split = InputDecoder()
        var events: [InputEvent] = []
        for byte in Array(press.utf8) { events += split.decode([byte]) }
        #expect(events == [.pointer(PointerEvent(button: 0, column: 20, row: 7, isPress: true))])
        // Cut short by a flush: dropped, not typed.
        var cut = InputDecoder()
        #expect(cut.decode(Array("\(Self.esc)[M !".utf8)) == [])
        #expect(cut.flush() == [])
        #expect(cut.decode(Array("5".utf8)) == [.text("5")])
    }

    /// What a customer's terminal may send, by kind, with the events it must decode to.
    enum Piece {
        case text(String)
        case sequence([UInt8], InputEvent)

        static func random(using random: inout SplitMix64) -> Piece {
            let esc: UInt8 = 0x1B
            switch Int.random(in: 0..<7, using: &random) {
            case 0:
                let digits = (0..<Int.random(in: 1...4, using: &random)).map { _ in Character(String(Int.random(in: 0...9, using: &random))) }
                return .text(String(digits))
            case 1:
                let letters: [Character] = ["a", "O", "P", "M", "[", "ñ", "é", "€", "日"]
                return .text(String(letters.randomElement(using: &random)!))
            case 2:
                let (final, key): (UInt8, SpecialKey) = [
                    (UInt8(ascii: "P"), .function(1)), (UInt8(ascii: "Q"), .function(2)), (UInt8(ascii: "A"), .up),
                    (UInt8(ascii: "H"), .home),
                ].randomElement(using: &random)!
                return .sequence([esc, UInt8(ascii: "O"), final], .special(key))
            case 3:
                let (body, key): (String, SpecialKey) = [("15~", .function(5)), ("3~", .delete), ("B", .down), ("1;5C", .right)]
                    .randomElement(using: &random)!
                return .sequence([esc, UInt8(ascii: "[")] + Array(body.utf8), .special(key))
            case 4:
                let column = Int.random(in: 1...220, using: &random)
                let row = Int.random(in: 1...60, using: &random)
                let button = [0, 3].randomElement(using: &random)!
                return .sequence(
                    [esc, UInt8(ascii: "["), UInt8(ascii: "M"), UInt8(32 + button), UInt8(32 + column), UInt8(32 + row)],
                    .pointer(PointerEvent(button: button, column: column, row: row, isPress: button != 3)))
            case 5:
                let column = Int.random(in: 1...500, using: &random)
                let row = Int.random(in: 1...200, using: &random)
                let press = Bool.random(using: &random)
                return .sequence(
                    Array("\u{1B}[<0;\(column);\(row)\(press ? "M" : "m")".utf8),
                    .pointer(PointerEvent(button: 0, column: column, row: row, isPress: press)))
            default:
                return .sequence([0x0D], .enter)
            }
        }
    }

    static let seeds: [UInt64] = [1, 2, 3, 42, 2025, ProcessInfo.processInfo.environment["TURNERO_FUZZ_SEED"].flatMap(UInt64.init) ?? 7_700_777]

    @Test("fuzzed streams of keys, reports and text, split anywhere: exactly the events sent", arguments: seeds)
    func fuzzedStreamsDecodeExactly(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        for round in 0..<200 {
            var bytes: [UInt8] = []
            var expected: [InputEvent] = []
            for _ in 0..<Int.random(in: 1...30, using: &random) {
                switch Piece.random(using: &random) {
                case .text(let text):
                    bytes += Array(text.utf8)
                    expected += text.map { .text($0) }
                case .sequence(let sequence, let event):
                    bytes += sequence
                    expected.append(event)
                }
            }
            var decoder = InputDecoder()
            var events: [InputEvent] = []
            var index = 0
            while index < bytes.count {
                let size = Int.random(in: 1...8, using: &random)
                events += decoder.decode(bytes[index..<min(bytes.count, index + size)])
                index += size
            }
            #expect(events == expected, "seed \(seed), round \(round): \(bytes)")
            #expect(!decoder.hasPendingEscape, "seed \(seed), round \(round)")
        }
    }

    @Test("fuzzed garbage: no crash, no unbounded state, and the next key after a flush is clean", arguments: seeds)
    func fuzzedGarbage(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        var decoder = InputDecoder()
        for _ in 0..<2_000 {
            let length = Int.random(in: 0...64, using: &random)
            let bytes = (0..<length).map { _ in
                // Escape and sequence bytes are likelier than in uniform noise, so parsing goes deep.
                Bool.random(using: &random) ? [0x1B, 0x5B, 0x4F, 0x4D, 0x3C, 0x3B, 0x7E].randomElement(using: &random)! : UInt8.random(in: 0...255, using: &random)
            }
            _ = decoder.decode(bytes)
        }
        _ = decoder.flush()
        #expect(decoder.decode(Array("7".utf8)) == [.text("7")], "seed \(seed)")
    }
}

@Suite("Display width: the terminal's own")
struct DisplayWidthTests {
    @Test("emoji drawn wide are two columns: transport, symbols and dingbats, pictographs extended")
    func emojiBlocksAreWide() {
        for character in ["🚀", "🚗", "🛑", "☕", "⚡", "⛔", "✅", "❌", "🩰", "🪑", "🫠", "👍🏽", "🇨🇴"] {
            #expect(DisplayWidth.of(Character(character)) == 2, "\(character)")
        }
        // Text-presentation symbols stay one column, as terminals draw them.
        for character in ["☀", "✂", "€", "ñ", "Ó"] {
            #expect(DisplayWidth.of(Character(character)) == 1, "\(character)")
        }
        #expect(DisplayWidth.of("Pagos 🚀") == 8)
        #expect(DisplayWidth.pad("☕ Café", to: 8) == "☕ Café ")
    }

    /// The C library's `wcwidth` under C.UTF-8 (Debian 12: Unicode 14), on this thread only.
    /// (Looked up by name: Swift's Glibc module leaves it out of `wchar.h`.)
    static func wcwidthTable(_ scalars: [UInt32]) -> [UInt32: Int32]? {
        typealias WCWidth = @convention(c) (wchar_t) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "wcwidth"),
            let locale = newlocale(LC_CTYPE_MASK, "C.UTF-8", nil)
        else { return nil }
        let wcwidth = unsafeBitCast(symbol, to: WCWidth.self)
        defer { freelocale(locale) }
        let previous = uselocale(locale)
        defer { uselocale(previous) }
        var widths: [UInt32: Int32] = [:]
        for scalar in scalars { widths[scalar] = wcwidth(wchar_t(scalar)) }
        return widths
    }

    @Test("the width of every assigned character in the emoji blocks and CJK matches wcwidth")
    func matchesTheCLibrary() throws {
        let ranges: [ClosedRange<UInt32>] = [
            0x2600...0x27BF, 0x1F300...0x1F64F, 0x1F680...0x1F6FF, 0x1F900...0x1F9FF, 0x1FA70...0x1FAFF, 0x3000...0x303F,
            0x4E00...0x4E80, 0xAC00...0xAC80, 0xFF00...0xFF60, 0x00A0...0x024F, 0x2000...0x206F, 0x0300...0x036F,
        ]
        let scalars = ranges.flatMap { Array($0) }.filter { value in
            Unicode.Scalar(value).map { $0.properties.generalCategory != .unassigned } ?? false
        }
        let table = try #require(Self.wcwidthTable(scalars), "the C.UTF-8 locale is part of glibc")
        var mismatches: [String] = []
        for value in scalars {
            guard let expected = table[value], expected >= 0, let scalar = Unicode.Scalar(value) else { continue }
            // Assigned after the C library's Unicode version: wcwidth cannot know them.
            guard scalar.properties.age.map({ $0.major < 15 }) ?? false else { continue }
            let ours = DisplayWidth.of(Character(scalar))
            if ours != Int(expected) { mismatches.append(String(format: "U+%04X ours %d wcwidth %d", value, ours, expected)) }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(20))")
    }
}
