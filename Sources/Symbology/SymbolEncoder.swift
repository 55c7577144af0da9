/// Encodes barcode and QR symbols into module grids, using libzint and libqrencode.
///
/// This is the only API over the C libraries; the ESC/POS encoder uses it for the raster
/// fallback and the virtual printer to draw what a printer would.
public enum SymbolEncoder {
    /// A Code 128 symbol for printable ASCII (and control characters) text.
    ///
    /// - Throws: `SymbologyError` with `.invalidData` for characters outside ASCII.
    public static func code128(_ text: String) throws(SymbologyError) -> BitMatrix {
        try linear(.code128, data: text)
    }

    /// A GS1-128 symbol from a bracketed element string,
    /// e.g. `(415)7709998000018(8020)0012345678(3900)0000131225(96)20260331`.
    ///
    /// libzint checks AI formats and check digits (a wrong GLN check digit throws
    /// `.invalidCheckDigit`) and inserts FNC1 where a variable-length AI needs it.
    public static func gs1_128(_ bracketed: String) throws(SymbologyError) -> BitMatrix {
        let elements = try GS1ElementString(bracketed: bracketed)
        return try linear(.gs1_128, data: elements.bracketed)
    }

    /// Any supported linear symbology.
    public static func linear(_ symbology: LinearSymbology, data: String) throws(SymbologyError) -> BitMatrix {
        let bytes = Array(data.utf8)
        if symbology != .gs1_128, bytes.contains(where: { $0 >= 0x80 }) {
            throw SymbologyError(
                .invalidData, symbology: symbology.rawValue, message: "only ASCII characters can be encoded")
        }
        let symbol = try ZintSymbol(symbology: symbology.rawValue)
        return try symbol.encode(
            bytes, zintSymbology: symbology.zintSymbology, inputMode: symbology.zintInputMode,
            name: symbology.rawValue)
    }

    /// A QR Code (model 2) for the payload, at the smallest version that holds it.
    public static func qrCode(
        _ payload: String, errorCorrection: QRErrorCorrection = .medium
    ) throws(SymbologyError) -> BitMatrix {
        try QRCodeSymbol.encode(Array(payload.utf8), errorCorrection: errorCorrection)
    }

    /// A QR Code for raw bytes (the virtual printer stores bytes, not text).
    public static func qrCode(
        bytes: [UInt8], errorCorrection: QRErrorCorrection = .medium
    ) throws(SymbologyError) -> BitMatrix {
        try QRCodeSymbol.encode(bytes, errorCorrection: errorCorrection)
    }

    /// The side, in modules, of the largest QR symbol a payload of `byteCount` bytes can need
    /// (every byte in 8-bit mode), at the given level. A printer that encodes QR natively picks
    /// its own segments, so this bound is what a fit check can rely on.
    ///
    /// Cached per (length, level): the first call encodes once, later calls are a lookup.
    public static func qrSideUpperBound(
        byteCount: Int, errorCorrection: QRErrorCorrection = .medium
    ) throws(SymbologyError) -> Int {
        try QRSizeCache.shared.side(byteCount: byteCount, errorCorrection: errorCorrection)
    }
}
