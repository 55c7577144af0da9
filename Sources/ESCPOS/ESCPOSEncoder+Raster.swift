extension ESCPOSEncoder {
    /// Sends an image in the profile's raster command: `GS v 0` bands, or 24-dot `ESC *` lines.
    func encodeImage(_ image: RasterImage, alignment: Alignment, into writer: inout ESCPOSWriter) throws(ESCPOSError) {
        let dots = profile.paper.dotsPerLine
        guard image.width <= dots else {
            throw ESCPOSError(.imageTooWide, "image is \(image.width) dots wide; \(profile.id) prints \(dots)")
        }
        guard image.width > 0, image.height > 0 else { return }
        writer.resetCharacterStyle()
        writer.align(alignment)
        switch profile.raster.command {
        case .gsV0:
            let rowBytes = image.bytesPerRow
            var top = 0
            while top < image.height {
                let rows = min(profile.raster.bandRows, image.height - top)
                writer.append([
                    0x1D, 0x76, 0x30, 0, UInt8(rowBytes & 0xFF), UInt8(rowBytes >> 8), UInt8(rows & 0xFF), UInt8(rows >> 8),
                ])
                writer.append(Array(image.bytes[(top * rowBytes)..<((top + rows) * rowBytes)]))
                top += rows
            }
        case .escStar:
            encodeColumnBands(image, into: &writer)
        }
    }

    /// `ESC *` mode 33 (24-dot double density): each column is 3 bytes, top bit first; the line
    /// spacing is set to 24 dots so bands touch, then restored.
    private func encodeColumnBands(_ image: RasterImage, into writer: inout ESCPOSWriter) {
        writer.emit(0x1B, 0x33, 24)
        var top = 0
        while top < image.height {
            writer.append([0x1B, 0x2A, 33, UInt8(image.width & 0xFF), UInt8(image.width >> 8)])
            var column = [UInt8](repeating: 0, count: 3 * image.width)
            for x in 0..<image.width {
                for dy in 0..<24 where top + dy < image.height && image[x, top + dy] {
                    column[3 * x + dy / 8] |= 0x80 >> UInt8(dy % 8)
                }
            }
            writer.append(column)
            writer.append([0x0A])
            top += 24
        }
        writer.append([0x1B, 0x32])
    }
}
