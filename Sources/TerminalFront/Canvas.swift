/// A grid of terminal cells that screens are drawn on, then turned into escape sequences.
public struct Canvas: Sendable, Equatable {
    /// How a cell is drawn.
    public struct Style: OptionSet, Sendable, Hashable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        public static let bold = Style(rawValue: 1)
        public static let inverse = Style(rawValue: 2)
        public static let dim = Style(rawValue: 4)
        public static let underline = Style(rawValue: 8)
    }

    /// One cell: a character (or the right half of a wide one) and its style.
    public struct Cell: Sendable, Equatable {
        public var character: Character
        public var style: Style
        /// True for the second column of a double-width character (drawn by its left half).
        public var isContinuation: Bool
    }

    public let columns: Int
    public let rows: Int
    private(set) var cells: [Cell]

    public init(columns: Int, rows: Int) {
        self.columns = max(1, columns)
        self.rows = max(1, rows)
        cells = Array(repeating: Cell(character: " ", style: [], isContinuation: false), count: self.columns * self.rows)
    }

    public subscript(column: Int, row: Int) -> Cell {
        cells[row * columns + column]
    }

    /// Writes `text` from (`column`, `row`), clipped at the right edge; returns the next column.
    @discardableResult
    public mutating func write(_ text: String, column: Int, row: Int, style: Style = []) -> Int {
        guard (0..<rows).contains(row) else { return column }
        var x = column
        for character in text {
            let width = DisplayWidth.of(character)
            guard width > 0 else { continue }
            guard x >= 0, x + width <= columns else { break }
            cells[row * columns + x] = Cell(character: character, style: style, isContinuation: false)
            if width == 2 { cells[row * columns + x + 1] = Cell(character: " ", style: style, isContinuation: true) }
            x += width
        }
        return x
    }

    /// Writes `text` centred on `row`.
    public mutating func center(_ text: String, row: Int, style: Style = []) {
        let cut = DisplayWidth.truncate(text, to: columns)
        write(cut, column: (columns - DisplayWidth.of(cut)) / 2, row: row, style: style)
    }

    /// Fills a rectangle with `style` (keeping characters).
    public mutating func fill(_ rect: Rect, style: Style) {
        for y in rect.row..<min(rows, rect.row + rect.height) where y >= 0 {
            for x in rect.column..<min(columns, rect.column + rect.width) where x >= 0 {
                cells[y * columns + x].style = style
            }
        }
    }

    /// Draws a box outline with light box-drawing characters.
    public mutating func box(_ rect: Rect, style: Style = []) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        let right = rect.column + rect.width - 1
        let bottom = rect.row + rect.height - 1
        let horizontal = String(repeating: "─", count: rect.width - 2)
        write("┌" + horizontal + "┐", column: rect.column, row: rect.row, style: style)
        write("└" + horizontal + "┘", column: rect.column, row: bottom, style: style)
        for y in (rect.row + 1)..<bottom {
            write("│", column: rect.column, row: y, style: style)
            write("│", column: right, row: y, style: style)
        }
    }

    /// The text of one row (for tests and transcripts), trailing spaces removed.
    public func text(row: Int) -> String {
        var line = ""
        for x in 0..<columns where !self[x, row].isContinuation { line.append(self[x, row].character) }
        while line.last == " " { line.removeLast() }
        return line
    }

    /// Every row's text joined by newlines.
    public var text: String { (0..<rows).map { text(row: $0) }.joined(separator: "\n") }
}

/// A rectangle of cells, 0-based.
public struct Rect: Sendable, Hashable {
    public var column: Int
    public var row: Int
    public var width: Int
    public var height: Int

    public init(column: Int, row: Int, width: Int, height: Int) {
        self.column = column
        self.row = row
        self.width = width
        self.height = height
    }

    /// Whether the 0-based cell (`column`, `row`) is inside.
    public func contains(column x: Int, row y: Int) -> Bool {
        x >= column && x < column + width && y >= row && y < row + height
    }
}
