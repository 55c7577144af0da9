internal import CQREncode

/// QR error-correction level (share of the symbol that may be damaged).
public enum QRErrorCorrection: String, Sendable, Hashable, CaseIterable, Codable {
    /// About 7 %.
    case low = "L"
    /// About 15 %: the usual choice for receipts.
    case medium = "M"
    /// About 25 %.
    case quartile = "Q"
    /// About 30 %.
    case high = "H"

    var qrencodeLevel: QRecLevel {
        switch self {
        case .low: QR_ECLEVEL_L
        case .medium: QR_ECLEVEL_M
        case .quartile: QR_ECLEVEL_Q
        case .high: QR_ECLEVEL_H
        }
    }
}

/// The one place libqrencode is called. Each call owns its `QRcode` and frees it before returning.
enum QRCodeSymbol {
    static func encode(_ payload: [UInt8], errorCorrection: QRErrorCorrection) throws(SymbologyError) -> BitMatrix {
        guard !payload.isEmpty else {
            throw SymbologyError(.invalidData, symbology: "QR", message: "no data to encode")
        }
        turnero_qrencode_clear_errno()
        let code: UnsafeMutablePointer<QRcode>?
        if payload.contains(0) {
            // NUL cannot travel in a C string: encode every byte in 8-bit mode.
            code = payload.withUnsafeBufferPointer {
                QRcode_encodeData(Int32($0.count), $0.baseAddress, 0, errorCorrection.qrencodeLevel)
            }
        } else {
            // The string API picks numeric / alphanumeric / 8-bit segments for the smallest symbol.
            var text = payload.map { CChar(bitPattern: $0) }
            text.append(0)
            code = text.withUnsafeBufferPointer {
                QRcode_encodeString($0.baseAddress, 0, errorCorrection.qrencodeLevel, QR_MODE_8, 1)
            }
        }
        guard let code else {
            let error = turnero_qrencode_errno()
            switch error {
            case ERANGE:
                throw SymbologyError(
                    .tooLong, symbology: "QR",
                    message: "\(payload.count) bytes do not fit a version 40 symbol at level \(errorCorrection.rawValue)")
            case ENOMEM:
                throw SymbologyError(.outOfMemory, symbology: "QR", message: "libqrencode ran out of memory")
            default:
                throw SymbologyError(.encodingFailed, symbology: "QR", message: "libqrencode failed (errno \(error))")
            }
        }
        defer { QRcode_free(code) }
        let width = Int(code.pointee.width)
        // Bit 0 of each byte is the module colour; the other bits describe its role.
        let buffer = UnsafeBufferPointer(start: code.pointee.data, count: width * width)
        return BitMatrix(width: width, height: width, modules: buffer.map { $0 & 1 })
    }
}
