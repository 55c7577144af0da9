/// What the host must know about one printer model to print on it well.
///
/// Loaded from `devices/<id>.json` (schema in `devices/README.md`) and validated: a profile
/// that loads is internally consistent (fonts fit the line, printable width matches dots and
/// dpi, GS1-128 implies CODE128…).
public struct PrinterProfile: Codable, Sendable, Hashable, Identifiable {
    /// File name without `.json`: lowercase letters, digits and `-`.
    public var id: String
    /// Manufacturer, for people and logs.
    public var vendor: String
    /// Model name, for people and logs.
    public var model: String
    /// Free text for technicians (firmware caveats, DIP switches).
    public var notes: String?
    /// USB identities the model shows (several when it switches class).
    public var usb: [USBMatch]
    /// Roll and print head geometry.
    public var paper: Paper
    /// Resident fonts; font A is always there.
    public var fonts: [Font]
    /// The code page used for all text.
    public var codePage: CodePageSelection
    /// Whether to send `FS .` after `ESC @`: Chinese clones start in Kanji mode, where bytes
    /// ≥ 0x80 print as double-byte characters.
    public var cancelKanjiMode: Bool
    /// Barcodes and QR codes the firmware draws itself.
    public var symbols: NativeSymbols
    /// How images are sent.
    public var raster: Raster
    /// Cutter (or tear bar) and the feed before cutting.
    public var cutter: Cutter
    /// Which status queries the model answers.
    public var status: StatusSupport
    /// nil when the model has no buzzer.
    public var buzzer: Buzzer?
    /// Headline print speed, to size write timeouts and estimate print time.
    public var speedMmPerSecond: Int

    /// A USB vendor:product pair and the interface class it appears with.
    public struct USBMatch: Codable, Sendable, Hashable {
        /// Four hex digits, e.g. `04b8`.
        public var vendorId: String
        /// Four hex digits, e.g. `0e28`.
        public var productId: String
        /// 7 = printer class, 255 = vendor specific.
        public var interfaceClass: Int

        /// A USB identity.
        public init(vendorId: String, productId: String, interfaceClass: Int) {
            self.vendorId = vendorId
            self.productId = productId
            self.interfaceClass = interfaceClass
        }

        /// The vendor id as a number (0 if the text is not hex; validation rejects that).
        public var vendorID: UInt16 { UInt16(vendorId, radix: 16) ?? 0 }
        /// The product id as a number.
        public var productID: UInt16 { UInt16(productId, radix: 16) ?? 0 }
    }

    /// Paper and print head geometry.
    public struct Paper: Codable, Sendable, Hashable {
        /// Roll width: 58 or 80 mm (a few models take 76 or 82.5).
        public var widthMm: Double
        /// Width the head can print.
        public var printableWidthMm: Double
        /// Head resolution in dots per inch.
        public var dpi: Int
        /// Dots the head prints across the printable width (multiple of 8).
        public var dotsPerLine: Int

        /// Paper geometry.
        public init(widthMm: Double, printableWidthMm: Double, dpi: Int, dotsPerLine: Int) {
            self.widthMm = widthMm
            self.printableWidthMm = printableWidthMm
            self.dpi = dpi
            self.dotsPerLine = dotsPerLine
        }

        /// The whole roll width in dots (for a picture of the paper).
        public var paperWidthDots: Int { Int((widthMm / 25.4 * Double(dpi)).rounded()) }
    }

    /// A resident font: cell size in dots and characters per line.
    public struct Font: Codable, Sendable, Hashable {
        /// Which font (`ESC M`).
        public var name: FontName
        /// Cell width in dots.
        public var widthDots: Int
        /// Cell height in dots.
        public var heightDots: Int
        /// Characters per line at normal width.
        public var columns: Int

        /// A font description.
        public init(name: FontName, widthDots: Int, heightDots: Int, columns: Int) {
            self.name = name
            self.widthDots = widthDots
            self.heightDots = heightDots
            self.columns = columns
        }
    }

    /// The one code page the host uses with this model, and its `ESC t` number.
    public struct CodePageSelection: Codable, Sendable, Hashable {
        /// The code page.
        public var name: CodePage
        /// Its `ESC t n` number on this model.
        public var escT: Int

        /// A code page and its number.
        public init(name: CodePage, escT: Int) {
            self.name = name
            self.escT = escT
        }
    }

    /// Symbols the firmware draws itself (`GS k`, `GS ( k`); anything else is sent as raster.
    public struct NativeSymbols: Codable, Sendable, Hashable {
        /// CODE128 through `GS k 73`.
        public var code128: Bool
        /// CODE128 with FNC1 (`{1`) for GS1-128.
        public var gs1_128: Bool
        /// QR Code through `GS ( k`.
        public var qr: Bool
        /// `GS w` range the firmware accepts (Epson: 2–6).
        public var minModuleWidth: Int
        /// Widest `GS w` the firmware accepts.
        public var maxModuleWidth: Int
        /// Largest QR module size for `GS ( k` function 167 (Epson: 16).
        public var maxQRModuleSize: Int

        /// Native symbol support.
        public init(
            code128: Bool, gs1_128: Bool, qr: Bool, minModuleWidth: Int = 2, maxModuleWidth: Int = 6,
            maxQRModuleSize: Int = 16
        ) {
            self.code128 = code128
            self.gs1_128 = gs1_128
            self.qr = qr
            self.minModuleWidth = minModuleWidth
            self.maxModuleWidth = maxModuleWidth
            self.maxQRModuleSize = maxQRModuleSize
        }
    }

    /// How images are sent.
    public struct Raster: Codable, Sendable, Hashable {
        /// The image command.
        public var command: RasterCommand
        /// Rows per `GS v 0` band (clones garble bands much over 256 rows).
        public var bandRows: Int

        /// Raster settings.
        public init(command: RasterCommand, bandRows: Int) {
            self.command = command
            self.bandRows = bandRows
        }
    }

    /// The cutter, or the tear bar when neither cut is available.
    public struct Cutter: Codable, Sendable, Hashable {
        /// Whether a partial cut (a hinge of paper left) exists.
        public var partial: Bool
        /// Whether a full cut exists.
        public var full: Bool
        /// The cut command form.
        public var command: CutCommand
        /// Lines to feed so the last printed line clears the cutter (or tear bar).
        public var feedLines: Int

        /// Cutter settings.
        public init(partial: Bool, full: Bool, command: CutCommand, feedLines: Int) {
            self.partial = partial
            self.full = full
            self.command = command
            self.feedLines = feedLines
        }

        /// Whether there is a cutter at all.
        public var present: Bool { partial || full }
    }

    /// Real-time status support.
    public struct StatusSupport: Codable, Sendable, Hashable {
        /// Whether `DLE EOT n` answers (n = 1…4).
        public var dleEot: Bool
        /// Whether the paper near-end sensor is fitted (n = 4, bits 2–3).
        public var nearEndSensor: Bool

        /// Status support.
        public init(dleEot: Bool, nearEndSensor: Bool) {
            self.dleEot = dleEot
            self.nearEndSensor = nearEndSensor
        }
    }

    /// How to sound the buzzer.
    public struct Buzzer: Codable, Sendable, Hashable {
        /// How the buzzer is driven.
        public var command: BuzzerCommand
        /// Length of one beep in 50 ms units (`ESC B`) or 2 ms units (drawer pulse).
        public var duration: Int

        /// Buzzer settings.
        public init(command: BuzzerCommand, duration: Int) {
            self.command = command
            self.duration = duration
        }
    }

    /// The profile's default font (A).
    public var fontA: Font { fonts.first { $0.name == .a } ?? fonts[0] }

    /// A font by name, falling back to font A.
    public func font(_ name: FontName) -> Font {
        fonts.first { $0.name == name } ?? fontA
    }
}
