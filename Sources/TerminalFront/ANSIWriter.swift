/// Turns canvases into terminal output, rewriting only the rows that changed.
public struct ANSIWriter: Sendable {
    private var previous: Canvas?

    public init() {}

    /// Sequences that take over the terminal: alternate screen, no cursor, no line wrap, mouse
    /// reporting in SGR mode (press and release), cleared screen and scrollback.
    public static let enter = "\u{1B}[?1049h\u{1B}[?25l\u{1B}[?7l\u{1B}[?1000h\u{1B}[?1006h\u{1B}[2J\u{1B}[3J\u{1B}[H"
    /// The reverse of `enter`, in reverse order.
    public static let leave = "\u{1B}[0m\u{1B}[?1006l\u{1B}[?1000l\u{1B}[?7h\u{1B}[?25h\u{1B}[2J\u{1B}[3J\u{1B}[?1049l"
    /// Clears the screen and the scrollback (privacy between customers).
    public static let wipe = "\u{1B}[0m\u{1B}[2J\u{1B}[3J\u{1B}[H"

    /// Forgets what is on the screen, so the next frame is drawn in full.
    public mutating func invalidate() { previous = nil }

    /// The output that turns the screen into `canvas`.
    public mutating func frame(_ canvas: Canvas) -> String {
        var output = ""
        let full = previous.map { $0.columns != canvas.columns || $0.rows != canvas.rows } ?? true
        if full { output += "\u{1B}[0m\u{1B}[2J" }
        for row in 0..<canvas.rows where full || !Self.rowEqual(previous!, canvas, row) {
            output += "\u{1B}[\(row + 1);1H"
            var style: Canvas.Style? = nil
            for column in 0..<canvas.columns {
                let cell = canvas[column, row]
                if cell.isContinuation { continue }
                if cell.style != style {
                    output += Self.sgr(cell.style)
                    style = cell.style
                }
                output.append(cell.character)
            }
            output += "\u{1B}[0m"
        }
        previous = canvas
        return output
    }

    private static func rowEqual(_ a: Canvas, _ b: Canvas, _ row: Int) -> Bool {
        for column in 0..<a.columns where a[column, row] != b[column, row] { return false }
        return true
    }

    private static func sgr(_ style: Canvas.Style) -> String {
        var codes = ["0"]
        if style.contains(.bold) { codes.append("1") }
        if style.contains(.dim) { codes.append("2") }
        if style.contains(.underline) { codes.append("4") }
        if style.contains(.inverse) { codes.append("7") }
        return "\u{1B}[" + codes.joined(separator: ";") + "m"
    }
}
