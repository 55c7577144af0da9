internal import CZint

/// The one-dimensional symbologies a receipt printer knows (`GS k`), encoded by libzint.
public enum LinearSymbology: String, Sendable, Hashable, CaseIterable {
    case code128 = "CODE128"
    /// Code 128 with FNC1 in first position: input in bracketed AI form, `(415)…(8020)…`.
    case gs1_128 = "GS1-128"
    case ean13 = "EAN-13"
    case ean8 = "EAN-8"
    case upcA = "UPC-A"
    case upcE = "UPC-E"
    case code39 = "CODE39"
    case code93 = "CODE93"
    case itf = "ITF"
    case codabar = "CODABAR"

    /// libzint's symbology number.
    var zintSymbology: Int32 {
        switch self {
        case .code128: BARCODE_CODE128
        case .gs1_128: BARCODE_GS1_128
        case .ean13, .ean8: BARCODE_EANX
        case .upcA: BARCODE_UPCA
        case .upcE: BARCODE_UPCE
        case .code39: BARCODE_CODE39
        case .code93: BARCODE_CODE93
        case .itf: BARCODE_C25INTER
        case .codabar: BARCODE_CODABAR
        }
    }
}
