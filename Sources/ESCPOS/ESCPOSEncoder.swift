/// Turns a `Document` into the ESC/POS bytes for one printer profile.
///
/// Text is wrapped to the profile's columns and encoded in its one code page (transliterating
/// what the page lacks, never dropping it); barcodes and QR codes use the firmware when the
/// profile says it can and they fit, raster otherwise; every job starts with `ESC @` `ESC t n`.
public struct ESCPOSEncoder: Sendable {
    /// The printer the bytes are for.
    public let profile: PrinterProfile
    /// Font cell widths and column limits, looked up once instead of per text element.
    private let fontA: (widthDots: Int, columns: Int)
    private let fontB: (widthDots: Int, columns: Int)

    /// An encoder for one printer profile.
    public init(profile: PrinterProfile) {
        self.profile = profile
        let a = profile.font(.a)
        let b = profile.font(.b)
        fontA = (a.widthDots, a.columns)
        fontB = (b.widthDots, b.columns)
    }

    /// `TextStyle.columns(on:)` without the font search.
    func columns(for style: TextStyle) -> Int {
        let font = style.font == .a ? fontA : fontB
        let byDots = profile.paper.dotsPerLine / (font.widthDots * style.widthScale)
        return max(1, min(byDots, font.columns / style.widthScale))
    }

    /// Encodes the document.
    ///
    /// - Throws: `ESCPOSError` for a barcode that cannot be printed whole (too wide with
    ///   rotation refused, bad data), a QR too large, or an image wider than the paper.
    public func encode(_ document: Document) throws(ESCPOSError) -> EncodedDocument {
        var writer = ESCPOSWriter()
        writer.initialize(profile: profile)
        for element in document.elements {
            try encode(element, into: &writer)
        }
        return EncodedDocument(
            bytes: writer.bytes, notes: writer.notes, codePage: profile.codePage.name,
            textLineRanges: writer.textLineRanges)
    }

    private func encode(_ element: Document.Element, into writer: inout ESCPOSWriter) throws(ESCPOSError) {
        switch element {
        case .text(let text, let style):
            writer.setStyle(style)
            writer.printText(text, codePage: profile.codePage.name, columns: columns(for: style))
        case .columns(let left, let right, var style):
            style.alignment = .left
            writer.setStyle(style)
            encodeColumns(left: left, right: right, columns: columns(for: style), into: &writer)
        case .separator(let character, let style):
            writer.setStyle(style)
            let unit = writer.encodeLine(String(character), codePage: profile.codePage.name)
            let columns = columns(for: style)
            var line: [UInt8]
            if unit.count == 1 {
                line = [UInt8](repeating: unit[0], count: columns)
            } else {
                line = []
                while !unit.isEmpty, line.count + unit.count <= columns { line.append(contentsOf: unit) }
            }
            writer.line(line[...])
        case .feed(let lines):
            writer.feedLines(lines)
        case .barcode(let barcode):
            try encodeBarcode(barcode, into: &writer)
        case .qrCode(let qrCode):
            try encodeQRCode(qrCode, into: &writer)
        case .image(let image, let alignment):
            try encodeImage(image, alignment: alignment, into: &writer)
        case .cut(let kind):
            encodeCut(kind, into: &writer)
        case .buzzer(let times):
            encodeBuzzer(times: times, into: &writer)
        }
    }

    /// Left text, then the right text flush right. When both do not fit on one line the right
    /// text wraps (balanced) beside the left and stays flush right, so a label ("Titular") is
    /// never left alone above its value; only a left text too wide for that wraps by itself.
    private func encodeColumns(left: String, right: String, columns: Int, into writer: inout ESCPOSWriter) {
        let codePage = profile.codePage.name
        let leftBytes = writer.encodeLine(left, codePage: codePage)
        let rightBytes = writer.encodeLine(right, codePage: codePage)
        func flushRight(_ prefix: [UInt8], _ value: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
            (prefix + [UInt8](repeating: 0x20, count: max(prefix.isEmpty ? 0 : 1, columns - prefix.count - value.count)) + value)[...]
        }
        if leftBytes.count + 1 + rightBytes.count <= columns {
            writer.line(flushRight(leftBytes, rightBytes[...]))
            return
        }
        let room = columns - leftBytes.count - 1
        let rightRange = 0..<rightBytes.count
        if room >= max(6, columns / 3), TextWrapper.longestWord(rightBytes, rightRange) <= room {
            var parts: [Range<Int>] = []
            TextWrapper.wrap(rightBytes, rightRange, columns: room, into: &parts)
            for (index, part) in parts.enumerated() {
                writer.line(flushRight(index == 0 ? leftBytes : [], rightBytes[part]))
            }
            return
        }
        var leftLines: [Range<Int>] = []
        TextWrapper.wrap(leftBytes, 0..<leftBytes.count, columns: columns, into: &leftLines)
        var rightLines: [Range<Int>] = []
        TextWrapper.wrap(rightBytes, rightRange, columns: columns, into: &rightLines)
        let last = leftLines.removeLast()
        for range in leftLines { writer.line(leftBytes[range]) }
        if let first = rightLines.first, last.count + 1 + first.count <= columns {
            writer.line(flushRight(Array(leftBytes[last]), rightBytes[first]))
            rightLines.removeFirst()
        } else {
            writer.line(leftBytes[last])
        }
        for range in rightLines { writer.line(flushRight([], rightBytes[range])) }
    }

    private func encodeCut(_ kind: Document.CutKind, into writer: inout ESCPOSWriter) {
        let cutter = profile.cutter
        writer.feedLines(cutter.feedLines)
        guard cutter.present else { return }  // tear bar: the feed is all there is
        var full = kind == .full
        if full, !cutter.full {
            full = false
            writer.note(.skipped("full cut", reason: "the cutter only cuts partially"))
        } else if !full, !cutter.partial {
            full = true
        }
        switch cutter.command {
        case .feedAndCut: writer.emit(0x1D, 0x56, full ? 65 : 66, 0)
        case .feedThenCut: writer.emit(0x1D, 0x56, full ? 0 : 1)
        }
    }

    private func encodeBuzzer(times: Int, into writer: inout ESCPOSWriter) {
        guard let buzzer = profile.buzzer else {
            writer.note(.skipped("buzzer", reason: "profile \(profile.id) has no buzzer"))
            return
        }
        let times = min(9, max(1, times))
        switch buzzer.command {
        case .escB:
            writer.emit(0x1B, 0x42, UInt8(times), UInt8(buzzer.duration))
        case .drawerPulse:
            for _ in 0..<times { writer.append([0x1B, 0x70, 0, UInt8(buzzer.duration), UInt8(buzzer.duration)]) }
        }
    }
}
