/// A grid of barcode modules (dark or light), as produced by a symbol encoder.
///
/// Linear symbols (CODE128, GS1-128) have one row; the caller decides the bar height.
/// Quiet zones are not included: the printer adds them as margins.
public struct BitMatrix: Sendable, Hashable, CustomStringConvertible {
    /// Modules across.
    public let width: Int
    /// Modules down (1 for linear symbols).
    public let height: Int
    /// Row-major, one byte per module: 1 dark, 0 light.
    public private(set) var modules: [UInt8]

    /// A light matrix of the given size.
    public init(width: Int, height: Int) {
        precondition(width >= 0 && height >= 0, "matrix size must not be negative")
        self.width = width
        self.height = height
        modules = [UInt8](repeating: 0, count: width * height)
    }

    /// A matrix from row-major module values (non-zero = dark).
    public init(width: Int, height: Int, modules: [UInt8]) {
        precondition(modules.count == width * height, "module count must be width × height")
        self.width = width
        self.height = height
        self.modules = modules.map { $0 == 0 ? 0 : 1 }
    }

    /// Whether the module at column `x`, row `y` is dark.
    public subscript(x: Int, y: Int) -> Bool {
        get { modules[y * width + x] != 0 }
        set { modules[y * width + x] = newValue ? 1 : 0 }
    }

    /// The matrix turned 90° clockwise: rows become columns.
    ///
    /// A linear symbol rotated this way runs down the paper, which is how a barcode wider than
    /// the paper is still printed whole.
    public func rotatedClockwise() -> BitMatrix {
        var rotated = BitMatrix(width: height, height: width)
        for y in 0..<height {
            for x in 0..<width where self[x, y] {
                rotated[height - 1 - y, x] = true
            }
        }
        return rotated
    }

    /// The number of dark modules (handy in tests).
    public var darkCount: Int { modules.reduce(0) { $0 + Int($1) } }

    /// Rows of `#` and `.`, for debugging and test failure messages.
    public var description: String {
        var lines: [String] = []
        lines.reserveCapacity(height)
        for y in 0..<height {
            var line = ""
            for x in 0..<width { line.append(self[x, y] ? "#" : ".") }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }
}
