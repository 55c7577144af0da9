/// Something the encoder did differently from the document's literal request.
public enum EncodingNote: Sendable, Hashable, CustomStringConvertible {
    /// A character the code page lacks, printed as a stand-in ("€" → "EUR").
    case transliterated(String, to: String)
    /// A character with no stand-in, printed as "?".
    case unrepresentable(String)
    /// A barcode or QR sent as a raster image instead of a native command.
    case rasterSymbol(String, reason: String)
    /// A barcode too wide for the paper, printed turned 90°.
    case rotatedSymbol(String)
    /// An element the profile cannot do at all (a buzzer on a printer without one).
    case skipped(String, reason: String)

    public var description: String {
        switch self {
        case .transliterated(let original, let replacement): "'\(original)' printed as '\(replacement)'"
        case .unrepresentable(let original): "'\(original)' is not in the code page: printed as '?'"
        case .rasterSymbol(let symbol, let reason): "\(symbol) sent as raster: \(reason)"
        case .rotatedSymbol(let symbol): "\(symbol) printed rotated 90° to fit the paper"
        case .skipped(let element, let reason): "\(element) skipped: \(reason)"
        }
    }
}

/// The bytes for one document on one profile, and what had to be adapted.
public struct EncodedDocument: Sendable, Hashable {
    /// The ESC/POS stream, starting with `ESC @` `ESC t n`.
    public var bytes: [UInt8]
    /// Adaptations, each once, in order of first occurrence.
    public var notes: [EncodingNote]
    /// The code page the text bytes are in.
    public var codePage: CodePage
    /// Where each printed text line sits in `bytes` (without its LF).
    var textLineRanges: [Range<Int>]

    /// The text lines as the printer will print them (after wrapping and transliteration).
    public var textLines: [String] {
        textLineRanges.map { codePage.decode(bytes[$0]) }
    }
}
