/// What a payment coupon says, as plain values (the kiosk fills it; personal data already
/// masked by the caller).
public struct CouponContent: Sendable, Hashable {
    public var companyName: String
    public var officeName: String
    /// "PAGO TOTAL", "ABONO" or "DUPLICADO DE FACTURA".
    public var kindTitle: String
    public var maskedAccount: String
    public var maskedName: String
    public var billNumber: String
    /// "$ 131.225".
    public var amountText: String
    /// "31/03/2026".
    public var dueDateText: String
    /// Bracketed GS1 element string: `(415)…(8020)…(3900)…(96)…`.
    public var barcode: String
    /// Extra lines (overdue, reconnection notices).
    public var notes: [String]
    /// "Datos al 20/03/2026".
    public var dataDateText: String
    /// "Impreso 20/03/2026 09:41".
    public var issuedText: String
    public var footer: String

    public init(
        companyName: String, officeName: String, kindTitle: String, maskedAccount: String, maskedName: String,
        billNumber: String, amountText: String, dueDateText: String, barcode: String, notes: [String] = [],
        dataDateText: String, issuedText: String, footer: String = ""
    ) {
        self.companyName = companyName
        self.officeName = officeName
        self.kindTitle = kindTitle
        self.maskedAccount = maskedAccount
        self.maskedName = maskedName
        self.billNumber = billNumber
        self.amountText = amountText
        self.dueDateText = dueDateText
        self.barcode = barcode
        self.notes = notes
        self.dataDateText = dataDateText
        self.issuedText = issuedText
        self.footer = footer
    }
}

/// Lays a payment coupon out for one profile: company, "CUPÓN DE PAGO" and kind, the masked
/// account and name, bill, amount and due date, the bank's GS1-128 barcode with its text,
/// the data date and a footer. The barcode prints natively when it fits at 2 dots per module
/// and the profile supports GS1-128, otherwise as a raster turned 90° — never clipped.
public struct CouponLayout: Sendable {
    public init() {}

    public func document(for content: CouponContent, profile: PrinterProfile) -> Document {
        let center = TextStyle.centered
        var document = Document()
        if !content.companyName.isEmpty { document.text(content.companyName, TextStyle(alignment: .center, bold: true)) }
        if !content.officeName.isEmpty { document.text(content.officeName, center) }
        document.separator("=", center)
        document.text("CUPÓN DE PAGO", TextStyle(alignment: .center, bold: true, heightScale: 2))
        document.text(content.kindTitle, TextStyle(alignment: .center, bold: true))
        document.separator("-", center)
        document.columns("Cuenta", content.maskedAccount)
        document.columns("Titular", content.maskedName)
        document.columns("Factura", content.billNumber)
        document.columns("Fecha límite", content.dueDateText)
        document.feed(lines: 1)
        document.text("Valor a pagar", center)
        document.text(content.amountText, TextStyle(alignment: .center, bold: true, widthScale: 2, heightScale: 2))
        for note in content.notes { document.text(note, TextStyle(alignment: .center, bold: true)) }
        document.feed(lines: 1)
        document.barcode(
            Barcode(.gs1_128(content.barcode), heightDots: 96, moduleWidth: 2, minimumModuleWidth: 2, overflow: .rotate))
        document.feed(lines: 1)
        document.text(content.dataDateText, TextStyle(alignment: .center, font: .b))
        document.text(content.issuedText, TextStyle(alignment: .center, font: .b))
        if !content.footer.isEmpty {
            document.separator("-", center)
            document.text(content.footer, TextStyle(alignment: .center, font: .b))
        }
        document.cut(.partial)
        return document
    }

    /// Layout and encoding in one step.
    public func encode(_ content: CouponContent, profile: PrinterProfile) throws(ESCPOSError) -> EncodedDocument {
        try ESCPOSEncoder(profile: profile).encode(document(for: content, profile: profile))
    }
}
