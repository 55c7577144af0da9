extension ESCPOSParser {
    /// `0`–`2` and `48`–`50` mean the same for most one-byte parameters.
    private static func digit(_ value: UInt8) -> UInt8 { value >= 48 && value <= 57 ? value - 48 : value }

    func parseDLE(at index: Int) -> Step {
        guard available(index) >= 2 else { return .needMore }
        switch byte(index, 1) {
        case 0x04:
            guard available(index) >= 3 else { return .needMore }
            let n = byte(index, 2)
            if n == 7 || n == 8 { return fixed(index, 4) { .realtimeStatus(n) } }
            return .command(.realtimeStatus(n), 3)
        case 0x05:
            return fixed(index, 3) { .realtimeRequest(byte(index, 2)) }
        case 0x14:
            guard available(index) >= 3 else { return .needMore }
            switch byte(index, 2) {
            case 1: return fixed(index, 5) { .drawerPulse(pin: byte(index, 3), onTime: byte(index, 4)) }
            case 2: return fixed(index, 5) { .ignored("DLE DC4 2 (power off)") }
            case 7: return fixed(index, 4) { .ignored("DLE DC4 7 (buzzer)") }
            case 8: return fixed(index, 10) { .ignored("DLE DC4 8 (clear buffers)") }
            default:
                return .skip(3, diagnostic(.unknownCommand, index, 3, "unknown DLE DC4 function \(byte(index, 2))"))
            }
        default:
            return unknown(index)
        }
    }

    func parseESC(at index: Int) -> Step {
        guard available(index) >= 2 else { return .needMore }
        let n: () -> UInt8 = { byte(index, 2) }
        switch byte(index, 1) {
        case 0x40: return .command(.initialize, 2)  // @
        case 0x21: return fixed(index, 3) { .printMode(n()) }  // !
        case 0x2D: return fixed(index, 3) { .underline(Self.digit(n())) }  // -
        case 0x45, 0x47: return fixed(index, 3) { .emphasized(n() & 1 == 1) }  // E G
        case 0x4D: return fixed(index, 3) { .font(Self.digit(n())) }  // M
        case 0x61: return fixed(index, 3) { .alignment(Self.digit(n())) }  // a
        case 0x64: return fixed(index, 3) { .feedLines(Int(n())) }  // d
        case 0x4A: return fixed(index, 3) { .feedDots(Int(n())) }  // J
        case 0x65, 0x4B: return fixed(index, 3) { .reverseFeed(Int(n())) }  // e K
        case 0x32: return .command(.lineSpacing(nil), 2)  // 2
        case 0x33: return fixed(index, 3) { .lineSpacing(Int(n())) }  // 3
        case 0x74: return fixed(index, 3) { .selectCodePage(n()) }  // t
        case 0x52: return fixed(index, 3) { .internationalCharacterSet(n()) }  // R
        case 0x7B: return fixed(index, 3) { .upsideDown(n() & 1 == 1) }  // {
        case 0x56: return fixed(index, 3) { .rotate90(Self.digit(n()) != 0) }  // V
        case 0x20: return fixed(index, 3) { .rightSpacing(n()) }  // SP
        case 0x24: return fixed(index, 4) { .absolutePosition(word(index, 2)) }  // $
        case 0x5C: return fixed(index, 4) { .relativePosition(Int(Int16(truncatingIfNeeded: word(index, 2)))) }  // \
        case 0x42: return fixed(index, 4) { .buzzer(times: byte(index, 2), duration: byte(index, 3)) }  // B
        case 0x70: return fixed(index, 5) { .drawerPulse(pin: byte(index, 2), onTime: byte(index, 3)) }  // p
        case 0x4C: return .command(.pageMode(true), 2)  // L
        case 0x53: return .command(.pageMode(false), 2)  // S
        case 0x69: return .command(.cut(full: true, feedDots: nil), 2)  // i
        case 0x6D: return .command(.cut(full: false, feedDots: nil), 2)  // m
        case 0x3C: return .command(.ignored("ESC < (return home)"), 2)
        case 0x3D: return fixed(index, 3) { .ignored("ESC = (select peripheral)") }
        case 0x25: return fixed(index, 3) { .ignored("ESC % (user-defined characters)") }
        case 0x3F: return fixed(index, 3) { .ignored("ESC ? (cancel user-defined character)") }
        case 0x54: return fixed(index, 3) { .ignored("ESC T (page mode direction)") }
        case 0x57: return fixed(index, 10) { .ignored("ESC W (page mode area)") }
        case 0x72: return fixed(index, 3) { .ignored("ESC r (colour)") }
        case 0x55: return fixed(index, 3) { .ignored("ESC U (unidirectional printing)") }
        case 0x75: return fixed(index, 3) { .ignored("ESC u (peripheral status)") }
        case 0x76: return fixed(index, 3) { .ignored("ESC v (paper sensor status)") }
        case 0x63:  // c 3 / c 4 / c 5
            guard available(index) >= 3 else { return .needMore }
            guard [0x33, 0x34, 0x35].contains(byte(index, 2)) else { return unknown(index) }
            return fixed(index, 4) { .ignored("ESC c \(UnicodeScalar(byte(index, 2))) (panel and sensors)") }
        case 0x44: return tabPositions(at: index)  // D
        case 0x2A: return bitImage(at: index)  // *
        case 0x26: return userDefinedCharacters(at: index)  // &
        case 0x28:  // ( A …: pL pH and a payload
            guard available(index) >= 5 else { return .needMore }
            let function = byte(index, 2)
            return payload(index, header: 5, payload: word(index, 3)) {
                .ignored("ESC ( \(UnicodeScalar(function))" + (function == 0x41 ? " (buzzer)" : ""))
            }
        default:
            return unknown(index)
        }
    }

    private func tabPositions(at index: Int) -> Step {
        // Up to 32 stops then NUL.
        let limit = min(available(index), 2 + 33)
        var end = index + 2
        while end < index + limit, pending[end] != 0 { end += 1 }
        if end < index + limit { return .command(.tabPositions(slice(index, 2..<(end - index))), end - index + 1) }
        if limit < 2 + 33 { return .needMore }
        return .skip(2 + 33, diagnostic(.invalidParameter, index, 3, "ESC D with more than 32 tab stops"))
    }

    private func bitImage(at index: Int) -> Step {
        guard available(index) >= 5 else { return .needMore }
        let mode = byte(index, 2)
        let width = word(index, 3)
        let bytesPerColumn: Int
        switch mode {
        case 0, 1: bytesPerColumn = 1
        case 32, 33: bytesPerColumn = 3
        default:
            return .skip(3, diagnostic(.invalidParameter, index, 3, "ESC * mode \(mode) is not 0, 1, 32 or 33"))
        }
        return payload(index, header: 5, payload: width * bytesPerColumn) {
            .bitImage(mode: mode, width: width, data: slice(index, 5..<(5 + width * bytesPerColumn)))
        }
    }

    private func userDefinedCharacters(at index: Int) -> Step {
        guard available(index) >= 5 else { return .needMore }
        let height = Int(byte(index, 2))
        let first = Int(byte(index, 3))
        let last = Int(byte(index, 4))
        guard (1...3).contains(height), first <= last, first >= 32 else {
            return .skip(5, diagnostic(.invalidParameter, index, 5, "ESC & with y=\(height), c1=\(first), c2=\(last)"))
        }
        var position = index + 5
        for _ in first...last {
            guard position < pending.count else { return .needMore }
            position += 1 + height * Int(pending[position])
        }
        guard position <= pending.count else { return .needMore }
        return .command(.ignored("ESC & (define user characters)"), position - index)
    }

    func parseFS(at index: Int) -> Step {
        guard available(index) >= 2 else { return .needMore }
        switch byte(index, 1) {
        case 0x26: return .command(.kanjiMode(true), 2)  // &
        case 0x2E: return .command(.kanjiMode(false), 2)  // .
        case 0x21, 0x2D, 0x43, 0x57, 0x72:  // ! - C W r
            return fixed(index, 3) { .ignored("FS \(UnicodeScalar(byte(index, 1))) (Kanji settings)") }
        case 0x53: return fixed(index, 4) { .ignored("FS S (Kanji spacing)") }
        case 0x32: return fixed(index, 76) { .ignored("FS 2 (define user Kanji)") }
        case 0x70:  // p n m
            guard available(index) >= 4 else { return .needMore }
            return .skip(4, diagnostic(.unsupported, index, 4, "FS p: NV bit image \(byte(index, 2)) is not stored in the emulator"))
        case 0x71:  // q n [xL xH yL yH d…]…
            guard available(index) >= 3 else { return .needMore }
            var position = index + 3
            for _ in 0..<Int(byte(index, 2)) {
                guard position + 4 <= pending.count else { return .needMore }
                let widthBytes = word(position, 0)
                let height = word(position, 2)
                let size = widthBytes * height * 8
                if size > maximumPayload { return payload(index, header: position + 4 - index, payload: size) { .ignored("") } }
                position += 4 + size
            }
            guard position <= pending.count else { return .needMore }
            return .skip(position - index, diagnostic(.unsupported, index, 3, "FS q: defining NV bit images is not emulated"))
        case 0x28:
            guard available(index) >= 5 else { return .needMore }
            let function = byte(index, 2)
            return payload(index, header: 5, payload: word(index, 3)) { .ignored("FS ( \(UnicodeScalar(function))") }
        default:
            return unknown(index)
        }
    }
}
