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
