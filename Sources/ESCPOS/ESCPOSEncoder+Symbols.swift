import Symbology

extension ESCPOSEncoder {
    /// Native `GS k 73` when the profile has it and the bars fit at an allowed module width;
    /// otherwise raster at the widest module that fits; otherwise rotated or refused.
    func encodeBarcode(_ barcode: Barcode, into writer: inout ESCPOSWriter) throws(ESCPOSError) {
        let dots = profile.paper.dotsPerLine
        let name = barcode.symbologyName
        let command: Code128Command
        let native: Bool
        do {
            switch barcode.content {
            case .code128(let text):
                command = try Code128Command(text: text)
                native = profile.symbols.code128
            case .gs1_128(let bracketed):
                command = Code128Command(gs1: try GS1ElementString(bracketed: bracketed))
                native = profile.symbols.gs1_128
            }
        } catch let error as SymbologyError {
            throw ESCPOSError(.invalidBarcodeData, error.description)
        } catch let error as ESCPOSError {
            throw error
        } catch {
            throw ESCPOSError(.invalidBarcodeData, "\(error)")
        }

        var reason = "profile \(profile.id) has no native \(name)"
        if native {
            if command.data.count > 255 {
                reason = "data too long for GS k (\(command.data.count) bytes)"
            } else {
                let widest = min(barcode.moduleWidth, profile.symbols.maxModuleWidth)
                let narrowest = max(barcode.minimumModuleWidth, profile.symbols.minModuleWidth)
                if widest >= narrowest {
                    for width in stride(from: widest, through: narrowest, by: -1) where command.modules * width <= dots {
                        emitNativeBarcode(command, width: width, barcode: barcode, into: &writer)
                        return
                    }
                }
                reason = "\(command.modules) modules do not fit \(dots) dots at \(narrowest) dot(s) per module natively"
            }
        }

        let matrix: BitMatrix
        do {
            switch barcode.content {
            case .code128(let text): matrix = try SymbolEncoder.code128(text)
            case .gs1_128(let bracketed): matrix = try SymbolEncoder.gs1_128(bracketed)
            }
        } catch {
            throw ESCPOSError(.invalidBarcodeData, error.description)
        }
        for width in stride(from: barcode.moduleWidth, through: barcode.minimumModuleWidth, by: -1)
        where matrix.width * width <= dots {
            writer.note(.rasterSymbol(name, reason: reason))
            let image = RasterImage(matrix: matrix, moduleWidth: width, moduleHeight: barcode.heightDots)
            try encodeImage(image, alignment: barcode.alignment, into: &writer)
            humanReadable(barcode, into: &writer)
            return
        }
        guard barcode.overflow == .rotate else {
            throw ESCPOSError(
                .barcodeTooWide,
                "\(name) needs \(matrix.width) modules: \(matrix.width * barcode.minimumModuleWidth) dots at "
                    + "\(barcode.minimumModuleWidth) dot(s) per module, but \(profile.id) prints \(dots) dots per line")
        }
        // Turned 90°: the symbol's length runs down the paper, the bar height across it.
        writer.note(.rotatedSymbol(name))
        let barLength = min(barcode.heightDots, dots)
        let rotated = RasterImage(
            matrix: matrix.rotatedClockwise(), moduleWidth: barLength, moduleHeight: barcode.moduleWidth)
        writer.feedDots(10 * barcode.moduleWidth)  // quiet zone before the first bar
        try encodeImage(rotated, alignment: barcode.alignment, into: &writer)
        writer.feedDots(10 * barcode.moduleWidth)
        humanReadable(barcode, into: &writer)
    }

    private func emitNativeBarcode(
        _ command: Code128Command, width: Int, barcode: Barcode, into writer: inout ESCPOSWriter
    ) {
        writer.resetCharacterStyle()
        writer.align(barcode.alignment)
        writer.emit(0x1D, 0x48, 0)  // HRI off: we print it ourselves, the same on every path
        writer.emit(0x1D, 0x68, UInt8(min(255, barcode.heightDots)))
        writer.emit(0x1D, 0x77, UInt8(width))
        writer.emit(0x1D, 0x6B, 73, UInt8(command.data.count))
        writer.append(command.data)
        humanReadable(barcode, into: &writer)
    }

    private func humanReadable(_ barcode: Barcode, into writer: inout ESCPOSWriter) {
        guard barcode.humanReadable else { return }
        let style = TextStyle(alignment: barcode.alignment, font: .b)
        writer.setStyle(style)
        let width = columns(for: style)
        for line in Self.humanReadableLines(barcode, columns: width) {
            let bytes = Array(line.utf8)
            for range in TextWrapper.wrap(bytes, columns: width) {
                writer.line(bytes[range])
            }
        }
    }

    /// GS1 text breaks between element strings — `(415)…` `(8020)…` — never inside one, so a
    /// cashier can read the reference and the amount; other text is one paragraph.
    static func humanReadableLines(_ barcode: Barcode, columns: Int) -> [String] {
        let text = barcode.humanReadableText
        guard case .gs1_128 = barcode.content, text.count > columns else { return [text] }
        var segments: [String] = []
        for character in text {
            if character == "(" || segments.isEmpty { segments.append("") }
            segments[segments.count - 1].append(character)
        }
        var lines: [String] = []
        for segment in segments {
            if let last = lines.last, last.count + segment.count <= columns {
                lines[lines.count - 1] += segment
            } else {
                lines.append(segment)
            }
        }
        return lines
    }

    /// Native `GS ( k` when the profile has it and the largest symbol the payload could need
    /// fits; raster otherwise. Four modules of quiet zone are fed above and below.
    func encodeQRCode(_ qrCode: QRCode, into writer: inout ESCPOSWriter) throws(ESCPOSError) {
        let dots = profile.paper.dotsPerLine
        let payload = Array(qrCode.payload.utf8)
        guard !payload.isEmpty else { throw ESCPOSError(.qrTooLarge, "QR payload is empty") }
        var reason = "profile \(profile.id) has no native QR"
        if profile.symbols.qr, payload.count <= 7089 {
            do {
                let side = try SymbolEncoder.qrSideUpperBound(byteCount: payload.count, errorCorrection: qrCode.errorCorrection)
                var size = min(qrCode.moduleSize ?? Self.defaultModuleSize(side: side, dots: dots), profile.symbols.maxQRModuleSize)
                while size > 1, side * size > dots { size -= 1 }
                if side * size <= dots {
                    emitNativeQR(payload, size: size, qrCode: qrCode, into: &writer)
                    return
                }
                reason = "a \(side)-module symbol does not fit \(dots) dots"
            } catch {
                reason = error.description
            }
        }
        let matrix: BitMatrix
        do {
            matrix = try SymbolEncoder.qrCode(qrCode.payload, errorCorrection: qrCode.errorCorrection)
        } catch {
            throw ESCPOSError(.qrTooLarge, error.description)
        }
        var size = qrCode.moduleSize ?? Self.defaultModuleSize(side: matrix.width, dots: dots)
        while size > 1, matrix.width * size > dots { size -= 1 }
        guard matrix.width * size <= dots else {
            throw ESCPOSError(.qrTooLarge, "a \(matrix.width)-module QR does not fit \(dots) dots even at 1 dot per module")
        }
        writer.note(.rasterSymbol("QR", reason: reason))
        writer.feedDots(4 * size)
        try encodeImage(RasterImage(matrix: matrix, moduleWidth: size, moduleHeight: size), alignment: qrCode.alignment, into: &writer)
        writer.feedDots(4 * size)
    }

    /// About a third of the line, 3 to 8 dots per module (≥ 0.37 mm at 203 dpi for phone cameras).
    static func defaultModuleSize(side: Int, dots: Int) -> Int {
        max(3, min(8, dots / (3 * max(1, side))))
    }

    private static let qrModel2: [UInt8] = [0x1D, 0x28, 0x6B, 4, 0, 49, 65, 50, 0]
    private static let qrPrint: [UInt8] = [0x1D, 0x28, 0x6B, 3, 0, 49, 81, 48]

    private func emitNativeQR(_ payload: [UInt8], size: Int, qrCode: QRCode, into writer: inout ESCPOSWriter) {
        let level: UInt8 =
            switch qrCode.errorCorrection {
            case .low: 48
            case .medium: 49
            case .quartile: 50
            case .high: 51
            }
        let storeLength = payload.count + 3
        writer.resetCharacterStyle()
        writer.align(qrCode.alignment)
        writer.feedDots(4 * size)
        writer.append(Self.qrModel2)
        writer.emit(0x1D, 0x28, 0x6B, 3)
        writer.emit(0, 49, 67, UInt8(size))  // module size
        writer.emit(0x1D, 0x28, 0x6B, 3)
        writer.emit(0, 49, 69, level)  // error correction
        writer.emit(0x1D, 0x28, 0x6B, UInt8(storeLength & 0xFF))
        writer.emit(UInt8(storeLength >> 8), 49, 80, 48)  // store
        writer.append(payload)
        writer.append(Self.qrPrint)
        writer.feedDots(4 * size)
    }
}
