/// Horizontal placement of a line or an image (`ESC a n`).
public enum Alignment: UInt8, Sendable, Hashable, CaseIterable {
    case left = 0
    case center = 1
    case right = 2
}

/// Underline thickness (`ESC - n`).
public enum Underline: UInt8, Sendable, Hashable {
    case none = 0
    case single = 1
    case double = 2
}

/// How text looks: what ESC/POS can do with resident fonts.
public struct TextStyle: Sendable, Hashable {
    /// Where the line sits (`ESC a`).
    public var alignment: Alignment
    /// Emphasized printing (`ESC E`).
    public var bold: Bool
    /// Underline thickness (`ESC -`).
    public var underline: Underline
    /// Character width multiplier, 1–8 (`GS !`); 2 is "double width".
    public var widthScale: Int
    /// Character height multiplier, 1–8 (`GS !`); 2 is "double height".
    public var heightScale: Int
    /// Resident font (`ESC M`).
    public var font: FontName
    /// White on black (`GS B`).
    public var inverted: Bool

    /// - Precondition: scales are clamped to 1–8.
    public init(
        alignment: Alignment = .left, bold: Bool = false, underline: Underline = .none, widthScale: Int = 1,
        heightScale: Int = 1, font: FontName = .a, inverted: Bool = false
    ) {
        self.alignment = alignment
        self.bold = bold
        self.underline = underline
        self.widthScale = min(8, max(1, widthScale))
        self.heightScale = min(8, max(1, heightScale))
        self.font = font
        self.inverted = inverted
    }

    /// Font A, left aligned, nothing else: what `ESC @` leaves.
    public static let plain = TextStyle()
    /// Centred plain text.
    public static let centered = TextStyle(alignment: .center)

    /// The `GS !` parameter: width − 1 in the high nibble, height − 1 in the low one.
    var sizeByte: UInt8 { UInt8((widthScale - 1) << 4 | (heightScale - 1)) }

    /// Characters per line in this style on a profile.
    public func columns(on profile: PrinterProfile) -> Int {
        let font = profile.font(font)
        let byDots = profile.paper.dotsPerLine / (font.widthDots * widthScale)
        return max(1, min(byDots, font.columns / widthScale))
    }
}
