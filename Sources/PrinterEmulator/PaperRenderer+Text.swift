import ESCPOS

extension PaperRenderer {
    /// The profile font an `ESC M` number selects (font C and beyond fall back to B).
    var currentFont: PrinterProfile.Font {
        profile.font(state.font == 0 ? .a : .b)
    }

    mutating func addText(_ bytes: [UInt8]) {
        for byte in bytes {
            if state.kanjiMode, byte >= 0x80 || kanjiLead != nil {
                // A clone in Kanji mode reads two bytes as one GB18030 character: accents sent
                // without `FS .` come out as Chinese, shown here as a wide replacement mark.
                if kanjiLead == nil {
                    kanjiLead = byte
                    continue
                }
                kanjiLead = nil
                addGlyph("\u{FFFD}", wide: true)
                continue
            }
            addGlyph(state.codePage.character(for: byte) ?? "\u{FFFD}", wide: false)
        }
    }

    mutating func addGlyph(_ scalar: Unicode.Scalar, wide: Bool) {
        let font = currentFont
        let cellWidth = font.widthDots * (wide ? 2 : 1)
        let advance = (cellWidth + state.rightSpacing) * state.widthScale
        if lineX + advance > areaWidth, !items.isEmpty {
            printLine(recordText: true)  // the printer wraps a full line by itself
        }
        let glyph = rasterizer.glyph(scalar, width: cellWidth, height: font.heightDots, bold: state.bold)
        items.append(
            .glyph(
                glyph, x: lineX, scaleX: state.widthScale, scaleY: state.heightScale, cellWidth: advance,
                invert: state.reverse, underline: state.underline))
        lineX += advance
        lineText.append(scalar)
    }

    mutating func tab() {
        let unit = (currentFont.widthDots + state.rightSpacing) * state.widthScale
        guard let stop = state.tabStops.first(where: { $0 * unit > lineX }), stop * unit <= areaWidth else { return }
        let spaces = (stop * unit - lineX + unit - 1) / unit
        lineText.append(contentsOf: repeatElement(" " as Unicode.Scalar, count: spaces))
        lineX = stop * unit
    }

    /// Prints the line buffer and advances by the line spacing (or the tallest item).
    ///
    /// - Parameters:
    ///   - recordText: whether the line counts as a text line (LF, not an image-only band).
    ///   - minimumAdvance: for `ESC J n`, the feed asked for.
    mutating func printLine(recordText: Bool, minimumAdvance: Int? = nil) {
        let contentHeight = items.map(\.height).max() ?? 0
        let advance = max(minimumAdvance ?? lineSpacing, contentHeight)
        let lineWidth = min(lineX, areaWidth)
        let free = max(0, areaWidth - lineWidth)
        let offset = state.alignment == 1 ? free / 2 : state.alignment == 2 ? free : 0
        let left = areaLeft + offset
        canvas.extend(to: cursorY + advance)
        var hasText = false
        for item in items {
            let top = cursorY + contentHeight - item.height
            switch item {
            case .glyph(let glyph, let x, let scaleX, let scaleY, let cellWidth, let invert, let underline):
                hasText = true
                if invert { canvas.fill(x: left + x, y: top, width: cellWidth, height: glyph.height * scaleY) }
                canvas.draw(glyph.dots, width: glyph.width, height: glyph.height, x: left + x, y: top, scaleX: scaleX, scaleY: scaleY, black: !invert)
                if underline > 0 {
                    canvas.fill(x: left + x, y: top + glyph.height * scaleY - Int(underline), width: cellWidth, height: Int(underline), black: !invert)
                }
            case .bitmap(let dots, let x, let width, let height):
                canvas.draw(dots, width: width, height: height, x: left + x, y: top)
            }
        }
        if !hasText, !items.isEmpty {
            noteImage(width: lineWidth, height: contentHeight, top: cursorY)
        } else if hasText || recordText {
            let text = String(lineText)
            textLines.append(text)
            transcript.append(placed(text, widthDots: lineWidth, scale: state.widthScale))
            lastImage = nil
        }
        if !items.isEmpty { hasContent = true }
        cursorY += advance
        items.removeAll(keepingCapacity: true)
        lineX = 0
        lineText.removeAll()
    }

    /// A transcript line placed where its content sits on the paper: `widthDots` wide, aligned
    /// like the printer aligns it, measured in font A columns.
    func placed(_ text: String, widthDots: Int, scale: Int = 1) -> String {
        let free = max(0, areaWidth - widthDots)
        let offset = state.alignment == 1 ? free / 2 : state.alignment == 2 ? free : 0
        let padding = offset / max(1, profile.fontA.widthDots)
        let spaced = scale > 1 ? text.unicodeScalars.map { String($0) }.joined(separator: String(repeating: " ", count: scale - 1)) : text
        return String(repeating: " ", count: padding) + spaced
    }
}
