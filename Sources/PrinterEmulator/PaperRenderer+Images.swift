import ESCPOS

extension PaperRenderer {
    /// Draws a block of pixels at the start of a line, aligned like text, and advances past it.
    mutating func drawBlock(_ dots: [UInt8], width: Int, height: Int, event: ParsedEvent, label: String) {
        if !items.isEmpty { printLine(recordText: true) }
        var dots = dots
        var width = width
        if width > areaWidth {
            report(.clipped, event, "\(label) is \(width) dots wide, the print area \(areaWidth): right side cut off")
            dots = (0..<height).flatMap { row in dots[(row * width)..<(row * width + areaWidth)] }
            width = areaWidth
        }
        let free = areaWidth - width
        let x = areaLeft + (state.alignment == 1 ? free / 2 : state.alignment == 2 ? free : 0)
        canvas.extend(to: cursorY + height)
        canvas.draw(dots, width: width, height: height, x: x, y: cursorY)
        if label == "image" { noteImage(width: width, height: height, top: cursorY) }
        cursorY += height
        hasContent = true
    }

    /// Adds "[image W×H]" to the transcript, growing the previous marker when this block
    /// continues it (images arrive in bands).
    mutating func noteImage(width: Int, height: Int, top: Int) {
        if let last = lastImage, last.width == width, last.bottom == top {
            transcript[last.index] = placed("[image \(width)×\(last.height + height)]", widthDots: width)
            lastImage = (last.index, width, last.height + height, top + height)
        } else {
            transcript.append(placed("[image \(width)×\(height)]", widthDots: width))
            lastImage = (transcript.count - 1, width, height, top + height)
        }
    }

    /// `GS v 0` (and stored graphics): packed rows, MSB first, optionally doubled.
    ///
    /// Only what lands on paper is allocated: columns past the print area and rows past the
    /// page limit are dropped first, so a hostile header cannot ask for gigabytes.
    mutating func drawRaster(packedRows: [UInt8], widthBytes: Int, height: Int, scaleX: Int, scaleY: Int, event: ParsedEvent) {
        guard widthBytes > 0, height > 0 else { return }
        let fullWidth = widthBytes * 8 * scaleX
        let width = min(fullWidth, areaWidth)
        if width < fullWidth {
            report(.clipped, event, "image is \(fullWidth) dots wide, the print area \(areaWidth): right side cut off")
        }
        let rows = min(height, max(0, (Self.maximumRows - cursorY) / scaleY + 1))
        guard width > 0, rows > 0 else { return }
        var dots = [UInt8](repeating: 0, count: width * rows * scaleY)
        for y in 0..<rows {
            for byteIndex in 0..<widthBytes where byteIndex * 8 * scaleX < width {
                let index = y * widthBytes + byteIndex
                guard index < packedRows.count else { continue }
                let value = packedRows[index]
                guard value != 0 else { continue }
                for bit in 0..<8 where value & (0x80 >> UInt8(bit)) != 0 {
                    let x = (byteIndex * 8 + bit) * scaleX
                    for dy in 0..<scaleY {
                        for dx in 0..<scaleX where x + dx < width {
                            dots[(y * scaleY + dy) * width + x + dx] = 1
                        }
                    }
                }
            }
        }
        drawBlock(dots, width: width, height: rows * scaleY, event: event, label: "image")
    }

    mutating func printStoredGraphic(_ event: ParsedEvent) {
        guard let graphic = state.graphic else {
            report(.invalidParameter, event, "GS ( L print: no graphic stored")
            return
        }
        let widthBytes = (graphic.width + 7) / 8
        guard graphic.packedRows.count >= widthBytes * graphic.height else {
            report(.invalidParameter, event, "GS ( L graphic data shorter than \(graphic.width)×\(graphic.height)")
            return
        }
        drawRaster(packedRows: graphic.packedRows, widthBytes: widthBytes, height: graphic.height, scaleX: graphic.scaleX, scaleY: graphic.scaleY, event: event)
    }

    /// `ESC *`: one band of column-format image, placed in the line buffer like a character.
    mutating func addBitImage(mode: UInt8, width: Int, data: [UInt8], event: ParsedEvent) {
        guard width > 0 else { return }
        let tall = mode >= 32
        let bytesPerColumn = tall ? 3 : 1
        let scaleX = mode == 0 || mode == 32 ? 2 : 1
        // 8-dot modes use a third of the vertical density: each dot is three rows tall.
        let scaleY = tall ? 1 : 3
        let columns = min(width, max(0, (areaWidth - lineX) / scaleX))
        if columns < width {
            report(.clipped, event, "ESC * image of \(width) columns passes the end of the line: \(width - columns) cut off")
        }
        let bitmapWidth = columns * scaleX
        let bitmapHeight = 8 * bytesPerColumn * scaleY
        guard bitmapWidth > 0 else { return }
        var dots = [UInt8](repeating: 0, count: bitmapWidth * bitmapHeight)
        for column in 0..<columns {
            for byteIndex in 0..<bytesPerColumn {
                let value = data[column * bytesPerColumn + byteIndex]
                for bit in 0..<8 where value & (0x80 >> UInt8(bit)) != 0 {
                    let y = (byteIndex * 8 + bit) * scaleY
                    for dy in 0..<scaleY {
                        for dx in 0..<scaleX { dots[(y + dy) * bitmapWidth + column * scaleX + dx] = 1 }
                    }
                }
            }
        }
        items.append(.bitmap(dots, x: lineX, width: bitmapWidth, height: bitmapHeight))
        lineX += bitmapWidth
    }
}
