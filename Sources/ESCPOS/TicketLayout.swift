/// Lays a `TicketContent` out as a `Document` for one profile: office on top, the label in
/// large type, waiting figures, the QR (the turn's page, or what the kiosk's rating screen
/// reads), the footer, a cut.
///
/// Sizes adapt to the line: the label gets the largest scale (up to 4×) that fits, so the
/// same layout works on 58 mm (32 columns) and 80 mm (42–48 columns).
public struct TicketLayout: Sendable {
    /// The fixed texts of a ticket.
    public struct Strings: Sendable, Hashable {
        /// Caption above the label.
        public var yourTurn: String
        /// Banner for preferential turns (printed uppercase).
        public var preferential: String
        /// Caption before the number of people ahead.
        public var peopleAhead: String
        /// Caption before the estimate.
        public var estimatedWait: String
        /// Line under a QR that links to the centre's page for the turn.
        public var scanHint: String
        /// Line under a QR that only the kiosk's rating screen reads (offices without a centre):
        /// it must not promise a page that does not exist.
        public var kioskScanHint: String
        /// Banner on reprinted tickets (printed uppercase).
        public var reprint: String
        /// Caption before the rating code.
        public var ratingCode: String

        /// Texts for another language or wording.
        public init(
            yourTurn: String, preferential: String, peopleAhead: String, estimatedWait: String, scanHint: String,
            kioskScanHint: String = "Para calificar en el kiosco, escanee este código",
            reprint: String = "Reimpresión", ratingCode: String = "Código para calificar"
        ) {
            self.kioskScanHint = kioskScanHint
            self.ratingCode = ratingCode
            self.yourTurn = yourTurn
            self.preferential = preferential
            self.peopleAhead = peopleAhead
            self.estimatedWait = estimatedWait
            self.scanHint = scanHint
            self.reprint = reprint
        }

        /// Colombian Spanish.
        public static let spanish = Strings(
            yourTurn: "Su turno", preferential: "Atención preferencial", peopleAhead: "Personas antes de usted",
            estimatedWait: "Espera estimada", scanHint: "Escanee para seguir su turno en el celular y calificar la atención")

        /// English, for customers who chose it at the screen.
        public static let english = Strings(
            yourTurn: "Your turn", preferential: "Priority service", peopleAhead: "People ahead of you",
            estimatedWait: "Estimated wait", scanHint: "Scan to follow your turn on your phone and rate the service",
            kioskScanHint: "To rate at the kiosk, scan this code", reprint: "Reprint", ratingCode: "Rating code")
    }

    /// The fixed texts.
    public var strings: Strings {
        didSet { preferentialBanner = strings.preferential.uppercased() }
    }
    /// Uppercased once, not per ticket.
    private var preferentialBanner: String
    /// Largest scale for the label (GS ! allows 8; 4 is already 12 mm tall on 203 dpi).
    public var maximumLabelScale: Int

    /// A layout with these texts and label scale limit (1–8).
    public init(strings: Strings = .spanish, maximumLabelScale: Int = 4) {
        self.strings = strings
        preferentialBanner = strings.preferential.uppercased()
        self.maximumLabelScale = min(8, max(1, maximumLabelScale))
    }

    /// The ticket for a profile.
    public func document(for content: TicketContent, profile: PrinterProfile) -> Document {
        let center = TextStyle.centered
        let columns = center.columns(on: profile)
        var document = Document()
        document.elements.reserveCapacity(24)
        if !content.companyName.isEmpty {
            document.text(content.companyName, TextStyle(alignment: .center, bold: true))
        }
        document.text(content.officeName, center)
        document.separator("=", center)
        if content.isReprint {
            document.text(strings.reprint.uppercased(), TextStyle(alignment: .center, bold: true, heightScale: 2, inverted: true))
        }
        document.text(content.serviceName, TextStyle(alignment: .center, bold: true, heightScale: 2))
        document.feed(lines: 1)
        document.text(strings.yourTurn, center)
        let scale = labelScale(for: content.label, columns: columns)
        document.text(content.label, TextStyle(alignment: .center, bold: true, widthScale: scale, heightScale: scale))
        if content.preferential {
            document.text(preferentialBanner, TextStyle(alignment: .center, bold: true, inverted: true))
        }
        document.feed(lines: 1)
        document.text(content.issuedText, center)
        document.text("\(strings.peopleAhead): \(content.peopleAhead)", center)
        if let estimate = content.estimateText, !estimate.isEmpty {
            document.text("\(strings.estimatedWait): \(estimate)", center)
        }
        if !content.qrPayload.isEmpty {
            document.qrCode(QRCode(content.qrPayload, errorCorrection: .medium, alignment: .center))
            document.text(content.qrIsLink ? strings.scanHint : strings.kioskScanHint, TextStyle(alignment: .center, font: .b))
        }
        if !content.ratingCode.isEmpty {
            document.text("\(strings.ratingCode): \(content.ratingCode)", TextStyle(alignment: .center, bold: true))
        }
        if !content.footer.isEmpty {
            document.separator("-", center)
            document.text(content.footer, TextStyle(alignment: .center, font: .b))
        }
        document.cut(.partial)
        return document
    }

    /// Layout and encoding in one step: the bytes to send for a ticket.
    public func encode(_ content: TicketContent, profile: PrinterProfile) throws(ESCPOSError) -> EncodedDocument {
        try ESCPOSEncoder(profile: profile).encode(document(for: content, profile: profile))
    }

    /// The largest scale at which the label stays on one line.
    func labelScale(for label: String, columns: Int) -> Int {
        let length = max(1, label.unicodeScalars.count)
        return max(1, min(maximumLabelScale, columns / length))
    }
}
