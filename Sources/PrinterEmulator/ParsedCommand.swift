/// One ESC/POS command (or run of text) as the virtual printer understood it.
public enum ParsedCommand: Sendable, Hashable {
    /// Printable bytes (≥ 0x20), in the current code page.
    case text([UInt8])
    case lineFeed
    case carriageReturn
    case horizontalTab
    /// FF: ends page mode; in standard mode prints the buffer.
    case formFeed
    /// `ESC @`.
    case initialize
    /// `ESC t n`.
    case selectCodePage(UInt8)
    /// `ESC R n`.
    case internationalCharacterSet(UInt8)
    /// `ESC ! n`: font, bold, double height/width, underline in one byte.
    case printMode(UInt8)
    /// `ESC - n`.
    case underline(UInt8)
    /// `ESC E n` / `ESC G n`.
    case emphasized(Bool)
    /// `ESC M n`.
    case font(UInt8)
    /// `ESC a n`.
    case alignment(UInt8)
    /// `GS ! n`.
    case characterSize(UInt8)
    /// `GS B n`.
    case reverse(Bool)
    /// `ESC {` n / `ESC V n`: drawn unrotated, noted.
    case upsideDown(Bool)
    case rotate90(Bool)
    /// `ESC SP n`: extra dots right of each character.
    case rightSpacing(UInt8)
    /// `ESC d n`.
    case feedLines(Int)
    /// `ESC J n`.
    case feedDots(Int)
    /// `ESC e n` / `ESC K n`: reverse feed (ignored on paper, noted).
    case reverseFeed(Int)
    /// `ESC 3 n`, or nil for `ESC 2` (default spacing).
    case lineSpacing(Int?)
    /// `ESC $`.
    case absolutePosition(Int)
    /// `ESC \`.
    case relativePosition(Int)
    /// `GS L`.
    case leftMargin(Int)
    /// `GS W`.
    case printAreaWidth(Int)
    /// `ESC D`: tab stops in characters.
    case tabPositions([UInt8])
    /// `ESC * m nL nH d…`: a line of column-format bit image.
    case bitImage(mode: UInt8, width: Int, data: [UInt8])
    /// `GS v 0 m xL xH yL yH d…`.
    case rasterImage(mode: UInt8, widthBytes: Int, height: Int, data: [UInt8])
    /// `GS ( L` / `GS 8 L` function 112: store a graphic (monochrome).
    case storeGraphics(widthDots: Int, height: Int, scaleX: Int, scaleY: Int, data: [UInt8])
    /// `GS ( L` function 50: print the stored graphic.
    case printGraphics
    /// `GS h n`.
    case barcodeHeight(Int)
    /// `GS w n`.
    case barcodeModuleWidth(Int)
    /// `GS H n`: 0 none, 1 above, 2 below, 3 both.
    case hriPosition(UInt8)
    /// `GS f n`.
    case hriFont(UInt8)
    /// `GS k m …`: m 0–6 (NUL-terminated form) or 65–79.
    case barcode(type: UInt8, data: [UInt8])
    /// `GS ( k` cn 49 fn 65.
    case qrModel(UInt8)
    /// `GS ( k` cn 49 fn 67.
    case qrModuleSize(UInt8)
    /// `GS ( k` cn 49 fn 69 (48–51 = L, M, Q, H).
    case qrErrorCorrection(UInt8)
    /// `GS ( k` cn 49 fn 80.
    case qrStore([UInt8])
    /// `GS ( k` cn 49 fn 81.
    case qrPrint
    /// `GS ( k` for a symbology other than QR (PDF417, MaxiCode…).
    case otherSymbol(cn: UInt8, fn: UInt8)
    /// `GS V`, `ESC i`, `ESC m`: `feedDots` is nil for a cut at the current position.
    case cut(full: Bool, feedDots: Int?)
    /// `DLE EOT n`.
    case realtimeStatus(UInt8)
    /// `DLE ENQ n`.
    case realtimeRequest(UInt8)
    /// `GS r n`.
    case transmitStatus(UInt8)
    /// `GS I n`.
    case transmitPrinterID(UInt8)
    /// `GS a n`.
    case automaticStatusBack(UInt8)
    /// `ESC B n t`.
    case buzzer(times: UInt8, duration: UInt8)
    /// `ESC p m t1 t2` / `DLE DC4 1 m t`.
    case drawerPulse(pin: UInt8, onTime: UInt8)
    /// `FS &` (true) / `FS .` (false).
    case kanjiMode(Bool)
    /// `ESC L` (true) / `ESC S` (false).
    case pageMode(Bool)
    /// A known command with no effect on the picture (`ESC c 5`, `GS b`, `FS !`…).
    case ignored(String)
    /// Something not understood; see the diagnostic.
    case diagnostic(EmulatorDiagnostic)
}

/// A parsed command and where it sits in the stream.
public struct ParsedEvent: Sendable, Hashable {
    /// What was parsed.
    public var command: ParsedCommand
    /// Offset of the first byte, counted since the parser started.
    public var offset: Int
    /// Bytes the command took (0 for a diagnostic about bytes already counted).
    public var length: Int

    /// An event.
    public init(command: ParsedCommand, offset: Int, length: Int) {
        self.command = command
        self.offset = offset
        self.length = length
    }
}
