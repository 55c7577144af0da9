import Foundation
import TerminalFront

/// A screen grabbed by `grim -t ppm`: 8-bit RGB pixels.
struct Screenshot {
    let width: Int
    let height: Int
    private let pixels: [UInt8]

    struct Unreadable: Error, CustomStringConvertible { var description: String }

    /// Parses a binary PPM (P6, maxval 255).
    init(ppm data: Data) throws {
        let bytes = [UInt8](data)
        var index = 0
        func token() throws -> String {
            while index < bytes.count, bytes[index] == 0x23 || [0x20, 0x0A, 0x0D, 0x09].contains(bytes[index]) {
                if bytes[index] == 0x23 { while index < bytes.count, bytes[index] != 0x0A { index += 1 } } else { index += 1 }
            }
            let start = index
            while index < bytes.count, ![0x20, 0x0A, 0x0D, 0x09].contains(bytes[index]) { index += 1 }
            return String(decoding: bytes[start..<index], as: UTF8.self)
        }
        guard try token() == "P6", let width = Int(try token()), let height = Int(try token()), try token() == "255" else {
            throw Unreadable(description: "not an 8-bit binary PPM")
        }
        index += 1
        guard bytes.count - index >= width * height * 3 else { throw Unreadable(description: "PPM shorter than \(width)×\(height)") }
        self.width = width
        self.height = height
        pixels = Array(bytes[index..<(index + width * height * 3)])
    }

    /// The colour at (x, y) as 0xRRGGBB.
    func color(_ x: Int, _ y: Int) -> UInt32 {
        let offset = (y * width + x) * 3
        return UInt32(pixels[offset]) << 16 | UInt32(pixels[offset + 1]) << 8 | UInt32(pixels[offset + 2])
    }

    /// The most frequent colour: the terminal's background.
    var background: UInt32 {
        var counts: [UInt32: Int] = [:]
        for y in stride(from: 0, to: height, by: 3) {
            for x in stride(from: 0, to: width, by: 3) { counts[color(x, y), default: 0] += 1 }
        }
        return counts.max { $0.value < $1.value }?.key ?? 0
    }

    /// Whether a pixel differs clearly from `background` (anti-aliasing fringes count too).
    func isInk(_ x: Int, _ y: Int, background: UInt32) -> Bool {
        let pixel = color(x, y)
        func channel(_ value: UInt32, _ shift: UInt32) -> Int { Int((value >> shift) & 0xFF) }
        let difference = abs(channel(pixel, 16) - channel(background, 16)) + abs(channel(pixel, 8) - channel(background, 8))
            + abs(channel(pixel, 0) - channel(background, 0))
        return difference > 48
    }

    /// Ink pixels inside a rectangle.
    func ink(x: Int, y: Int, width w: Int, height h: Int, background: UInt32) -> Int {
        let rows = max(0, y)..<max(max(0, y), min(height, y + h))
        let columns = max(0, x)..<max(max(0, x), min(width, x + w))
        var count = 0
        for row in rows {
            for column in columns where isInk(column, row, background: background) { count += 1 }
        }
        return count
    }
}

/// Where a terminal grid sits in a screenshot, and whether the picture shows exactly a canvas.
struct TerminalGrid: CustomStringConvertible {
    let left: Int
    let top: Int
    let cellWidth: Int
    let cellHeight: Int
    let columns: Int
    let rows: Int

    var description: String { "\(columns)×\(rows) cells of \(cellWidth)×\(cellHeight) px at (\(left), \(top))" }

    /// Finds the grid from the kiosk's header: its top row is drawn inverse across the whole
    /// width, a solid bar exactly `columns` cells wide and one cell high.
    init?(locating columns: Int, _ rows: Int, in shot: Screenshot) {
        let background = shot.background
        func rowInk(_ y: Int) -> Int { shot.ink(x: 0, y: y, width: shot.width, height: 1, background: background) }
        guard let top = (0..<(shot.height / 2)).first(where: { rowInk($0) > shot.width / 2 }) else { return nil }
        var bottom = top
        while bottom + 1 < shot.height, rowInk(bottom + 1) > shot.width / 3 { bottom += 1 }
        let y = top
        guard let left = (0..<shot.width).first(where: { shot.isInk($0, y, background: background) }),
            let right = (0..<shot.width).last(where: { shot.isInk($0, y, background: background) })
        else { return nil }
        // A bar that is not the header (another picture, a half-drawn frame) gives a grid that
        // does not fit the picture: no grid.
        let cellWidth = (right - left + 1) / max(1, columns)
        let cellHeight = bottom - top + 1
        guard cellWidth >= 4, cellHeight >= 8, left + columns * cellWidth <= shot.width, top + rows * cellHeight <= shot.height
        else { return nil }
        self.left = left
        self.top = top
        self.columns = columns
        self.rows = rows
        self.cellWidth = cellWidth
        self.cellHeight = cellHeight
    }

    /// The cells whose pixels disagree with `canvas`: a character with no ink, ink where the
    /// canvas has a blank (a stray log line, another program's output), a light cell that is
    /// not inverse.
    func mismatches(with canvas: Canvas, in shot: Screenshot) -> [String] {
        let background = shot.background
        var found: [String] = []
        for row in 0..<rows {
            for column in 0..<columns {
                let cell = canvas[column, row]
                let x = left + column * cellWidth
                let y = top + row * cellHeight
                let area = (cellWidth - 2) * (cellHeight - 2)
                let ink = shot.ink(x: x + 1, y: y + 1, width: cellWidth - 2, height: cellHeight - 2, background: background)
                let expected: String
                let ok: Bool
                if cell.style.contains(.inverse) {
                    (expected, ok) = ("inverse '\(cell.character)'", ink > area / 3)
                } else if cell.character == " " || cell.isContinuation {
                    (expected, ok) = ("blank", ink <= area / 50)
                } else {
                    (expected, ok) = ("'\(cell.character)'", ink >= 2)
                }
                if !ok { found.append("(\(column),\(row)) \(expected): \(ink) ink px") }
            }
        }
        return found
    }
}
