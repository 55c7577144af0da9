import ESCPOS

/// Applies parsed commands to a strip of paper the way an ESC/POS printer does: text collects
/// in a line buffer and prints on LF (aligned, bottom-aligned when sizes mix), images and
/// symbols print at the start of a line, a cut ends the page.
struct PaperRenderer {
    /// The page handed over when a job ends.
    struct Page {
        var image: PaperImage
        var textLines: [String]
        var transcript: [String]
        var diagnostics: [EmulatorDiagnostic]
        var symbols: [RenderedSymbol]
    }

    /// One thing in the line buffer, positioned from the start of the print area.
    enum LineItem {
        case glyph(GlyphRasterizer.Glyph, x: Int, scaleX: Int, scaleY: Int, cellWidth: Int, invert: Bool, underline: UInt8)
        case bitmap([UInt8], x: Int, width: Int, height: Int)

        var height: Int {
            switch self {
            case .glyph(let glyph, _, _, let scaleY, _, _, _): glyph.height * scaleY
            case .bitmap(_, _, _, let height): height
            }
        }
    }

    static let topMargin = 16
    static let cutMargin = 24
    /// About 2.5 m of paper at 203 dpi: a longer job is clipped, not an out-of-memory.
    static let maximumRows = 20_000

    let profile: PrinterProfile
    let rasterizer: GlyphRasterizer
    var state: PrinterState
    var canvas: PaperCanvas
    var cursorY = PaperRenderer.topMargin
    var items: [LineItem] = []
    var lineX = 0
    var lineText = String.UnicodeScalarView()
    var kanjiLead: UInt8?
    var textLines: [String] = []
    var transcript: [String] = []
    var diagnostics: [EmulatorDiagnostic] = []
    var symbols: [RenderedSymbol] = []
    /// Index in `transcript` of the last image marker, to merge `GS v 0` bands.
    var lastImage: (index: Int, width: Int, height: Int, bottom: Int)?
    /// Whether anything reached the page since the last cut.
    var hasContent = false

    init(profile: PrinterProfile, rasterizer: GlyphRasterizer) {
        self.profile = profile
        self.rasterizer = rasterizer
        // Power-on state of the firmware: single-byte text in CP437. Clones that can print
        // Chinese enter Kanji mode only when told to (`FS &`); the switch shows in the transcript.
        state = PrinterState()
        canvas = PaperCanvas(width: profile.paper.paperWidthDots, maximumHeight: Self.maximumRows)
    }

    /// Left edge of the print area on the paper.
    var areaLeft: Int { (profile.paper.paperWidthDots - profile.paper.dotsPerLine) / 2 + min(state.leftMargin, profile.paper.dotsPerLine) }

    /// Width of the print area in dots.
    var areaWidth: Int {
        let available = max(0, profile.paper.dotsPerLine - state.leftMargin)
        return min(available, state.printAreaWidth ?? available)
    }

    var lineSpacing: Int { state.lineSpacing ?? profile.defaultLineSpacing }

    /// Applies one command; returns the ending if the command cut the paper.
    mutating func apply(_ event: ParsedEvent) -> RenderedJob.Ending? {
        switch event.command {
        case .text(let bytes): addText(bytes)
        case .lineFeed: printLine(recordText: true)
        case .carriageReturn: break  // ESC/POS hosts send CR LF; auto line feed is off by default
        case .formFeed: if !items.isEmpty { printLine(recordText: true) }
        case .horizontalTab: tab()
        case .initialize:
            if state.kanjiMode { transcript.append("[ESC @: Kanji mode off]") }
            state = PrinterState()
            kanjiLead = nil
            items.removeAll()
            lineX = 0
            lineText.removeAll()
        case .selectCodePage(let number):
            if let page = profile.codePage(forEscT: number) {
                state.codePage = page
            } else {
                report(.invalidParameter, event, "ESC t \(number) is not a code page the emulator knows for \(profile.id); CP437 kept")
                state.codePage = .cp437
            }
        case .printMode(let mode): state.applyPrintMode(mode)
        case .underline(let value): state.underline = min(2, value)
        case .emphasized(let on): state.bold = on
        case .font(let value): state.font = value
        case .alignment(let value):
            if value <= 2 { state.alignment = value } else { report(.invalidParameter, event, "ESC a \(value)") }
        case .characterSize(let size):
            if !state.applyCharacterSize(size) { report(.invalidParameter, event, "GS ! 0x\(String(size, radix: 16)) exceeds 8×8") }
        case .reverse(let on): state.reverse = on
        case .upsideDown(let on): if on { report(.unsupported, event, "upside-down printing is drawn upright") }
        case .rotate90(let on): if on { report(.unsupported, event, "90° character rotation is drawn upright") }
        case .rightSpacing(let dots): state.rightSpacing = Int(dots)
        case .feedLines(let count):
            if !items.isEmpty { printLine(recordText: true) }
            feed(count * lineSpacing, transcriptLines: count)
        case .feedDots(let dots):
            if !items.isEmpty { printLine(recordText: true, minimumAdvance: dots) } else { feed(dots, transcriptLines: 0) }
        case .reverseFeed: report(.unsupported, event, "reverse feed ignored")
        case .lineSpacing(let spacing): state.lineSpacing = spacing
        case .absolutePosition(let dots): lineX = min(dots, areaWidth)
        case .relativePosition(let dots): lineX = min(max(0, lineX + dots), areaWidth)
        case .leftMargin(let dots): state.leftMargin = dots
        case .printAreaWidth(let dots): state.printAreaWidth = dots
        case .tabPositions(let stops): state.tabStops = stops.map(Int.init)
        case .bitImage(let mode, let width, let data): addBitImage(mode: mode, width: width, data: data, event: event)
        case .rasterImage(let mode, let widthBytes, let height, let data):
            drawRaster(packedRows: data, widthBytes: widthBytes, height: height, scaleX: mode & 1 == 1 ? 2 : 1, scaleY: mode & 2 == 2 ? 2 : 1, event: event)
        case .storeGraphics(let width, let height, let scaleX, let scaleY, let data):
            state.graphic = PrinterState.StoredGraphic(width: width, height: height, scaleX: scaleX, scaleY: scaleY, packedRows: data)
        case .printGraphics: printStoredGraphic(event)
        case .barcodeHeight(let height):
            if height >= 1 { state.barcodeHeight = height } else { report(.invalidParameter, event, "GS h 0") }
        case .barcodeModuleWidth(let width):
            if (1...6).contains(width) { state.barcodeModuleWidth = width } else { report(.invalidParameter, event, "GS w \(width) is not 1–6") }
        case .hriPosition(let position): state.hriPosition = position & 3
        case .hriFont(let font): state.hriFont = font
        case .barcode(let type, let data): drawBarcode(type: type, data: data, event: event)
        case .qrModel: break
        case .qrModuleSize(let size):
            if (1...16).contains(size) { state.qrModuleSize = Int(size) } else { report(.invalidParameter, event, "QR module size \(size)") }
        case .qrErrorCorrection(let level): state.qrErrorCorrection = [.low, .medium, .quartile, .high][Int(min(3, level &- 48))]
        case .qrStore(let data): state.qrData = data
        case .qrPrint: drawQRCode(event)
        case .otherSymbol(let symbol, let function):
            if function == 81 || function == 0x51 { report(.unsupported, event, "2-D symbol cn=\(symbol) is not drawn (only QR, cn=49)") }
        case .cut(let full, let feedDots):
            if !items.isEmpty { printLine(recordText: true) }
            feed((feedDots ?? 0) + Self.cutMargin, transcriptLines: 0)
            transcript.append("--- \(full ? "full" : "partial") cut ---")
            return .cut(full: full)
        case .kanjiMode(let on):
            if on != state.kanjiMode {
                if !items.isEmpty { printLine(recordText: true) }
                transcript.append(on ? "[FS &: Kanji mode on: bytes from 0x80 print as double-byte characters]" : "[FS .: Kanji mode off]")
            }
            state.kanjiMode = on
            kanjiLead = nil
        case .pageMode(let on): if on { report(.unsupported, event, "page mode is not emulated; printing in standard mode") }
        case .buzzer(let times, let duration): transcript.append("[buzzer \(times)× \(Int(duration) * 50) ms]")
        case .drawerPulse(let pin, let onTime): transcript.append("[drawer pulse pin \(pin == 1 || pin == 49 ? 5 : 2), \(Int(onTime) * 2) ms]")
        case .realtimeStatus, .realtimeRequest, .transmitStatus, .transmitPrinterID, .automaticStatusBack,
            .internationalCharacterSet, .ignored:
            break
        case .diagnostic(let diagnostic): record(diagnostic)
        }
        return nil
    }

    /// Hands the page over and starts a fresh one (printer modes are kept, as on paper).
    mutating func takePage() -> Page {
        if !items.isEmpty { printLine(recordText: true) }
        canvas.extend(to: cursorY)
        if canvas.overflowed {
            record(EmulatorDiagnostic(.clipped, offset: 0, bytes: [], message: "job longer than \(Self.maximumRows) dots: the rest was not drawn"))
        }
        let page = Page(
            image: canvas.image(dpi: profile.paper.dpi), textLines: textLines, transcript: transcript,
            diagnostics: diagnostics, symbols: symbols)
        canvas = PaperCanvas(width: profile.paper.paperWidthDots, maximumHeight: Self.maximumRows)
        cursorY = Self.topMargin
        textLines = []
        transcript = []
        diagnostics = []
        symbols = []
        lastImage = nil
        hasContent = false
        return page
    }

    mutating func report(_ code: EmulatorDiagnostic.Code, _ event: ParsedEvent, _ message: String) {
        record(EmulatorDiagnostic(code, offset: event.offset, bytes: [], message: message))
    }

    /// Keeps the first 200 diagnostics of a page; garbage streams produce thousands.
    mutating func record(_ diagnostic: EmulatorDiagnostic) {
        hasContent = true
        if diagnostics.count < 200 {
            diagnostics.append(diagnostic)
        } else if diagnostics.count == 200 {
            diagnostics.append(EmulatorDiagnostic(diagnostic.code, offset: diagnostic.offset, bytes: [], message: "more diagnostics not listed"))
        }
    }

    /// Advances the paper without printing.
    mutating func feed(_ dots: Int, transcriptLines: Int) {
        cursorY += max(0, dots)
        canvas.extend(to: cursorY)
        if transcriptLines > 0 { transcript.append(contentsOf: repeatElement("", count: min(transcriptLines, 20))) }
        lastImage = nil
    }
}
