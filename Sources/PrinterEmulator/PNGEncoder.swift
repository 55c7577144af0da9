import CZlib

/// Writes 1-bit grayscale PNGs (white paper, black dots) with zlib.
enum PNGEncoder {
    static func encode(_ image: PaperImage) -> [UInt8] {
        let rowBytes = (image.width + 7) / 8
        // Each scanline: filter type 0, then dots packed MSB first, 1 = white.
        var raw = [UInt8](repeating: 0, count: (rowBytes + 1) * image.height)
        let width = image.width
        // Plain loops: this runs per dot, and range iteration is slow in debug builds.
        image.dots.withUnsafeBufferPointer { dots in
            raw.withUnsafeMutableBufferPointer { raw in
                var y = 0
                while y < image.height {
                    let base = y * (rowBytes + 1)
                    let row = y * width
                    var x = 0
                    while x < width {
                        if dots[row + x] == 0 { raw[base + 1 + x >> 3] |= 0x80 >> UInt8(x & 7) }
                        x += 1
                    }
                    if width & 7 != 0 { raw[base + rowBytes] |= 0xFF >> UInt8(width & 7) }  // padding bits white
                    y += 1
                }
            }
        }
        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        var header: [UInt8] = []
        header.appendBigEndian(UInt32(image.width))
        header.appendBigEndian(UInt32(image.height))
        header += [1, 0, 0, 0, 0]  // bit depth 1, grayscale, deflate, no filter set, no interlace
        appendChunk("IHDR", header, to: &png)
        var physical: [UInt8] = []
        let perMetre = UInt32((Double(image.dpi) / 0.0254).rounded())
        physical.appendBigEndian(perMetre)
        physical.appendBigEndian(perMetre)
        physical.append(1)  // unit: metre
        appendChunk("pHYs", physical, to: &png)
        appendChunk("IDAT", deflate(raw), to: &png)
        appendChunk("IEND", [], to: &png)
        return png
    }

    private static func appendChunk(_ type: String, _ data: [UInt8], to png: inout [UInt8]) {
        png.appendBigEndian(UInt32(data.count))
        let typeAndData = Array(type.utf8) + data
        png += typeAndData
        let crc = typeAndData.withUnsafeBufferPointer { crc32(0, $0.baseAddress, uInt($0.count)) }
        png.appendBigEndian(UInt32(truncatingIfNeeded: crc))
    }

    /// zlib stream (RFC 1950), as PNG's IDAT wants. compress2 fails only on memory exhaustion,
    /// in which case the data goes out uncompressed in stored blocks.
    private static func deflate(_ data: [UInt8]) -> [UInt8] {
        var length = compressBound(uLong(data.count))
        var output = [UInt8](repeating: 0, count: Int(length))
        let status = output.withUnsafeMutableBufferPointer { out in
            data.withUnsafeBufferPointer { input in
                compress2(out.baseAddress, &length, input.baseAddress, uLong(input.count), 6)
            }
        }
        if status == Z_OK { return Array(output.prefix(Int(length))) }
        return storedZlib(data)
    }

    private static func storedZlib(_ data: [UInt8]) -> [UInt8] {
        var result: [UInt8] = [0x78, 0x01]
        var offset = 0
        repeat {
            let count = min(65535, data.count - offset)
            let last: UInt8 = offset + count == data.count ? 1 : 0
            result += [last, UInt8(count & 0xFF), UInt8(count >> 8), UInt8(~count & 0xFF), UInt8((~count >> 8) & 0xFF)]
            result += data[offset..<(offset + count)]
            offset += count
        } while offset < data.count
        let checksum = data.withUnsafeBufferPointer { adler32(1, $0.baseAddress, uInt($0.count)) }
        result.appendBigEndian(UInt32(truncatingIfNeeded: checksum))
        return result
    }
}

extension [UInt8] {
    mutating func appendBigEndian(_ value: UInt32) {
        append(contentsOf: [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)])
    }
}
