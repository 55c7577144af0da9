/// A picture of printed paper: one byte per dot, 1 = black, at the printer's resolution.
public struct PaperImage: Sendable, Hashable {
    /// Width in dots (the whole roll).
    public let width: Int
    /// Height in dots.
    public let height: Int
    /// Dots per inch, written into the PNG so viewers show the real size.
    public let dpi: Int
    /// Row-major, `width × height` bytes.
    public let dots: [UInt8]

    /// A picture from its dots.
    public init(width: Int, height: Int, dpi: Int, dots: [UInt8]) {
        precondition(dots.count == width * height, "dots must be width × height")
        self.width = width
        self.height = height
        self.dpi = dpi
        self.dots = dots
    }

    /// Whether the dot at (`x`, `y`) is black.
    public subscript(x: Int, y: Int) -> Bool { dots[y * width + x] != 0 }

    /// Black dots in the whole picture (tests use it to see that something was drawn).
    public var blackDotCount: Int { dots.reduce(0) { $0 + Int($1) } }

    /// The picture as a 1-bit grayscale PNG.
    public func pngData() -> [UInt8] {
        PNGEncoder.encode(self)
    }
}

/// A strip of paper that grows as lines are printed.
struct PaperCanvas {
    let width: Int
    let maximumHeight: Int
    private(set) var height = 0
    private(set) var dots: [UInt8] = []
    /// Whether drawing was refused past `maximumHeight`.
    private(set) var overflowed = false

    init(width: Int, maximumHeight: Int) {
        self.width = width
        self.maximumHeight = maximumHeight
    }

    /// Makes the canvas at least `rows` tall (up to the maximum).
    mutating func extend(to rows: Int) {
        guard rows > height else { return }
        if rows > maximumHeight { overflowed = true }
        let target = min(rows, maximumHeight)
        guard target > height else { return }
        dots.append(contentsOf: [UInt8](repeating: 0, count: (target - height) * width))
        height = target
    }

    /// Sets a dot; outside the canvas is ignored (the caller reports clipping).
    mutating func set(_ x: Int, _ y: Int, _ black: Bool = true) {
        guard x >= 0, x < width, y >= 0, y < height else { return }
        dots[y * width + x] = black ? 1 : 0
    }

    mutating func fill(x: Int, y: Int, width fillWidth: Int, height fillHeight: Int, black: Bool = true) {
        let left = max(0, x)
        let right = min(width, x + fillWidth)
        let top = max(0, y)
        let bottom = min(height, y + fillHeight)
        // Content past the page limit (or of no size) is simply not drawn.
        guard left < right, top < bottom else { return }
        let value: UInt8 = black ? 1 : 0
        let canvasWidth = width
        // Plain loops: this runs per dot, and range iteration is slow in debug builds.
        dots.withUnsafeMutableBufferPointer { target in
            var row = top
            while row < bottom {
                var column = row * canvasWidth + left
                let end = row * canvasWidth + right
                while column < end {
                    target[column] = value
                    column += 1
                }
                row += 1
            }
        }
    }

    /// Copies the set dots of a 1-byte-per-dot bitmap, scaled by whole factors, in black (or
    /// in white, for reverse printing over a black cell).
    mutating func draw(
        _ bitmap: [UInt8], width bitmapWidth: Int, height bitmapHeight: Int, x: Int, y: Int,
        scaleX: Int = 1, scaleY: Int = 1, black: Bool = true
    ) {
        let value: UInt8 = black ? 1 : 0
        let canvasWidth = width
        let canvasHeight = height
        bitmap.withUnsafeBufferPointer { source in
            dots.withUnsafeMutableBufferPointer { target in
                var row = 0
                while row < bitmapHeight {
                    var dy = 0
                    while dy < scaleY {
                        let targetY = y + row * scaleY + dy
                        dy += 1
                        guard targetY >= 0, targetY < canvasHeight else { continue }
                        let base = targetY * canvasWidth
                        var column = 0
                        while column < bitmapWidth {
                            if source[row * bitmapWidth + column] != 0 {
                                var targetX = x + column * scaleX
                                let end = min(canvasWidth, targetX + scaleX)
                                targetX = max(0, targetX)
                                while targetX < end {
                                    target[base + targetX] = value
                                    targetX += 1
                                }
                            }
                            column += 1
                        }
                    }
                    row += 1
                }
            }
        }
    }

    func image(dpi: Int) -> PaperImage {
        PaperImage(width: width, height: height, dpi: dpi, dots: dots)
    }
}
