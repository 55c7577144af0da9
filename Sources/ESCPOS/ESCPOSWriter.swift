/// Appends ESC/POS commands to a byte buffer, remembering the printer's text state so a style
/// is only re-sent when it changes.
struct ESCPOSWriter {
    private(set) var bytes: [UInt8] = []
    private(set) var textLineRanges: [Range<Int>] = []
    private(set) var notes: [EncodingNote] = []
    /// The state `ESC @` leaves: what the printer is in now.
    private var style = TextStyle.plain
    private var alignment = Alignment.left
    /// Reused buffers for text encoding (ESCPOSWriter+Text.swift).
    var scratch: [UInt8] = []
    var paragraphEnds: [Int] = []
    var lineScratch: [Range<Int>] = []
    /// Scalars already noted as transliterated (a ticket has few; a linear search is cheapest).
    var notedScalars: [UInt32] = []

    /// Sized for a ticket, so encoding one reallocates nothing.
    init(capacity: Int = 1024) {
        bytes.reserveCapacity(capacity)
        textLineRanges.reserveCapacity(32)
        scratch.reserveCapacity(256)
        paragraphEnds.reserveCapacity(4)
        lineScratch.reserveCapacity(8)
    }

    mutating func append(_ more: [UInt8]) {
        bytes.append(contentsOf: more)
    }

    // Fixed-arity appends: an array literal per command would allocate on every call.
    mutating func emit(_ b0: UInt8, _ b1: UInt8) {
        bytes.append(b0)
        bytes.append(b1)
    }

    mutating func emit(_ b0: UInt8, _ b1: UInt8, _ b2: UInt8) {
        bytes.append(b0)
        bytes.append(b1)
        bytes.append(b2)
    }

    mutating func emit(_ b0: UInt8, _ b1: UInt8, _ b2: UInt8, _ b3: UInt8) {
        emit(b0, b1)
        emit(b2, b3)
    }

    mutating func note(_ note: EncodingNote) {
        if !notes.contains(note) { notes.append(note) }
    }

    /// `ESC @`, then the code page (`ESC t` after every `ESC @`), and `FS .` for clones that
    /// start in Kanji mode.
    mutating func initialize(profile: PrinterProfile) {
        emit(0x1B, 0x40)
        emit(0x1B, 0x74, UInt8(profile.codePage.escT))
        if profile.cancelKanjiMode { emit(0x1C, 0x2E) }
        style = .plain
        alignment = .left
    }

    /// `ESC a n`, if different.
    mutating func align(_ value: Alignment) {
        guard value != alignment else { return }
        emit(0x1B, 0x61, value.rawValue)
        alignment = value
    }

    /// Sends whatever differs between the printer's style and `next`.
    mutating func setStyle(_ next: TextStyle) {
        align(next.alignment)
        if next.font != style.font { emit(0x1B, 0x4D, next.font.escM) }
        if next.bold != style.bold { emit(0x1B, 0x45, next.bold ? 1 : 0) }
        if next.underline != style.underline { emit(0x1B, 0x2D, next.underline.rawValue) }
        if next.sizeByte != style.sizeByte { emit(0x1D, 0x21, next.sizeByte) }
        if next.inverted != style.inverted { emit(0x1D, 0x42, next.inverted ? 1 : 0) }
        style = next
    }

    /// Prints one line of already-encoded text.
    mutating func line(_ text: ArraySlice<UInt8>) {
        let start = bytes.count
        bytes.append(contentsOf: text)
        textLineRanges.append(start..<bytes.count)
        bytes.append(0x0A)
    }

    /// `ESC d n`: print and feed n lines.
    mutating func feedLines(_ count: Int) {
        var remaining = max(0, count)
        while remaining > 0 {
            let step = min(255, remaining)
            emit(0x1B, 0x64, UInt8(step))
            remaining -= step
        }
    }

    /// `ESC J n`: print and feed n dots.
    mutating func feedDots(_ count: Int) {
        var remaining = max(0, count)
        while remaining > 0 {
            let step = min(255, remaining)
            emit(0x1B, 0x4A, UInt8(step))
            remaining -= step
        }
    }

    /// Text style back to plain, keeping alignment (before barcodes: `GS !` and reverse apply
    /// to HRI and some firmware applies them to bars).
    mutating func resetCharacterStyle() {
        var plain = TextStyle.plain
        plain.alignment = alignment
        setStyle(plain)
    }
}
