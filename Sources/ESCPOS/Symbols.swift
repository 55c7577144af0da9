public import Symbology

/// A linear barcode on the ticket.
public struct Barcode: Sendable, Hashable {
    /// What the bars carry.
    public enum Content: Sendable, Hashable {
        /// Code 128 over ASCII text.
        case code128(String)
        /// GS1-128 from a bracketed element string: `(415)7709998000018(8020)0012345678…`.
        case gs1_128(String)
    }

    /// What to do when the symbol is wider than the paper even at `minimumModuleWidth`.
    public enum Overflow: Sendable, Hashable {
        /// Print it turned 90°, running down the paper.
        case rotate
        /// Throw `ESCPOSError.barcodeTooWide`.
        case refuse
    }

    /// The symbology and data.
    public var content: Content
    /// Bar height in dots (the bar length across the paper when rotated).
    public var heightDots: Int
    /// Dots per narrow module to use when the symbol fits.
    public var moduleWidth: Int
    /// The narrowest module to accept before overflowing. 1 dot (0.125 mm at 203 dpi) fits long
    /// GS1-128 payloads on 80 mm paper; raise it to 2 if the bank's scanners struggle.
    public var minimumModuleWidth: Int
    /// Print the human-readable text below the bars.
    public var humanReadable: Bool
    /// Placement across the paper.
    public var alignment: Alignment
    /// What to do when it is too wide.
    public var overflow: Overflow

    /// A barcode; widths are clamped to 1–6 dots and the minimum to the preferred width.
    public init(
        _ content: Content, heightDots: Int = 80, moduleWidth: Int = 2, minimumModuleWidth: Int = 1,
        humanReadable: Bool = true, alignment: Alignment = .center, overflow: Overflow = .rotate
    ) {
        self.content = content
        self.heightDots = max(8, heightDots)
        self.moduleWidth = min(6, max(1, moduleWidth))
        self.minimumModuleWidth = min(self.moduleWidth, max(1, minimumModuleWidth))
        self.humanReadable = humanReadable
        self.alignment = alignment
        self.overflow = overflow
    }

    /// The text printed under the bars.
    public var humanReadableText: String {
        switch content {
        case .code128(let text), .gs1_128(let text): text
        }
    }

    /// The symbology's name, for notes and errors.
    public var symbologyName: String {
        switch content {
        case .code128: "CODE128"
        case .gs1_128: "GS1-128"
        }
    }
}

/// A QR Code on the ticket.
public struct QRCode: Sendable, Hashable {
    /// The text the QR carries (UTF-8).
    public var payload: String
    /// Dots per module; nil picks one from the paper width.
    public var moduleSize: Int?
    /// How much of the symbol may be damaged.
    public var errorCorrection: QRErrorCorrection
    /// Placement across the paper.
    public var alignment: Alignment

    /// A QR Code; the module size is clamped to 1–16 dots.
    public init(
        _ payload: String, moduleSize: Int? = nil, errorCorrection: QRErrorCorrection = .medium,
        alignment: Alignment = .center
    ) {
        self.payload = payload
        self.moduleSize = moduleSize.map { min(16, max(1, $0)) }
        self.errorCorrection = errorCorrection
        self.alignment = alignment
    }
}
