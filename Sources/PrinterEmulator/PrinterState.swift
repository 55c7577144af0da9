import ESCPOS
import Symbology

/// The modes a printer keeps between commands; `ESC @` puts them back to these defaults.
struct PrinterState {
    var codePage = CodePage.cp437
    /// `FS &` on, `FS .` off; off at power-on and after `ESC @`.
    var kanjiMode = false
    var font: UInt8 = 0
    var bold = false
    var underline: UInt8 = 0
    var widthScale = 1
    var heightScale = 1
    var reverse = false
    var alignment: UInt8 = 0
    /// nil = the default spacing (1/6 inch).
    var lineSpacing: Int?
    var rightSpacing = 0
    var leftMargin = 0
    var printAreaWidth: Int?
    /// Tab stops in characters; default every 8.
    var tabStops: [Int] = Array(stride(from: 8, through: 248, by: 8))
    var barcodeHeight = 162
    var barcodeModuleWidth = 3
    var hriPosition: UInt8 = 0
    var hriFont: UInt8 = 0
    var qrModuleSize = 3
    var qrErrorCorrection = QRErrorCorrection.low
    var qrData: [UInt8] = []
    var graphic: StoredGraphic?

    /// A graphic kept by `GS ( L` function 112 until function 50 prints it.
    struct StoredGraphic {
        var width: Int
        var height: Int
        var scaleX: Int
        var scaleY: Int
        var packedRows: [UInt8]
    }

    /// `ESC !`: font B, emphasized, double height, double width, underline in one byte.
    mutating func applyPrintMode(_ mode: UInt8) {
        font = mode & 0x01
        bold = mode & 0x08 != 0
        heightScale = mode & 0x10 != 0 ? 2 : 1
        widthScale = mode & 0x20 != 0 ? 2 : 1
        underline = mode & 0x80 != 0 ? 1 : 0
    }

    /// `GS !`: width multiplier in the high nibble, height in the low, each 1–8.
    mutating func applyCharacterSize(_ size: UInt8) -> Bool {
        let width = Int(size >> 4) + 1
        let height = Int(size & 0x0F) + 1
        guard width <= 8, height <= 8 else { return false }
        widthScale = width
        heightScale = height
        return true
    }
}

extension PrinterProfile {
    /// The code page an `ESC t n` selects on this model: the profile's own number first, then the
    /// numbers Epson and most clones share.
    func codePage(forEscT number: UInt8) -> CodePage? {
        if Int(number) == codePage.escT { return codePage.name }
        switch number {
        case 0: return .cp437
        case 2: return .cp850
        case 16: return .wpc1252
        case 19: return .cp858
        default: return nil
        }
    }

    /// Default line spacing: 1/6 inch.
    var defaultLineSpacing: Int { Int((Double(paper.dpi) / 6).rounded()) }
}
