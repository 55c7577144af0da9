/// The text inside a button, on one line or two: a long service name is wrapped, never cut.
///
/// A label is the key a keyboard user types and the title ("5  Financiación y acuerdos de
/// pago"); when the key is the title itself (scores, keypad digits) it is shown once.
enum ButtonLabel {
    /// The label on one line: `key  title`, or the title alone.
    static func line(_ button: Button) -> String {
        button.key.isEmpty || button.key == button.title ? button.title : "\(button.key)  \(button.title)"
    }

    /// The label in at most `maximumLines` lines of at most `width` columns, or nil when it
    /// cannot fit without cutting a word. Lines are balanced (the longest as short as
    /// possible), and the title's continuation lines up under its first word.
    static func lines(_ button: Button, width: Int, maximumLines: Int = 2) -> [String]? {
        guard width > 0 else { return nil }
        let full = line(button)
        if DisplayWidth.of(full) <= width { return [full] }
        let shown = button.key.isEmpty || button.key == button.title
        if !shown, DisplayWidth.of("\(button.key) \(button.title)") <= width { return ["\(button.key) \(button.title)"] }
        guard maximumLines >= 2 else { return nil }
        let words = button.title.split(separator: " ").map(String.init)
        let prefix = shown ? "" : "\(button.key)  "
        let indent = String(repeating: " ", count: DisplayWidth.of(prefix))
        var best: [String]?
        var bestWidth = Int.max
        for split in 1..<max(1, words.count) where words.count >= 2 {
            let first = prefix + words[..<split].joined(separator: " ")
            let second = indent + words[split...].joined(separator: " ")
            let widest = max(DisplayWidth.of(first), DisplayWidth.of(second))
            if widest <= width, widest < bestWidth {
                best = [first, second]
                bestWidth = widest
            }
        }
        if best == nil, !shown, DisplayWidth.of(button.key) <= width, DisplayWidth.of(button.title) <= width {
            // A one-word title too long to share its line: the key above it.
            best = [button.key, button.title]
        }
        return best
    }

    /// The label cut to `width` columns on one line: the last resort on tiny screens.
    static func truncated(_ button: Button, width: Int) -> String {
        DisplayWidth.truncate(line(button), to: width)
    }
}
