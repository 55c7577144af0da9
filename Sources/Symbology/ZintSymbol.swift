internal import CZint

/// The single owner of a libzint `zint_symbol`, and the one place libzint is called.
///
/// A symbol is created per encode and freed in `deinit`, so no handle escapes and concurrent
/// encodes never share C state.
final class ZintSymbol {
    private let symbol: UnsafeMutablePointer<zint_symbol>

    init(symbology: String) throws(SymbologyError) {
        guard let symbol = ZBarcode_Create() else {
            throw SymbologyError(.outOfMemory, symbology: symbology, message: "ZBarcode_Create returned NULL")
        }
        self.symbol = symbol
    }

    deinit {
        ZBarcode_Delete(symbol)
    }

    /// Encodes `data` and returns the module grid.
    ///
    /// - Parameters:
    ///   - zintSymbology: a `BARCODE_…` number.
    ///   - inputMode: `DATA_MODE`, or `GS1_MODE | GS1PARENS_MODE` for bracketed AIs.
    ///   - name: the symbology's name for error messages.
    func encode(
        _ data: [UInt8], zintSymbology: Int32, inputMode: Int32, name: String
    ) throws(SymbologyError) -> BitMatrix {
        guard !data.isEmpty else {
            throw SymbologyError(.invalidData, symbology: name, message: "no data to encode")
        }
        symbol.pointee.symbology = zintSymbology
        symbol.pointee.input_mode = inputMode
        let status = data.withUnsafeBufferPointer { buffer in
            ZBarcode_Encode(symbol, buffer.baseAddress, Int32(buffer.count))
        }
        if status >= ZINT_ERROR {
            throw SymbologyError(Self.code(for: status, message: errorText), symbology: name, message: errorText)
        }
        let rows = Int(symbol.pointee.rows)
        let width = Int(symbol.pointee.width)
        guard rows > 0, width > 0 else {
            throw SymbologyError(.encodingFailed, symbology: name, message: "libzint produced an empty symbol")
        }
        var modules = [UInt8](repeating: 0, count: rows * width)
        for row in 0..<rows {
            for column in 0..<width where turnero_zint_module_is_set(symbol, Int32(row), Int32(column)) != 0 {
                modules[row * width + column] = 1
            }
        }
        return BitMatrix(width: width, height: rows, modules: modules)
    }

    private var errorText: String {
        String(cString: turnero_zint_error_text(symbol))
    }

    private static func code(for status: Int32, message: String) -> SymbologyError.Code {
        switch status {
        case ZINT_ERROR_TOO_LONG: .tooLong
        case ZINT_ERROR_INVALID_CHECK: .invalidCheckDigit
        case ZINT_ERROR_INVALID_DATA:
            // libzint reports a bad GS1 check digit as invalid data with "checksum" in the text.
            message.lowercased().contains("checksum") ? .invalidCheckDigit : .invalidData
        case ZINT_ERROR_INVALID_OPTION: .invalidOption
        case ZINT_ERROR_MEMORY: .outOfMemory
        default: .encodingFailed
        }
    }
}

extension LinearSymbology {
    /// libzint's input mode for this symbology.
    var zintInputMode: Int32 {
        self == .gs1_128 ? GS1_MODE | GS1PARENS_MODE : DATA_MODE
    }
}
