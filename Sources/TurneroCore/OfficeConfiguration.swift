public import Foundation

/// Everything an office decides about its queue: services, counters and the rules.
///
/// Read from JSON by the executables (`--config FILE`) and, later, downloaded from the central
/// server. Every rule has a sensible default so a minimal file needs only services and counters.
public struct OfficeConfiguration: Codable, Sendable, Hashable {
    /// Stable office identifier used by the central server (`med-centro`).
    public var officeId: String
    /// The office name printed on tickets and shown on the board.
    public var officeName: String
    /// The utility's name (printed on coupons).
    public var companyName: String
    /// IANA time zone that decides the office's local day (default America/Bogota).
    public var timeZone: String
    /// Services customers can queue for.
    public var services: [Service]
    /// Counters and which services each calls.
    public var counters: [Counter]
    /// How the next turn is chosen.
    public var ordering: OrderingRule
    /// Calling, recall and no-show limits.
    public var calling: CallingRules
    /// Rating and call-back rules.
    public var rating: RatingRules
    /// Default service-level threshold (minutes) for services without their own target.
    public var serviceLevelMinutes: Int
    /// Footer printed at the bottom of the ticket.
    public var ticketFooter: LocalizedText
    /// The kiosk's ticket printer (default: the virtual printer, generic 80 mm).
    public var printer: PrinterSettings
    /// Payment coupons (disabled unless configured).
    public var coupons: CouponConfiguration
    /// Agents at counters: whether a counter needs one signed in, PIN attempt limits.
    public var staff: StaffRules
    /// Request typology, escalation areas and terms, the holiday calendar.
    public var requests: RequestRules
    /// The ticket's QR link to the centre's page for following the turn (off unless configured).
    public var mobileTicket: MobileTicketSettings
    /// How the board announces calls aloud (`turnero board --voice`).
    public var announcements: AnnouncementSettings

    public init(
        officeId: String, officeName: String, companyName: String = "",
        timeZone: String = "America/Bogota", services: [Service], counters: [Counter],
        ordering: OrderingRule = .init(), calling: CallingRules = .init(),
        rating: RatingRules = .init(), serviceLevelMinutes: Int = 15,
        ticketFooter: LocalizedText = .init(es: "", en: ""), printer: PrinterSettings = .init(),
        coupons: CouponConfiguration = .init(), staff: StaffRules = .init(), requests: RequestRules = .init(),
        mobileTicket: MobileTicketSettings = .init(), announcements: AnnouncementSettings = .init()
    ) {
        self.mobileTicket = mobileTicket
        self.announcements = announcements
        self.officeId = officeId
        self.officeName = officeName
        self.companyName = companyName
        self.timeZone = timeZone
        self.services = services
        self.counters = counters
        self.ordering = ordering
        self.calling = calling
        self.rating = rating
        self.serviceLevelMinutes = serviceLevelMinutes
        self.ticketFooter = ticketFooter
        self.printer = printer
        self.coupons = coupons
        self.staff = staff
        self.requests = requests
    }

    /// The service with `code`, if configured.
    public func service(_ code: ServiceCode) -> Service? {
        services.first { $0.code == code }
    }

    /// The counter numbered `number`, if configured.
    public func counter(_ number: Int) -> Counter? {
        counters.first { $0.number == number }
    }

    /// The resolved time zone (validated when the configuration is loaded).
    public var resolvedTimeZone: TimeZone {
        ZoneInfo.timeZone(timeZone) ?? ZoneInfo.timeZone("America/Bogota") ?? TimeZone(secondsFromGMT: -5 * 3600)!
    }

    /// Service-level threshold for `service`, in seconds.
    public func serviceLevelThreshold(for service: ServiceCode) -> TimeInterval {
        TimeInterval((self.service(service)?.targetWaitMinutes ?? serviceLevelMinutes) * 60)
    }

    private enum CodingKeys: String, CodingKey {
        case officeId, officeName, companyName, timeZone, services, counters, ordering, calling
        case rating, serviceLevelMinutes, ticketFooter, printer, coupons, staff, requests, mobileTicket, announcements
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        officeId = try c.decode(String.self, forKey: .officeId)
        officeName = try c.decode(String.self, forKey: .officeName)
        companyName = try c.decodeIfPresent(String.self, forKey: .companyName) ?? ""
        timeZone = try c.decodeIfPresent(String.self, forKey: .timeZone) ?? "America/Bogota"
        services = try c.decode([Service].self, forKey: .services)
        counters = try c.decode([Counter].self, forKey: .counters)
        ordering = try c.decodeIfPresent(OrderingRule.self, forKey: .ordering) ?? .init()
        calling = try c.decodeIfPresent(CallingRules.self, forKey: .calling) ?? .init()
        rating = try c.decodeIfPresent(RatingRules.self, forKey: .rating) ?? .init()
        serviceLevelMinutes = try c.decodeIfPresent(Int.self, forKey: .serviceLevelMinutes) ?? 15
        ticketFooter =
            try c.decodeIfPresent(LocalizedText.self, forKey: .ticketFooter) ?? .init(es: "", en: "")
        printer = try c.decodeIfPresent(PrinterSettings.self, forKey: .printer) ?? .init()
        coupons = try c.decodeIfPresent(CouponConfiguration.self, forKey: .coupons) ?? .init()
        staff = try c.decodeIfPresent(StaffRules.self, forKey: .staff) ?? .init()
        requests = try c.decodeIfPresent(RequestRules.self, forKey: .requests) ?? .init()
        mobileTicket = try c.decodeIfPresent(MobileTicketSettings.self, forKey: .mobileTicket) ?? .init()
        announcements = try c.decodeIfPresent(AnnouncementSettings.self, forKey: .announcements) ?? .init()
    }
}

/// Limits on calling a turn.
public struct CallingRules: Codable, Sendable, Hashable {
    /// How many times a turn may be called in total (first call plus recalls).
    public var maxCalls: Int
    /// Minutes after a no-show during which staff may put the turn back in the queue.
    public var reactivationMinutes: Int

    public init(maxCalls: Int = 3, reactivationMinutes: Int = 15) {
        self.maxCalls = maxCalls
        self.reactivationMinutes = reactivationMinutes
    }

    private enum CodingKeys: String, CodingKey { case maxCalls, reactivationMinutes }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        maxCalls = try c.decodeIfPresent(Int.self, forKey: .maxCalls) ?? 3
        reactivationMinutes = try c.decodeIfPresent(Int.self, forKey: .reactivationMinutes) ?? 15
    }
}

/// Rating scale rules: who is a detractor and how soon they are called back.
public struct RatingRules: Codable, Sendable, Hashable {
    /// Scores at or below this open a call-back (detractors: 1–6 on the 1–10 scale).
    public var detractorMaxScore: Int
    /// Hours the call-back team has to contact a detractor.
    public var callbackHours: Int
    /// Days a detractor's phone number is kept after its call-back closes (Ley 1581 de 2012:
    /// no longer than the purpose needs). Applies where the number is kept: the kiosk of an
    /// office without a centre, and the centre.
    public var contactRetentionDays: Int
    /// Who will call the customer back, named in the consent text (default: the company name).
    public var contactController: String?

    public init(detractorMaxScore: Int = 6, callbackHours: Int = 24, contactRetentionDays: Int = 30, contactController: String? = nil) {
        self.detractorMaxScore = detractorMaxScore
        self.callbackHours = callbackHours
        self.contactRetentionDays = contactRetentionDays
        self.contactController = contactController
    }

    private enum CodingKeys: String, CodingKey { case detractorMaxScore, callbackHours, contactRetentionDays, contactController }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        detractorMaxScore = try c.decodeIfPresent(Int.self, forKey: .detractorMaxScore) ?? 6
        callbackHours = try c.decodeIfPresent(Int.self, forKey: .callbackHours) ?? 24
        contactRetentionDays = try c.decodeIfPresent(Int.self, forKey: .contactRetentionDays) ?? 30
        contactController = try c.decodeIfPresent(String.self, forKey: .contactController)
    }
}
