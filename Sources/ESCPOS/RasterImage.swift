public import Symbology

/// A 1-bit picture in printer dots, rows packed MSB first (the `GS v 0` layout).
public struct RasterImage: Sendable, Hashable {
    /// Width in dots.
    public let width: Int
    /// Height in dots.
    public let height: Int
    /// `(width + 7) / 8` bytes per row; bit 7 of byte 0 is the top-left dot; 1 = black.
    public private(set) var bytes: [UInt8]

    /// A white image.
    public init(width: Int, height: Int) {
        precondition(width >= 0 && height >= 0, "image size must not be negative")
        self.width = width
        self.height = height
        bytes = [UInt8](repeating: 0, count: (width + 7) / 8 * height)
    }

    /// An image from packed rows.
    public init(width: Int, height: Int, packedRows: [UInt8]) {
        precondition(packedRows.count == (width + 7) / 8 * height, "packed rows must be (width + 7) / 8 × height bytes")
        self.width = width
        self.height = height
        bytes = packedRows
    }

    /// Bytes per packed row.
    public var bytesPerRow: Int { (width + 7) / 8 }

    /// Whether the dot at (`x`, `y`) is black.
    public subscript(x: Int, y: Int) -> Bool {
        get { bytes[y * bytesPerRow + x / 8] & (0x80 >> UInt8(x % 8)) != 0 }
        set {
            let index = y * bytesPerRow + x / 8
            let mask: UInt8 = 0x80 >> UInt8(x % 8)
            bytes[index] = newValue ? bytes[index] | mask : bytes[index] & ~mask
        }
    }

    /// A symbol drawn with `moduleWidth` dots per module across and `moduleHeight` down
    /// (linear symbols: one row stretched to the bar height).
    public init(matrix: BitMatrix, moduleWidth: Int, moduleHeight: Int) {
        self.init(width: matrix.width * moduleWidth, height: matrix.height * moduleHeight)
        var row = [UInt8](repeating: 0, count: bytesPerRow)
        for y in 0..<matrix.height {
            for index in row.indices { row[index] = 0 }
            for x in 0..<matrix.width where matrix[x, y] {
                for dot in (x * moduleWidth)..<((x + 1) * moduleWidth) {
                    row[dot / 8] |= 0x80 >> UInt8(dot % 8)
                }
            }
            for line in (y * moduleHeight)..<((y + 1) * moduleHeight) {
                bytes.replaceSubrange((line * bytesPerRow)..<((line + 1) * bytesPerRow), with: row)
            }
        }
    }

    /// Rows `range` as their own image (a `GS v 0` band).
    public func rows(_ range: Range<Int>) -> RasterImage {
        RasterImage(
            width: width, height: range.count,
            packedRows: Array(bytes[(range.lowerBound * bytesPerRow)..<(range.upperBound * bytesPerRow)]))
    }

    /// Whether no dot is black.
    public var isBlank: Bool { bytes.allSatisfy { $0 == 0 } }
}
