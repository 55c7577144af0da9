/// What a queue ticket says, as plain values (the kiosk fills it from the issued turn and the
/// office configuration; this module knows nothing about queues).
public struct TicketContent: Sendable, Hashable {
    /// Company on top; empty to leave it out.
    public var companyName: String
    /// The office, under the company.
    public var officeName: String
    /// The service the turn is for.
    public var serviceName: String
    /// The turn label, printed large: "P-027".
    public var label: String
    /// Preferential attention: prints a banner.
    public var preferential: Bool
    /// Date and time as the office shows them: "23/11/2025 09:41".
    public var issuedText: String
    /// Turns ahead of this one.
    public var peopleAhead: Int
    /// "15–25 min", or nil when there is no trustworthy estimate.
    public var estimateText: String?
    /// What the QR carries: the link to the turn's page at the centre, or the label and rating
    /// code for the kiosk's rating screen; empty for no QR.
    public var qrPayload: String
    /// The short code that lets the customer rate at the kiosk; empty to leave it out.
    public var ratingCode: String
    /// Footer from the office configuration; empty for none.
    public var footer: String
    /// A copy printed again by staff (`turnero printer reprint`): prints a "REIMPRESIÓN" banner
    /// so a second paper with the same number is never taken for a new turn.
    public var isReprint: Bool

    /// Ticket content; optional parts default to empty.
    public init(
        companyName: String = "", officeName: String, serviceName: String, label: String, preferential: Bool = false,
        issuedText: String, peopleAhead: Int, estimateText: String? = nil, qrPayload: String = "", ratingCode: String = "",
        footer: String = "", isReprint: Bool = false
    ) {
        self.ratingCode = ratingCode
        self.companyName = companyName
        self.officeName = officeName
        self.serviceName = serviceName
        self.label = label
        self.preferential = preferential
        self.issuedText = issuedText
        self.peopleAhead = peopleAhead
        self.estimateText = estimateText
        self.qrPayload = qrPayload
        self.footer = footer
        self.isReprint = isReprint
    }

    /// Whether the QR leads to a web page (else only the kiosk reads it).
    public var qrIsLink: Bool {
        let lower = qrPayload.prefix(8).lowercased()
        return lower.hasPrefix("https://") || lower.hasPrefix("http://")
    }

    /// A realistic ticket with every field and every Spanish special character, for previews,
    /// golden files and the benchmark.
    public static let sample = TicketContent(
        companyName: "Empresa de Energía del Pacífico",
        officeName: "Oficina Centro – Cali",
        serviceName: "Pagos y facturación",
        label: "P-027",
        preferential: true,
        issuedText: "23/11/2025 09:41",
        peopleAhead: 3,
        estimateText: "15–25 min",
        qrPayload: "https://turnos.example.co/t/k5mzq3x7wbtr2hd4nc6vyplfga",
        ratingCode: "48213",
        footer: "¿Dudas? Pregunte en información. Giros en € y US$: caja 3. Baños al fondo. ¡Gracias por su visita!"
    )
}
