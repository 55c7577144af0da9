/// What to print, independent of any printer: a list of elements in order.
///
/// The encoder turns it into bytes for one `PrinterProfile`, choosing native commands or
/// raster per the profile and wrapping text to its columns.
public struct Document: Sendable, Hashable {
    /// One printable piece.
    public enum Element: Sendable, Hashable {
        /// A paragraph, word-wrapped to the style's columns; `\n` breaks lines.
        case text(String, TextStyle)
        /// `left` and `right` on one line with space between (e.g. "Total" … "$ 131.225").
        case columns(left: String, right: String, TextStyle)
        /// A full-width line of one character.
        case separator(Character, TextStyle)
        /// Blank lines.
        case feed(lines: Int)
        case barcode(Barcode)
        case qrCode(QRCode)
        case image(RasterImage, Alignment)
        /// Feeds past the cutter and cuts; tears off at the bar when the profile has no cutter.
        case cut(CutKind)
        /// Sounds the buzzer (skipped, with a note, when the profile has none).
        case buzzer(times: Int)
    }

    /// Partial (a hinge of paper left) or full cut.
    public enum CutKind: Sendable, Hashable {
        case partial
        case full
    }

    /// The elements, printed in order.
    public var elements: [Element]

    /// A document with these elements (empty by default).
    public init(_ elements: [Element] = []) {
        self.elements = elements
    }

    /// Appends any element.
    public mutating func append(_ element: Element) {
        elements.append(element)
    }

    /// Appends a paragraph.
    public mutating func text(_ text: String, _ style: TextStyle = .plain) {
        elements.append(.text(text, style))
    }

    /// Appends a left/right line.
    public mutating func columns(_ left: String, _ right: String, _ style: TextStyle = .plain) {
        elements.append(.columns(left: left, right: right, style))
    }

    /// Appends a full-width rule.
    public mutating func separator(_ character: Character = "-", _ style: TextStyle = .plain) {
        elements.append(.separator(character, style))
    }

    /// Appends blank lines.
    public mutating func feed(lines: Int = 1) {
        elements.append(.feed(lines: lines))
    }

    /// Appends a linear barcode.
    public mutating func barcode(_ barcode: Barcode) {
        elements.append(.barcode(barcode))
    }

    /// Appends a QR Code.
    public mutating func qrCode(_ qrCode: QRCode) {
        elements.append(.qrCode(qrCode))
    }

    /// Appends a picture, placed like text with `alignment`.
    public mutating func image(_ image: RasterImage, alignment: Alignment = .center) {
        elements.append(.image(image, alignment))
    }

    /// Appends the feed and cut that end a job.
    public mutating func cut(_ kind: CutKind = .partial) {
        elements.append(.cut(kind))
    }

    /// Appends a beep (`times` is clamped to 1–9).
    public mutating func buzzer(times: Int = 1) {
        elements.append(.buzzer(times: times))
    }
}
