/// An incremental ESC/POS parser: bytes in, commands out, in any chunking.
///
/// It never traps on input: unknown commands are skipped (prefix and command byte) with a
/// diagnostic, payloads larger than `maximumPayload` are skipped without being buffered, and
/// bytes left inside a command at `finish()` are reported as truncated.
public struct ESCPOSParser: Sendable {
    /// Largest payload (image data, stored QR data) kept in memory.
    public var maximumPayload: Int

    private(set) var pending: [UInt8] = []
    /// Stream offset of `pending[0]`.
    private var consumed = 0
    /// Bytes of an oversized payload still to skip, and where it started.
    private var discarding = 0
    private var discardStart = 0

    /// A parser; payloads over `maximumPayload` bytes (default 8 MiB) are skipped.
    public init(maximumPayload: Int = 8 << 20) {
        self.maximumPayload = maximumPayload
    }

    /// Bytes received but not yet part of a complete command.
    public var pendingCount: Int { pending.count }

    /// Parses what `bytes` completes; an incomplete command waits for the next call.
    public mutating func feed(_ bytes: some Sequence<UInt8>) -> [ParsedEvent] {
        pending.append(contentsOf: bytes)
        var events: [ParsedEvent] = []
        var index = 0
        while index < pending.count {
            if discarding > 0 {
                let skipped = min(discarding, pending.count - index)
                discarding -= skipped
                index += skipped
                continue
            }
            let step = parse(at: index)
            switch step {
            case .command(let command, let length):
                events.append(ParsedEvent(command: command, offset: consumed + index, length: length))
                index += length
            case .needMore:
                break
            case .skip(let length, let diagnostic):
                events.append(ParsedEvent(command: .diagnostic(diagnostic), offset: consumed + index, length: length))
                index += length
            case .discard(let header, let payload, let diagnostic):
                events.append(ParsedEvent(command: .diagnostic(diagnostic), offset: consumed + index, length: header + payload))
                discardStart = consumed + index
                index += header
                discarding = payload
            }
            if case .needMore = step { break }
        }
        pending.removeFirst(index)
        consumed += index
        return events
    }

    /// Ends the stream: reports a command cut short, and resets for a new stream.
    public mutating func finish() -> [ParsedEvent] {
        var events: [ParsedEvent] = []
        if discarding > 0 {
            let diagnostic = EmulatorDiagnostic(
                .truncatedCommand, offset: discardStart, bytes: [],
                message: "stream ended \(discarding) bytes before the end of a skipped payload")
            events.append(ParsedEvent(command: .diagnostic(diagnostic), offset: discardStart, length: 0))
        }
        if !pending.isEmpty {
            let diagnostic = EmulatorDiagnostic(
                .truncatedCommand, offset: consumed, bytes: pending,
                message: "stream ended inside \(Self.name(of: pending)) (\(pending.count) byte(s) received)")
            events.append(ParsedEvent(command: .diagnostic(diagnostic), offset: consumed, length: pending.count))
        }
        // Only bytes that arrived count: a payload announced but never sent (a truncated
        // `GS v 0` may announce 4 GB) must not move the offsets of what follows.
        consumed += pending.count
        pending.removeAll()
        discarding = 0
        return events
    }

    enum Step {
        case command(ParsedCommand, Int)
        case needMore
        case skip(Int, EmulatorDiagnostic)
        case discard(header: Int, payload: Int, EmulatorDiagnostic)
    }

    /// A readable name for the start of a command ("GS v 0").
    static func name(of bytes: some Collection<UInt8>) -> String {
        let prefix: [UInt8: String] = [0x10: "DLE", 0x1B: "ESC", 0x1C: "FS", 0x1D: "GS"]
        var parts: [String] = []
        for (index, byte) in bytes.prefix(3).enumerated() {
            if index == 0, let name = prefix[byte] {
                parts.append(name)
            } else if index > 0, byte >= 0x21, byte < 0x7F {
                parts.append(String(UnicodeScalar(byte)))
            } else {
                parts.append("0x" + String(byte, radix: 16, uppercase: true).leftPadded(2))
            }
            if index == 0, prefix[byte] == nil { break }
            if index == 1, ![UInt8(ascii: "("), UInt8(ascii: "v"), UInt8(ascii: "8"), UInt8(ascii: "c")].contains(byte) { break }
        }
        return parts.joined(separator: " ")
    }

    private func parse(at index: Int) -> Step {
        let first = pending[index]
        switch first {
        case 0x0A: return .command(.lineFeed, 1)
        case 0x0D: return .command(.carriageReturn, 1)
        case 0x09: return .command(.horizontalTab, 1)
        case 0x0C: return .command(.formFeed, 1)
        case 0x00: return .command(.ignored("NUL"), 1)
        case 0x18: return .command(.ignored("CAN"), 1)
        case 0x10: return parseDLE(at: index)
        case 0x1B: return parseESC(at: index)
        case 0x1C: return parseFS(at: index)
        case 0x1D: return parseGS(at: index)
        case 0x01...0x1F:
            return .skip(1, diagnostic(.ignoredControl, index, 1, "control byte 0x\(String(first, radix: 16, uppercase: true).leftPadded(2)) has no ESC/POS meaning"))
        default:
            var end = index
            while end < pending.count, pending[end] >= 0x20 { end += 1 }
            return .command(.text(Array(pending[index..<end])), end - index)
        }
    }

    // MARK: Helpers shared by the prefix parsers (ESCPOSParser+Commands.swift).

    /// Bytes available from `index`.
    func available(_ index: Int) -> Int { pending.count - index }

    /// The byte at `index + offset` (caller checked availability).
    func byte(_ index: Int, _ offset: Int) -> UInt8 { pending[index + offset] }

    /// Little-endian 16-bit parameter at `index + offset`.
    func word(_ index: Int, _ offset: Int) -> Int { Int(pending[index + offset]) | Int(pending[index + offset + 1]) << 8 }

    func slice(_ index: Int, _ range: Range<Int>) -> [UInt8] {
        Array(pending[(index + range.lowerBound)..<(index + range.upperBound)])
    }

    func diagnostic(_ code: EmulatorDiagnostic.Code, _ index: Int, _ length: Int, _ message: String) -> EmulatorDiagnostic {
        EmulatorDiagnostic(
            code, offset: consumed + index, bytes: pending[index..<min(pending.count, index + max(length, 1))],
            message: message)
    }

    /// A fixed-length command: waits until `length` bytes are there.
    func fixed(_ index: Int, _ length: Int, _ make: () -> ParsedCommand) -> Step {
        available(index) < length ? .needMore : .command(make(), length)
    }

    /// A command with a payload: waits for it, or skips it when over the limit.
    func payload(_ index: Int, header: Int, payload: Int, _ make: () -> ParsedCommand) -> Step {
        if payload > maximumPayload {
            let name = Self.name(of: pending[index..<min(pending.count, index + 3)])
            return .discard(
                header: header, payload: payload,
                diagnostic(.oversized, index, header, "\(name) payload of \(payload) bytes exceeds the \(maximumPayload)-byte limit: skipped"))
        }
        return available(index) < header + payload ? .needMore : .command(make(), header + payload)
    }

    func unknown(_ index: Int) -> Step {
        let length = min(2, available(index))
        return .skip(length, diagnostic(.unknownCommand, index, length, "unknown command \(Self.name(of: pending[index..<(index + length)]))"))
    }
}
