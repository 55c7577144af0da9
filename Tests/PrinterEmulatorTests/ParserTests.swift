import ESCPOS
import PrinterEmulator
import TestSupport
import Testing

@Suite("ESC/POS stream parser")
struct ParserTests {
    private func commands(_ bytes: [UInt8]) -> [ParsedCommand] {
        var parser = ESCPOSParser()
        return (parser.feed(bytes) + parser.finish()).map(\.command)
    }

    @Test("the commands the encoder emits parse to what they mean")
    func knownCommands() {
        let stream: [UInt8] =
            [0x1B, 0x40, 0x1B, 0x74, 19, 0x1C, 0x2E, 0x1B, 0x61, 1, 0x1D, 0x21, 0x33, 0x41, 0x0A]
            + [0x1D, 0x76, 0x30, 0, 1, 0, 2, 0, 0xFF, 0x81]
            + [0x1D, 0x6B, 73, 4, 0x7B, 0x42, 0x41, 0x42]
            + [0x1D, 0x28, 0x6B, 5, 0, 49, 80, 48, 0x51, 0x52]
            + [0x1B, 0x2A, 33, 1, 0, 1, 2, 3]
            + [0x1D, 0x56, 66, 0, 0x10, 0x04, 4]
        #expect(commands(stream) == [
            .initialize, .selectCodePage(19), .kanjiMode(false), .alignment(1), .characterSize(0x33), .text([0x41]), .lineFeed,
            .rasterImage(mode: 0, widthBytes: 1, height: 2, data: [0xFF, 0x81]),
            .barcode(type: 73, data: [0x7B, 0x42, 0x41, 0x42]),
            .qrStore([0x51, 0x52]),
            .bitImage(mode: 33, width: 1, data: [1, 2, 3]),
            .cut(full: false, feedDots: 0), .realtimeStatus(4),
        ])
    }

    /// Text runs end where a chunk ends; joining neighbours gives the stream's meaning.
    private func mergingText(_ commands: [ParsedCommand]) -> [ParsedCommand] {
        var merged: [ParsedCommand] = []
        for command in commands {
            if case .text(let more) = command, case .text(let previous)? = merged.last {
                merged[merged.count - 1] = .text(previous + more)
            } else {
                merged.append(command)
            }
        }
        return merged
    }

    @Test("any chunking gives the same commands", arguments: [1, 2, 3, 7, 64])
    func chunking(size: Int) throws {
        let bytes = try Fixtures.ticket("epson-tm-t20iii").bytes
        var whole = ESCPOSParser()
        let expected = (whole.feed(bytes) + whole.finish()).map(\.command)
        var chunked = ESCPOSParser()
        var events: [ParsedEvent] = []
        var index = 0
        while index < bytes.count {
            events += chunked.feed(bytes[index..<min(bytes.count, index + size)])
            index += size
        }
        events += chunked.finish()
        #expect(mergingText(events.map(\.command)) == expected)
        #expect(!expected.contains { if case .diagnostic = $0 { true } else { false } })
    }

    @Test("an unknown command is reported and skipped; the text after it still prints")
    func unknownCommand() {
        let result = commands([0x1B, 0x99, 0x48, 0x69, 0x1D, 0xEE, 0x0A])
        guard case .diagnostic(let first) = result[0], case .diagnostic(let second) = result[2] else {
            Issue.record("expected diagnostics, got \(result)")
            return
        }
        #expect(first.code == .unknownCommand && first.message.contains("ESC 0x99"))
        #expect(result[1] == .text([0x48, 0x69]))
        #expect(second.code == .unknownCommand && second.offset == 4)
        #expect(result[3] == .lineFeed)
    }

    @Test("a command cut short is reported as truncated at the end of the stream", arguments: [
        [0x1D, 0x76, 0x30, 0, 10, 0, 10, 0, 1, 2, 3],
        [0x1D, 0x28, 0x6B, 10, 0, 49],
        [0x1B],
        [0x1D, 0x6B, 73, 20, 0x7B],
        [0x10, 0x04],
    ] as [[UInt8]])
    func truncated(bytes: [UInt8]) {
        var parser = ESCPOSParser()
        #expect(parser.feed(bytes).isEmpty)
        let finish = parser.finish()
        #expect(finish.count == 1)
        guard case .diagnostic(let diagnostic) = finish.first?.command else {
            Issue.record("no diagnostic")
            return
        }
        #expect(diagnostic.code == .truncatedCommand && diagnostic.offset == 0)
    }

    @Test("an oversized payload is skipped without being buffered")
    func oversized() {
        var parser = ESCPOSParser(maximumPayload: 1000)
        // 255 × 255 bytes declared; only the header and a little data arrive at first.
        let header: [UInt8] = [0x1D, 0x76, 0x30, 0, 255, 0, 255, 0]
        let events = parser.feed(header + [UInt8](repeating: 0xAA, count: 100))
        guard case .diagnostic(let diagnostic) = events.first?.command else {
            Issue.record("expected a diagnostic")
            return
        }
        #expect(diagnostic.code == .oversized)
        #expect(parser.pendingCount == 0)
        // The rest of the payload is consumed silently, then parsing resumes.
        let rest = parser.feed([UInt8](repeating: 0xAA, count: 255 * 255 - 100) + [0x41, 0x0A])
        #expect(rest.map(\.command) == [.text([0x41]), .lineFeed])
    }

    @Test("the listing names commands as the manuals do")
    func listing() {
        let text = ParsedCommand.listing(of: [0x1B, 0x40, 0x1B, 0x74, 19, 0x41, 0xA4, 0x0A, 0x1D, 0x56, 1])
        #expect(text == "ESC @\nESC t 19\nTEXT \"A\\xA4\"\nLF\nGS V partial\n")
    }
}
