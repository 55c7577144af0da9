/// Turns text into code page bytes and breaks it into printer lines.
///
/// Wrapping happens after encoding, on bytes: in a single-byte code page one byte is one
/// column, so a stand-in like "EUR" takes the width it really prints at.
enum TextWrapper {
    /// The scalar starting at `index` of valid UTF-8, and its length in bytes.
    static func decode(_ utf8: UnsafeBufferPointer<UInt8>, at index: Int) -> (Unicode.Scalar, Int) {
        let lead = UInt32(utf8[index])
        func continuation(_ offset: Int) -> UInt32 { UInt32(utf8[index + offset] & 0x3F) }
        let value: UInt32
        let length: Int
        switch lead {
        case 0..<0x80: value = lead; length = 1
        case 0xC0..<0xE0: value = (lead & 0x1F) << 6 | continuation(1); length = 2
        case 0xE0..<0xF0: value = (lead & 0x0F) << 12 | continuation(1) << 6 | continuation(2); length = 3
        default: value = (lead & 0x07) << 18 | continuation(1) << 12 | continuation(2) << 6 | continuation(3); length = 4
        }
        return (Unicode.Scalar(value) ?? "\u{FFFD}", length)
    }

    /// The length of the line break at `index` (CR LF counts as one), or nil.
    static func lineBreak(_ utf8: UnsafeBufferPointer<UInt8>, at index: Int, scalar: Unicode.Scalar) -> Int? {
        switch scalar.value {
        case 0x0D: index + 1 < utf8.count && utf8[index + 1] == 0x0A ? 2 : 1
        case 0x0A, 0x0B, 0x0C: 1
        case 0x85: 2
        case 0x2028, 0x2029: 3
        default: nil
        }
    }

    /// Scalars that attach to the one before: combining marks, joiners, variation selectors,
    /// emoji skin tones.
    static func isCombining(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0..<0x0300, 0x0370..<0x0483, 0x2000..<0x20D0, 0x2100..<0x2CEF: false  // Latin, Greek, punctuation, symbols
        case 0x0300...0x036F, 0x1AB0...0x1AFF, 0x1DC0...0x1DFF, 0x20D0...0x20FF, 0xFE20...0xFE2F: true
        case 0x200D, 0xFE00...0xFE0F, 0x1F3FB...0x1F3FF, 0xE0020...0xE007F: true
        default: scalar.properties.generalCategory == .nonspacingMark || scalar.properties.generalCategory == .spacingMark
        }
    }

    /// Appends to `lines` the ranges of `range` in `bytes` that make lines of at most `columns`
    /// bytes, balanced: as many lines as greedy wrapping needs, but as even as they can be, so
    /// no word ("E.S.P.", "turno") is left alone on the last line. Breaks at spaces where
    /// possible, hard-splits a word longer than the line; spaces at a break are dropped, a
    /// paragraph's leading indent is kept, an empty paragraph is one empty line.
    static func wrap(_ bytes: [UInt8], _ range: Range<Int>, columns: Int, into lines: inout [Range<Int>]) {
        let columns = max(1, columns)
        var width = columns
        let count = greedy(bytes, range, width: columns) { _ in }
        if count > 1, longestWord(bytes, range) <= columns {
            // The narrowest width that still needs no more lines (line count only falls as the
            // width grows, so a binary search finds it).
            var low = longestWord(bytes, range)
            var high = columns
            while low < high {
                let middle = (low + high) / 2
                if greedy(bytes, range, width: middle, { _ in }) <= count { high = middle } else { low = middle + 1 }
            }
            width = low
        }
        _ = greedy(bytes, range, width: width) { lines.append($0) }
    }

    /// Greedy wrapping at `width`: hands each line to `emit`, returns how many there were.
    @discardableResult
    private static func greedy(_ bytes: [UInt8], _ range: Range<Int>, width: Int, _ emit: (Range<Int>) -> Void) -> Int {
        let space = UInt8(ascii: " ")
        func trimmedEnd(_ start: Int, _ end: Int) -> Int {
            var end = end
            while end > start, bytes[end - 1] == space { end -= 1 }
            return end
        }
        var count = 0
        var start = range.lowerBound
        while true {
            count += 1
            if range.upperBound - start <= width {
                emit(start..<trimmedEnd(start, range.upperBound))
                return count
            }
            var breakAt = start + width
            while breakAt > start, bytes[breakAt] != space { breakAt -= 1 }
            if breakAt > start, trimmedEnd(start, breakAt) > start {
                emit(start..<trimmedEnd(start, breakAt))
                start = breakAt
            } else {
                emit(start..<(start + width))
                start += width
            }
            while start < range.upperBound, bytes[start] == space { start += 1 }
            if start == range.upperBound { return count }
        }
    }

    /// The longest run of non-spaces in `range` (a paragraph's leading indent counts with its
    /// first word, since it stays on the first line).
    static func longestWord(_ bytes: [UInt8], _ range: Range<Int>) -> Int {
        var longest = 0
        var current = 0
        var leading = true
        for index in range {
            if bytes[index] == UInt8(ascii: " ") && !leading {
                current = 0
            } else {
                if bytes[index] != UInt8(ascii: " ") { leading = false }
                current += 1
                longest = max(longest, current)
            }
        }
        return longest
    }

    /// Line ranges of a whole byte array (tests and one-off callers).
    static func wrap(_ bytes: [UInt8], columns: Int) -> [Range<Int>] {
        var lines: [Range<Int>] = []
        wrap(bytes, 0..<bytes.count, columns: columns, into: &lines)
        return lines
    }
}
