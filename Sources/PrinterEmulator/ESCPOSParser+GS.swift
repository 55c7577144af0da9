extension ESCPOSParser {
    func parseGS(at index: Int) -> Step {
        guard available(index) >= 2 else { return .needMore }
        let n: () -> UInt8 = { byte(index, 2) }
        switch byte(index, 1) {
        case 0x21: return fixed(index, 3) { .characterSize(n()) }  // !
        case 0x42: return fixed(index, 3) { .reverse(n() & 1 == 1) }  // B
        case 0x48: return fixed(index, 3) { .hriPosition(n() >= 48 ? n() - 48 : n()) }  // H
        case 0x66: return fixed(index, 3) { .hriFont(n() >= 48 ? n() - 48 : n()) }  // f
        case 0x68: return fixed(index, 3) { .barcodeHeight(Int(n())) }  // h
        case 0x77: return fixed(index, 3) { .barcodeModuleWidth(Int(n())) }  // w
        case 0x61: return fixed(index, 3) { .automaticStatusBack(n()) }  // a
        case 0x72: return fixed(index, 3) { .transmitStatus(n() >= 48 ? n() - 48 : n()) }  // r
        case 0x49: return fixed(index, 3) { .transmitPrinterID(n()) }  // I
        case 0x62: return fixed(index, 3) { .ignored("GS b (smoothing)") }
        case 0x45: return fixed(index, 3) { .ignored("GS E (print head control)") }
        case 0x54: return fixed(index, 3) { .ignored("GS T (start of line in page mode)") }
        case 0x6A: return fixed(index, 3) { .ignored("GS j (automatic status back for ink)") }
        case 0x4C: return fixed(index, 4) { .leftMargin(word(index, 2)) }  // L
        case 0x57: return fixed(index, 4) { .printAreaWidth(word(index, 2)) }  // W
        case 0x50: return fixed(index, 4) { .ignored("GS P (motion units)") }
        case 0x24: return fixed(index, 4) { .ignored("GS $ (page mode vertical position)") }
        case 0x5C: return fixed(index, 4) { .ignored("GS \\ (page mode relative position)") }
        case 0x3A: return .command(.ignored("GS : (macro definition)"), 2)
        case 0x5E: return fixed(index, 5) { .ignored("GS ^ (run macro)") }
        case 0x2F:  // /
            guard available(index) >= 3 else { return .needMore }
            return .skip(3, diagnostic(.unsupported, index, 3, "GS /: downloaded bit images are not emulated"))
        case 0x2A:  // * x y d…
            guard available(index) >= 4 else { return .needMore }
            let size = Int(byte(index, 2)) * Int(byte(index, 3)) * 8
            if size > maximumPayload || available(index) >= 4 + size {
                return size > maximumPayload
                    ? payload(index, header: 4, payload: size) { .ignored("") }
                    : .skip(4 + size, diagnostic(.unsupported, index, 4, "GS *: downloaded bit images are not emulated"))
            }
            return .needMore
        case 0x56: return cut(at: index)  // V
        case 0x76: return raster(at: index)  // v 0
        case 0x6B: return barcode(at: index)  // k
        case 0x28:  // ( fn pL pH …
            guard available(index) >= 5 else { return .needMore }
            let function = byte(index, 2)
            let length = word(index, 3)
            return payload(index, header: 5, payload: length) {
                functionCommand(function, data: slice(index, 5..<(5 + length)))
            }
        case 0x38:  // 8 L p1 p2 p3 p4 …
            guard available(index) >= 3 else { return .needMore }
            guard byte(index, 2) == 0x4C else { return unknown(index) }
            guard available(index) >= 7 else { return .needMore }
            let length = word(index, 3) | word(index, 5) << 16
            return payload(index, header: 7, payload: length) {
                functionCommand(0x4C, data: slice(index, 7..<(7 + length)))
            }
        default:
            return unknown(index)
        }
    }

    private func cut(at index: Int) -> Step {
        guard available(index) >= 3 else { return .needMore }
        let mode = byte(index, 2)
        switch mode {
        case 0, 48: return .command(.cut(full: true, feedDots: nil), 3)
        case 1, 49: return .command(.cut(full: false, feedDots: nil), 3)
        case 65, 97, 103: return fixed(index, 4) { .cut(full: true, feedDots: Int(byte(index, 3))) }
        case 66, 98, 104: return fixed(index, 4) { .cut(full: false, feedDots: Int(byte(index, 3))) }
        default:
            return .skip(3, diagnostic(.invalidParameter, index, 3, "GS V mode \(mode) is not a cut mode"))
        }
    }

    private func raster(at index: Int) -> Step {
        guard available(index) >= 3 else { return .needMore }
        guard byte(index, 2) == 0x30 else { return unknown(index) }
        guard available(index) >= 8 else { return .needMore }
        let mode = byte(index, 3)
        let widthBytes = word(index, 4)
        let height = word(index, 6)
        return payload(index, header: 8, payload: widthBytes * height) {
            .rasterImage(
                mode: mode & 0x03, widthBytes: widthBytes, height: height,
                data: slice(index, 8..<(8 + widthBytes * height)))
        }
    }

    private func barcode(at index: Int) -> Step {
        guard available(index) >= 3 else { return .needMore }
        let type = byte(index, 2)
        if type <= 6 {
            // Function A: data ends with NUL (at most 255 characters).
            let limit = min(available(index), 3 + 256)
            var end = index + 3
            while end < index + limit, pending[end] != 0 { end += 1 }
            if end < index + limit {
                return .command(.barcode(type: type, data: slice(index, 3..<(end - index))), end - index + 1)
            }
            if limit < 3 + 256 { return .needMore }
            return .skip(3, diagnostic(.invalidParameter, index, 3, "GS k \(type) data has no NUL within 255 bytes"))
        }
        guard (65...79).contains(type) else {
            return .skip(3, diagnostic(.invalidParameter, index, 3, "GS k barcode type \(type) does not exist"))
        }
        guard available(index) >= 4 else { return .needMore }
        let length = Int(byte(index, 3))
        return fixed(index, 4 + length) { .barcode(type: type, data: slice(index, 4..<(4 + length))) }
    }

    /// `GS ( k` (2-D symbols) and `GS ( L` (graphics); other functions are settings.
    private func functionCommand(_ function: UInt8, data: [UInt8]) -> ParsedCommand {
        switch function {
        case 0x6B:  // k
            guard data.count >= 2 else { return .ignored("GS ( k (empty)") }
            let symbol = data[0]
            let code = data[1]
            guard symbol == 49 else { return .otherSymbol(cn: symbol, fn: code) }
            switch code {
            case 65: return .qrModel(data.count > 2 ? data[2] : 50)
            case 67: return .qrModuleSize(data.count > 2 ? data[2] : 3)
            case 69: return .qrErrorCorrection(data.count > 2 ? data[2] : 48)
            case 80: return .qrStore(data.count > 3 ? Array(data[3...]) : [])
            case 81: return .qrPrint
            default: return .ignored("GS ( k QR function \(code)")
            }
        case 0x4C:  // L
            guard data.count >= 2 else { return .ignored("GS ( L (empty)") }
            switch data[1] {
            case 112 where data.count >= 10:
                let width = Int(data[6]) | Int(data[7]) << 8
                let height = Int(data[8]) | Int(data[9]) << 8
                let scaleX = data[3] == 2 ? 2 : 1
                let scaleY = data[4] == 2 ? 2 : 1
                return .storeGraphics(widthDots: width, height: height, scaleX: scaleX, scaleY: scaleY, data: Array(data[10...]))
            case 50: return .printGraphics
            default: return .ignored("GS ( L function \(data[1])")
            }
        default:
            return .ignored("GS ( \(UnicodeScalar(function))")
        }
    }
}
