/// Resident font names (`ESC M n`).
public enum FontName: String, Codable, Sendable, Hashable, CaseIterable {
    case a = "A"
    case b = "B"

    /// The `ESC M` parameter.
    public var escM: UInt8 { self == .a ? 0 : 1 }
}

/// How the printer takes images.
public enum RasterCommand: String, Codable, Sendable, Hashable {
    /// `GS v 0`: raster bit image, rows of bytes (Epson TM-T20 and most clones).
    case gsV0 = "GS v 0"
    /// `ESC *` 24-dot columns: older firmware without `GS v 0`.
    case escStar = "ESC *"
}

/// How a cut is commanded.
public enum CutCommand: String, Codable, Sendable, Hashable {
    /// `ESC d n` then `GS V 0`/`GS V 1`.
    case feedThenCut = "GS V m"
    /// `GS V 65 n` / `GS V 66 n`: feed n lines and cut in one command.
    case feedAndCut = "GS V m n"
}

/// How the buzzer is sounded.
public enum BuzzerCommand: String, Codable, Sendable, Hashable {
    /// `ESC B n t`: built-in beeper on Star-compatible and many clone printers.
    case escB = "ESC B"
    /// `ESC p 0 t1 t2`: an external buzzer on the drawer kick-out port (Epson OT-BZ20).
    case drawerPulse = "ESC p"
}
