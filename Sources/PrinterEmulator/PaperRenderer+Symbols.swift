import ESCPOS
import Symbology

extension PaperRenderer {
    /// `GS k`: decodes the data as the firmware would and draws the bars with libzint.
    mutating func drawBarcode(type: UInt8, data: [UInt8], event: ParsedEvent) {
        let symbology: LinearSymbology
        var text = String(decoding: data, as: UTF8.self)
        switch type {
        case 0, 65: symbology = .upcA
        case 1, 66: symbology = .upcE
        case 2, 67: symbology = .ean13
        case 3, 68: symbology = .ean8
        case 4, 69: symbology = .code39
        case 5, 70: symbology = .itf
        case 6, 71: symbology = .codabar
        case 72: symbology = .code93
        case 73:
            switch Self.decodeCode128(data) {
            case .success(let decoded):
                symbology = decoded.gs1 ? .gs1_128 : .code128
                text = decoded.text
            case .failure(let message):
                report(.invalidParameter, event, "GS k 73: \(message); not printed")
                transcript.append("[CODE128 not printed: \(message)]")
                return
            }
        default:
            report(.unsupported, event, "GS k \(type) (GS1 DataBar and others) is not drawn")
            transcript.append("[barcode type \(type) not drawn]")
            return
        }
        let matrix: BitMatrix
        do {
            matrix = try SymbolEncoder.linear(symbology, data: text)
        } catch {
            report(.invalidParameter, event, "\(symbology.rawValue) '\(text.prefix(40))' cannot be encoded: \(error.message)")
            transcript.append("[\(symbology.rawValue) not printed: invalid data]")
            return
        }
        let moduleWidth = state.barcodeModuleWidth
        let width = matrix.width * moduleWidth
        guard width <= areaWidth else {
            // Epson firmware skips a barcode that does not fit rather than print it cut.
            report(.clipped, event, "\(symbology.rawValue) is \(width) dots wide, the print area \(areaWidth): not printed")
            transcript.append("[\(symbology.rawValue) not printed: \(width) dots wider than \(areaWidth)]")
            return
        }
        if !items.isEmpty { printLine(recordText: true) }
        if state.hriPosition & 1 == 1 { humanReadable(text, width: width) }
        let bars = RasterImage(matrix: matrix, moduleWidth: moduleWidth, moduleHeight: state.barcodeHeight)
        drawBlock(unpack(bars), width: bars.width, height: bars.height, event: event, label: symbology.rawValue)
        transcript.append(placed("[\(symbology.rawValue)] \(text)", widthDots: width))
        if state.hriPosition & 2 == 2 { humanReadable(text, width: width) }
        symbols.append(RenderedSymbol(symbology: symbology.rawValue, text: text, moduleSize: moduleWidth))
    }

    /// `GS ( k` print: the stored data through libqrencode at the chosen module size.
    mutating func drawQRCode(_ event: ParsedEvent) {
        guard !state.qrData.isEmpty else {
            report(.invalidParameter, event, "QR print with no data stored")
            return
        }
        let matrix: BitMatrix
        do {
            matrix = try SymbolEncoder.qrCode(bytes: state.qrData, errorCorrection: state.qrErrorCorrection)
        } catch {
            report(.invalidParameter, event, "QR data cannot be encoded: \(error.message)")
            return
        }
        let size = state.qrModuleSize
        guard matrix.width * size <= areaWidth else {
            report(.clipped, event, "QR is \(matrix.width * size) dots wide, the print area \(areaWidth): not printed")
            transcript.append("[QR not printed: too wide]")
            return
        }
        let image = RasterImage(matrix: matrix, moduleWidth: size, moduleHeight: size)
        drawBlock(unpack(image), width: image.width, height: image.height, event: event, label: "QR")
        let payload = String(decoding: state.qrData, as: UTF8.self)
        transcript.append(placed("[QR \(state.qrErrorCorrection.rawValue) \(matrix.width)×\(matrix.width)] \(payload)", widthDots: image.width))
        symbols.append(RenderedSymbol(symbology: "QR", text: payload, moduleSize: size))
    }

    /// HRI characters centred on the bars, in the HRI font.
    private mutating func humanReadable(_ text: String, width: Int) {
        let font = profile.font(state.hriFont == 1 ? .b : .a)
        let characters = Array(text.unicodeScalars.prefix(max(1, width / font.widthDots)))
        let textWidth = characters.count * font.widthDots
        let free = areaWidth - width
        let barsLeft = areaLeft + (state.alignment == 1 ? free / 2 : state.alignment == 2 ? free : 0)
        var x = barsLeft + (width - textWidth) / 2
        canvas.extend(to: cursorY + font.heightDots + 2)
        for character in characters {
            let glyph = rasterizer.glyph(character, width: font.widthDots, height: font.heightDots, bold: false)
            canvas.draw(glyph.dots, width: glyph.width, height: glyph.height, x: x, y: cursorY + 1)
            x += font.widthDots
        }
        cursorY += font.heightDots + 2
    }

    private func unpack(_ image: RasterImage) -> [UInt8] {
        var dots = [UInt8](repeating: 0, count: image.width * image.height)
        for y in 0..<image.height {
            for x in 0..<image.width where image[x, y] { dots[y * image.width + x] = 1 }
        }
        return dots
    }

    enum Code128Decoding {
        case success((text: String, gs1: Bool))
        case failure(String)
    }

    /// Reads `{A`/`{B`/`{C` code sets, `{1` FNC1 and `{{`; code set C bytes are pair values.
    /// FNC1 first means GS1-128: the elements are rebuilt in bracketed form.
    static func decodeCode128(_ data: [UInt8]) -> Code128Decoding {
        guard data.count >= 2, data[0] == UInt8(ascii: "{"), [0x41, 0x42, 0x43].contains(data[1]) else {
            return .failure("data must start with a code set ({A, {B or {C)")
        }
        var set = data[1]
        var segments: [String] = [""]
        var fnc1First = false
        var sawData = false
        var index = 2
        while index < data.count {
            let byte = data[index]
            if byte == UInt8(ascii: "{"), set != 0x43 || index + 1 < data.count {
                guard index + 1 < data.count else { return .failure("data ends with '{'") }
                let code = data[index + 1]
                index += 2
                switch code {
                case 0x41, 0x42, 0x43: set = code
                case 0x31:  // FNC1
                    if !sawData { fnc1First = true } else { segments.append("") }
                case 0x7B: segments[segments.count - 1].append("{"); sawData = true
                case 0x32, 0x33, 0x34, 0x53: break  // FNC2–4, shift: no data of their own
                default: return .failure("unknown code '{\(UnicodeScalar(code))'")
                }
                continue
            }
            if set == 0x43 {
                guard byte <= 99 else { return .failure("code set C value \(byte) is not 0–99") }
                segments[segments.count - 1] += byte < 10 ? "0\(byte)" : "\(byte)"
            } else {
                guard byte < 0x80 else { return .failure("byte 0x\(String(byte, radix: 16)) is not ASCII") }
                segments[segments.count - 1].append(Character(UnicodeScalar(byte)))
            }
            sawData = true
            index += 1
        }
        guard sawData else { return .failure("no data") }
        if fnc1First {
            do {
                let elements = try GS1ElementString(fnc1Separated: segments)
                return .success((elements.bracketed, true))
            } catch {
                return .failure("GS1 data: \(error.message)")
            }
        }
        return .success((segments.joined(), false))
    }
}
