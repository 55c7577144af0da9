public import ESCPOS

/// One printed job: everything up to a cut (or the end of the stream), as a picture, text and
/// the raw bytes.
public struct RenderedJob: Sendable {
    /// What ended the job.
    public enum Ending: Sendable, Hashable, CustomStringConvertible {
        case cut(full: Bool)
        /// The stream (connection, `process` call) ended without a cut.
        case endOfStream

        public var description: String {
            switch self {
            case .cut(let full): full ? "full cut" : "partial cut"
            case .endOfStream: "end of stream (no cut)"
            }
        }
    }

    /// 1, 2, 3… per virtual printer.
    public var number: Int
    /// The profile it was printed on.
    public var profileID: String
    /// What ended it.
    public var ending: Ending
    /// The job's bytes as received.
    public var bytes: [UInt8]
    /// The paper, full roll width, at the profile's dpi.
    public var image: PaperImage
    /// Printed text, one entry per printed text line (no alignment padding).
    public var textLines: [String]
    /// Human-readable transcript: header, aligned text, markers for images and symbols,
    /// diagnostics at the end.
    public var transcript: String
    /// What the printer did not understand or could not do (at most 200 listed).
    public var diagnostics: [EmulatorDiagnostic]
    /// Barcodes and QR codes drawn from native commands, with their content.
    public var symbols: [RenderedSymbol]
    /// The printer status when the job ended (a real printer would not have printed it unless
    /// `status.canPrint`).
    public var status: PrinterStatus

    /// The picture as PNG.
    public func pngData() -> [UInt8] {
        image.pngData()
    }
}

/// A barcode or QR code the printer drew itself.
public struct RenderedSymbol: Sendable, Hashable {
    /// "QR", "CODE128", "GS1-128", "EAN-13"…
    public var symbology: String
    /// The content (GS1 in bracketed form).
    public var text: String
    /// Dots per module.
    public var moduleSize: Int

    /// A symbol record.
    public init(symbology: String, text: String, moduleSize: Int) {
        self.symbology = symbology
        self.text = text
        self.moduleSize = moduleSize
    }
}
