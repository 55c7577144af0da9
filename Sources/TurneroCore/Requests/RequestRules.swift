/// A kind of request customers bring (petición, queja, reclamo…): a stable code and names.
public struct RequestType: Codable, Sendable, Hashable, Identifiable {
    /// Stable code stored in events (`reclamo`).
    public var code: String
    public var name: LocalizedText
    /// The legal term to answer this kind of request when escalated, in business days
    /// (Ley 1755 de 2015: 10 for documents and information, 30 for consultations); nil: the
    /// area's or the office's term.
    public var termBusinessDays: Int?

    public var id: String { code }

    public init(code: String, name: LocalizedText, termBusinessDays: Int? = nil) {
        self.code = code
        self.name = name
        self.termBusinessDays = termBusinessDays
    }
}

/// An area a request can be escalated to (facturación, área técnica…).
public struct EscalationArea: Codable, Sendable, Hashable, Identifiable {
    public var code: String
    public var name: LocalizedText
    /// The area's own answer term in business days; nil: the office's.
    public var termBusinessDays: Int?

    public var id: String { code }

    public init(code: String, name: LocalizedText, termBusinessDays: Int? = nil) {
        self.code = code
        self.name = name
        self.termBusinessDays = termBusinessDays
    }
}

/// How requests are typed when a turn finishes, where they can be escalated, and how escalation
/// deadlines are counted. Part of the office configuration (`requests`); every field has a
/// default, so existing configurations keep working.
public struct RequestRules: Codable, Sendable, Hashable {
    /// The typology offered for services without their own `requestTypes`.
    public var types: [RequestType]
    /// Whether a turn may be finished only with at least one type (default false).
    public var typeRequired: Bool
    /// Where requests can be escalated.
    public var areas: [EscalationArea]
    /// The general answer term in business days (Ley 1755 de 2015, art. 14: 15).
    public var termBusinessDays: Int
    /// `CO` (Colombia's festivos, Ley 51 de 1983) or `none`.
    public var holidayCalendar: String
    /// Further days off (a local holiday, the office's own closures).
    public var extraHolidays: [LocalDay]

    public init(
        types: [RequestType] = Self.defaultTypes, typeRequired: Bool = false, areas: [EscalationArea] = Self.defaultAreas,
        termBusinessDays: Int = 15, holidayCalendar: String = "CO", extraHolidays: [LocalDay] = []
    ) {
        self.types = types
        self.typeRequired = typeRequired
        self.areas = areas
        self.termBusinessDays = termBusinessDays
        self.holidayCalendar = holidayCalendar
        self.extraHolidays = extraHolidays
    }

    /// Petitions, complaints, claims, information and suggestions (the usual "PQRS").
    public static let defaultTypes = [
        RequestType(code: "peticion", name: .init(es: "Petición", en: "Petition")),
        RequestType(code: "queja", name: .init(es: "Queja", en: "Complaint")),
        RequestType(code: "reclamo", name: .init(es: "Reclamo", en: "Claim")),
        RequestType(code: "informacion", name: .init(es: "Información", en: "Information"), termBusinessDays: 10),
        RequestType(code: "sugerencia", name: .init(es: "Sugerencia", en: "Suggestion")),
    ]

    /// The areas a utility's counter usually escalates to.
    public static let defaultAreas = [
        EscalationArea(code: "facturacion", name: .init(es: "Facturación", en: "Billing")),
        EscalationArea(code: "tecnica", name: .init(es: "Área técnica", en: "Technical")),
        EscalationArea(code: "cartera", name: .init(es: "Cartera", en: "Collections")),
        EscalationArea(code: "comercial", name: .init(es: "Comercial", en: "Sales")),
    ]

    private enum CodingKeys: String, CodingKey {
        case types, typeRequired, areas, termBusinessDays, holidayCalendar, extraHolidays
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            types: try c.decodeIfPresent([RequestType].self, forKey: .types) ?? Self.defaultTypes,
            typeRequired: try c.decodeIfPresent(Bool.self, forKey: .typeRequired) ?? false,
            areas: try c.decodeIfPresent([EscalationArea].self, forKey: .areas) ?? Self.defaultAreas,
            termBusinessDays: try c.decodeIfPresent(Int.self, forKey: .termBusinessDays) ?? 15,
            holidayCalendar: try c.decodeIfPresent(String.self, forKey: .holidayCalendar) ?? "CO",
            extraHolidays: try c.decodeIfPresent([LocalDay].self, forKey: .extraHolidays) ?? [])
    }

    /// The business calendar for terms filed in `year` (the calendar covers the next two years
    /// too, enough for any term up to 250 business days).
    public func calendar(from year: Int) -> BusinessCalendar {
        switch holidayCalendar {
        case "none": BusinessCalendar(holidays: Set(extraHolidays))
        default: BusinessCalendar.colombia(years: year...(year + 2), extra: extraHolidays)
        }
    }

    /// The area with `code`, if configured.
    public func area(_ code: String) -> EscalationArea? { areas.first { $0.code == code } }

    /// Checks codes, names and terms; throws naming the field.
    func validate() throws(ConfigurationError) {
        try Self.validate(types, field: "requests.types")
        if areas.isEmpty { throw ConfigurationError(field: "requests.areas", reason: "at least one area is required") }
        for (index, area) in areas.enumerated() {
            try Self.validate(code: area.code, name: area.name, term: area.termBusinessDays, field: "requests.areas[\(index)]")
        }
        if Set(areas.map(\.code)).count != areas.count {
            throw ConfigurationError(field: "requests.areas", reason: "an area code is repeated")
        }
        if !(1...250).contains(termBusinessDays) {
            throw ConfigurationError(field: "requests.termBusinessDays", reason: "must be between 1 and 250")
        }
        if !["CO", "none"].contains(holidayCalendar) {
            throw ConfigurationError(field: "requests.holidayCalendar", reason: "use CO (Colombia) or none")
        }
    }

    /// Checks a typology (the office's, or one service's).
    static func validate(_ types: [RequestType], field: String) throws(ConfigurationError) {
        if types.count > 30 { throw ConfigurationError(field: field, reason: "at most 30 types (staff choose from a list)") }
        for (index, type) in types.enumerated() {
            try validate(code: type.code, name: type.name, term: type.termBusinessDays, field: "\(field)[\(index)]")
        }
        if Set(types.map(\.code)).count != types.count {
            throw ConfigurationError(field: field, reason: "a type code is repeated")
        }
    }

    private static func validate(code: String, name: LocalizedText, term: Int?, field: String) throws(ConfigurationError) {
        let validCode = !code.isEmpty && code.utf8.count <= 32
            && code.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || "-_".unicodeScalars.contains($0) }
        if !validCode {
            throw ConfigurationError(field: "\(field).code", reason: "use 1 to 32 lowercase letters, digits, '-' or '_' (got '\(code.prefix(40))')")
        }
        if name.es.isEmpty || name.es.count > 60 || name.en.count > 60 {
            throw ConfigurationError(field: "\(field).name", reason: "names must have 1–60 characters")
        }
        if let term, !(1...250).contains(term) {
            throw ConfigurationError(field: "\(field).termBusinessDays", reason: "must be between 1 and 250")
        }
    }
}

/// Whether counters need a signed-in agent, and how PIN attempts are limited. Part of the
/// office configuration (`staff`).
public struct StaffRules: Codable, Sendable, Hashable {
    /// Whether a counter may call and serve only with an agent signed in. Default false: a
    /// counter works with nobody signed in (offices from before staff keep working), and its
    /// events then carry no agent.
    public var signInRequired: Bool
    /// Wrong PINs a counter accepts within `pinLockMinutes` before refusing sign-ins.
    public var pinAttempts: Int
    /// Minutes a counter refuses sign-ins after too many wrong PINs.
    public var pinLockMinutes: Int

    public init(signInRequired: Bool = false, pinAttempts: Int = 5, pinLockMinutes: Int = 15) {
        self.signInRequired = signInRequired
        self.pinAttempts = pinAttempts
        self.pinLockMinutes = pinLockMinutes
    }

    private enum CodingKeys: String, CodingKey { case signInRequired, pinAttempts, pinLockMinutes }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            signInRequired: try c.decodeIfPresent(Bool.self, forKey: .signInRequired) ?? false,
            pinAttempts: try c.decodeIfPresent(Int.self, forKey: .pinAttempts) ?? 5,
            pinLockMinutes: try c.decodeIfPresent(Int.self, forKey: .pinLockMinutes) ?? 15)
    }

    /// The PIN attempt rule these settings make.
    public var pinRule: PINAttemptRule { PINAttemptRule(maxAttempts: pinAttempts, lockMinutes: pinLockMinutes) }

    func validate() throws(ConfigurationError) {
        if !(1...20).contains(pinAttempts) { throw ConfigurationError(field: "staff.pinAttempts", reason: "must be between 1 and 20") }
        if !(1...1440).contains(pinLockMinutes) {
            throw ConfigurationError(field: "staff.pinLockMinutes", reason: "must be between 1 and 1440")
        }
    }
}
