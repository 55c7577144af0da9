extension ESCPOSWriter {
    /// Encodes `text` and prints it wrapped to `columns`, one printer line per range.
    ///
    /// Uses the writer's scratch buffers, so a ticket's text costs no allocation per paragraph.
    mutating func printText(_ text: String, codePage: CodePage, columns: Int) {
        encode(text, codePage: codePage)
        lineScratch.removeAll(keepingCapacity: true)
        var start = 0
        for end in paragraphEnds {
            TextWrapper.wrap(scratch, start..<end, columns: columns, into: &lineScratch)
            start = end
        }
        for range in lineScratch {
            line(scratch[range])
        }
    }

    /// The bytes of `text` on one line (line breaks become spaces).
    mutating func encodeLine(_ text: String, codePage: CodePage) -> [UInt8] {
        encode(text, codePage: codePage)
        guard paragraphEnds.count > 1 else { return scratch }
        var bytes: [UInt8] = []
        var start = 0
        for end in paragraphEnds {
            if start > 0 { bytes.append(0x20) }
            bytes += scratch[start..<end]
            start = end
        }
        return bytes
    }

    /// Fills `scratch` with the code page bytes of `text` and `paragraphEnds` with where each
    /// paragraph ends (LF, CR, CR LF, VT, FF, NEL, LS, PS split paragraphs).
    ///
    /// One pass over the UTF-8 bytes; a scalar followed by combining marks is one character, so
    /// "o" + U+0301 prints as "ó"; what the code page lacks is transliterated and noted.
    private mutating func encode(_ text: String, codePage: CodePage) {
        scratch.removeAll(keepingCapacity: true)
        paragraphEnds.removeAll(keepingCapacity: true)
        var text = text
        text.withUTF8 { utf8 in
            scratch.reserveCapacity(utf8.count)
            var index = 0
            while index < utf8.count {
                // Runs of printable ASCII are copied in one go: the common case.
                var runEnd = index
                while runEnd < utf8.count, utf8[runEnd] >= 0x20, utf8[runEnd] < 0x7F { runEnd += 1 }
                if runEnd > index {
                    var copyEnd = runEnd
                    // A combining mark after the run belongs to its last letter: that one goes slowly.
                    if runEnd < utf8.count, utf8[runEnd] >= 0x80, TextWrapper.isCombining(TextWrapper.decode(utf8, at: runEnd).0) {
                        copyEnd -= 1
                    }
                    scratch.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[index..<copyEnd]))
                    index = copyEnd
                    if copyEnd == runEnd { continue }
                }
                let (scalar, length) = TextWrapper.decode(utf8, at: index)
                if let breakLength = TextWrapper.lineBreak(utf8, at: index, scalar: scalar) {
                    paragraphEnds.append(scratch.count)
                    index += breakLength
                    continue
                }
                var end = index + length
                while end < utf8.count, utf8[end] >= 0x80 {
                    let (following, followingLength) = TextWrapper.decode(utf8, at: end)
                    guard TextWrapper.isCombining(following) else { break }
                    end += followingLength
                }
                if end == index + length, scalar.value >= 0x20, let byte = codePage.byte(for: scalar) {
                    scratch.append(byte)
                } else if end == index + length, let replacement = codePage.replacement(for: scalar) {
                    scratch.append(contentsOf: replacement)
                    if !notedScalars.contains(scalar.value) {
                        notedScalars.append(scalar.value)
                        note(.transliterated(String(scalar), to: codePage.decode(replacement)))
                    }
                } else {
                    let character = Character(String(decoding: UnsafeBufferPointer(rebasing: utf8[index..<end]), as: UTF8.self))
                    appendSlowly(character, codePage: codePage)
                }
                index = end
            }
        }
        paragraphEnds.append(scratch.count)
    }

    /// Composition, transliteration and notes, for characters off the fast path.
    private mutating func appendSlowly(_ character: Character, codePage: CodePage) {
        let encoded = codePage.encode(character)
        switch encoded.kind {
        case .exact: break
        case .transliterated:
            note(.transliterated(String(character), to: codePage.decode(encoded.bytes)))
        case .unrepresentable:
            note(.unrepresentable(String(character)))
        }
        scratch.append(contentsOf: encoded.bytes)
    }
}
