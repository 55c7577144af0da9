/// The technician's test page (`turnero printer test`): every Spanish special character, both
/// fonts and the text styles, a ruler the width of the line, a CODE128, a GS1-128 payment
/// barcode, a QR code and a cut. One look tells whether the profile fits the printer.
public struct TestPageLayout: Sendable {
    /// The GS1-128 element string of a payment coupon (GLN, reference, amount, due date).
    public static let gs1Sample = "(415)7709998000018(8020)0012345678(3900)0000131225(96)20260331"
    /// The CODE128 sample.
    public static let code128Sample = "TURNERO-128"
    /// Accented capitals and small letters, ñ, ü, the opening marks and the signs an office uses.
    public static let spanishCharacters = ["ÁÉÍÓÚ áéíóú Ññ Üü", "¿? ¡! € $ º ª ° «»"]
    /// A Spanish pangram with the accents in running text.
    public static let pangram =
        "El veloz murciélago hindú comía feliz cardillo y kiwi. La cigüeña tocaba el saxofón detrás del palenque de paja."

    /// A layout.
    public init() {}

    /// The test page for `profile`, naming the connection it was sent to.
    public func document(profile: PrinterProfile, connection: String) -> Document {
        var document = Document()
        let center = TextStyle.centered
        let heading = TextStyle(bold: true, underline: .single)
        document.text("PÁGINA DE PRUEBA", TextStyle(alignment: .center, bold: true, widthScale: 2, heightScale: 2))
        document.text("Turnero · \(profile.vendor) \(profile.model)", center)
        document.text("Perfil \(profile.id) · \(connection)", TextStyle(alignment: .center, font: .b))
        document.text(
            "\(Int(profile.paper.widthMm)) mm, \(profile.paper.dotsPerLine) puntos, \(profile.codePage.name.rawValue) (ESC t \(profile.codePage.escT))",
            TextStyle(alignment: .center, font: .b))
        document.separator("=", center)

        document.text("Caracteres", heading)
        for line in Self.spanishCharacters { document.text(line) }
        document.text(Self.pangram)
        document.separator("-", center)

        document.text("Fuentes y estilos", heading)
        for name in [FontName.a, .b] {
            let style = TextStyle(font: name)
            let columns = style.columns(on: profile)
            document.text("Fuente \(name.rawValue): \(columns) columnas", style)
            document.text(ruler(columns), style)
        }
        document.text("Negrita", TextStyle(bold: true))
        document.text("Subrayado", TextStyle(underline: .single))
        document.text("Invertido", TextStyle(inverted: true))
        document.text("Doble ancho", TextStyle(widthScale: 2))
        document.text("Doble alto", TextStyle(heightScale: 2))
        document.text("Doble tamaño", TextStyle(bold: true, widthScale: 2, heightScale: 2))
        document.columns("Izquierda", "Derecha")
        document.separator("-", center)

        document.text("CODE128", heading)
        document.barcode(Barcode(.code128(Self.code128Sample)))
        document.text("GS1-128 (cupón de pago)", heading)
        document.barcode(Barcode(.gs1_128(Self.gs1Sample), moduleWidth: 2, minimumModuleWidth: 1))
        document.text("QR", heading)
        document.qrCode(QRCode("TURNERO:PRUEBA:\(profile.id)", errorCorrection: .medium, alignment: .center))
        document.feed(lines: 1)
        document.text("Fin de la prueba: revise tildes, ñ, €, los dos códigos de barras y el QR.", TextStyle(alignment: .center, font: .b))
        document.cut(.partial)
        return document
    }

    /// `1234567890123…` exactly `columns` long: a wrapped ruler means the profile's column
    /// count is wrong for this printer.
    func ruler(_ columns: Int) -> String {
        String((0..<max(1, columns)).map { Character(String(($0 + 1) % 10)) })
    }
}
