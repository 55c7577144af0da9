/// One thing the customer did at the terminal, decoded from raw bytes.
public enum InputEvent: Sendable, Hashable {
    /// A printable character typed (or pasted).
    case text(Character)
    /// Enter (`\r`, `\n` or `\r\n`).
    case enter
    /// Backspace or Delete.
    case backspace
    /// A lone Escape key.
    case escape
    /// A touch or mouse report (SGR mode).
    case pointer(PointerEvent)
    /// Any other control byte (Ctrl-C, Ctrl-Z, Ctrl-\\ …): ignored by the screens, never a signal.
    case control(UInt8)
    /// A key that is not text (function keys, arrows, Home…): the screens ignore it, but it
    /// must never type the letter that ends its escape sequence.
    case special(SpecialKey)
}

/// Keys a terminal reports with escape sequences (SS3 `ESC O x` or CSI `ESC [ … x`).
public enum SpecialKey: Sendable, Hashable {
    case up, down, right, left, home, end, insert, delete, pageUp, pageDown
    /// F1–F12.
    case function(Int)
}

/// An SGR mouse report: `ESC [ < b ; col ; row M` (press) or `m` (release), 1-based cells.
public struct PointerEvent: Sendable, Hashable {
    /// Low two bits of `b`: 0 left, 1 middle, 2 right, 3 none.
    public var button: Int
    public var column: Int
    public var row: Int
    /// True for `M` (press or motion), false for `m` (release).
    public var isPress: Bool
    /// Motion report (`b` + 32).
    public var isMotion: Bool
    /// Wheel report (`b` + 64).
    public var isWheel: Bool

    public init(button: Int, column: Int, row: Int, isPress: Bool, isMotion: Bool = false, isWheel: Bool = false) {
        self.button = button
        self.column = column
        self.row = row
        self.isPress = isPress
        self.isMotion = isMotion
        self.isWheel = isWheel
    }
}
