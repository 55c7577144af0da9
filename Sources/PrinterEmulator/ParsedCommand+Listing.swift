extension ParsedCommand: CustomStringConvertible {
    /// One line of disassembly: the command as written in ESC/POS manuals ("ESC a 1",
    /// `TEXT "Su turno"`, "GS v 0 m=0 15×116 [fnv 1a2b…]"). Payloads are summarised by size and
    /// a hash so a listing diff shows that they changed.
    public var description: String {
        switch self {
        case .text(let bytes): "TEXT \"\(Self.escaped(bytes))\""
        case .lineFeed: "LF"
        case .carriageReturn: "CR"
        case .horizontalTab: "HT"
        case .formFeed: "FF"
        case .initialize: "ESC @"
        case .selectCodePage(let n): "ESC t \(n)"
        case .internationalCharacterSet(let n): "ESC R \(n)"
        case .printMode(let n): "ESC ! 0x\(Self.hex(n))"
        case .underline(let n): "ESC - \(n)"
        case .emphasized(let on): "ESC E \(on ? 1 : 0)"
        case .font(let n): "ESC M \(n)"
        case .alignment(let n): "ESC a \(n)"
        case .characterSize(let n): "GS ! 0x\(Self.hex(n))"
        case .reverse(let on): "GS B \(on ? 1 : 0)"
        case .upsideDown(let on): "ESC { \(on ? 1 : 0)"
        case .rotate90(let on): "ESC V \(on ? 1 : 0)"
        case .rightSpacing(let n): "ESC SP \(n)"
        case .feedLines(let n): "ESC d \(n)"
        case .feedDots(let n): "ESC J \(n)"
        case .reverseFeed(let n): "ESC e \(n)"
        case .lineSpacing(let n): n.map { "ESC 3 \($0)" } ?? "ESC 2"
        case .absolutePosition(let n): "ESC $ \(n)"
        case .relativePosition(let n): "ESC \\ \(n)"
        case .leftMargin(let n): "GS L \(n)"
        case .printAreaWidth(let n): "GS W \(n)"
        case .tabPositions(let stops): "ESC D \(stops.map(String.init).joined(separator: " "))"
        case .bitImage(let mode, let width, let data): "ESC * \(mode) width=\(width) [\(Self.digest(data))]"
        case .rasterImage(let mode, let widthBytes, let height, let data):
            "GS v 0 m=\(mode) \(widthBytes * 8)×\(height) [\(Self.digest(data))]"
        case .storeGraphics(let width, let height, let scaleX, let scaleY, let data):
            "GS ( L store \(width)×\(height) scale \(scaleX)×\(scaleY) [\(Self.digest(data))]"
        case .printGraphics: "GS ( L print"
        case .barcodeHeight(let n): "GS h \(n)"
        case .barcodeModuleWidth(let n): "GS w \(n)"
        case .hriPosition(let n): "GS H \(n)"
        case .hriFont(let n): "GS f \(n)"
        case .barcode(let type, let data): "GS k \(type) \"\(Self.escaped(data))\""
        case .qrModel(let n): "GS ( k QR model \(n)"
        case .qrModuleSize(let n): "GS ( k QR size \(n)"
        case .qrErrorCorrection(let n): "GS ( k QR level \(n)"
        case .qrStore(let data): "GS ( k QR store \"\(Self.escaped(data))\""
        case .qrPrint: "GS ( k QR print"
        case .otherSymbol(let symbol, let function): "GS ( k cn=\(symbol) fn=\(function)"
        case .cut(let full, let feed): "GS V \(full ? "full" : "partial")" + (feed.map { " feed \($0)" } ?? "")
        case .realtimeStatus(let n): "DLE EOT \(n)"
        case .realtimeRequest(let n): "DLE ENQ \(n)"
        case .transmitStatus(let n): "GS r \(n)"
        case .transmitPrinterID(let n): "GS I \(n)"
        case .automaticStatusBack(let n): "GS a \(n)"
        case .buzzer(let times, let duration): "ESC B \(times) \(duration)"
        case .drawerPulse(let pin, let onTime): "ESC p \(pin) \(onTime)"
        case .kanjiMode(let on): on ? "FS &" : "FS ."
        case .pageMode(let on): on ? "ESC L" : "ESC S"
        case .ignored(let name): name
        case .diagnostic(let diagnostic): "! \(diagnostic)"
        }
    }

    /// A disassembly of a whole stream, one command per line.
    public static func listing(of bytes: [UInt8]) -> String {
        var parser = ESCPOSParser()
        let events = parser.feed(bytes) + parser.finish()
        return events.map { "\($0.command)\n" }.joined()
    }

    private static func hex(_ byte: UInt8) -> String {
        String(byte, radix: 16, uppercase: true).leftPadded(2)
    }

    /// Printable ASCII as is, everything else as `\xNN`.
    private static func escaped(_ bytes: [UInt8]) -> String {
        var text = ""
        for byte in bytes {
            if byte >= 0x20, byte < 0x7F, byte != 0x22, byte != 0x5C {
                text.append(Character(UnicodeScalar(byte)))
            } else {
                text += "\\x" + hex(byte)
            }
        }
        return text
    }

    /// Size and FNV-1a hash of a payload.
    private static func digest(_ bytes: [UInt8]) -> String {
        var hash: UInt32 = 0x811C_9DC5
        for byte in bytes {
            hash = (hash ^ UInt32(byte)) &* 0x0100_0193
        }
        return "\(bytes.count) bytes, fnv \(String(hash, radix: 16).leftPadded(8))"
    }
}
