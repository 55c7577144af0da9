/// How a request ended at the counter.
public enum RequestResolution: String, Codable, Sendable, Hashable, CaseIterable {
    /// Solved at the counter, on this first contact.
    case firstContact = "first-contact"
    /// Escalated to an area, which must answer by a deadline.
    case escalated
    /// The customer was referred to the written channel (a filed petition, e-mail, web form).
    case writtenChannel = "written-channel"

    /// The turn's outcome this resolution records (`turn.finished`'s `outcome`).
    public var outcome: ServiceOutcome {
        switch self {
        case .firstContact: .resolved
        case .escalated: .pending
        case .writtenChannel: .referred
        }
    }
}

/// What staff record when they finish a turn: the request's types and how it ended.
public struct FinishRecord: Sendable, Hashable {
    /// Type codes from the service's typology (one or more; empty when not recorded).
    public var types: [String]
    public var resolution: RequestResolution
    /// The area, when escalated.
    public var area: String?
    /// How the customer agreed to be told the escalation's answer (only with their consent, and
    /// only for an escalation). Kept apart from the events.
    public var contact: CustomerContact?

    public init(types: [String], resolution: RequestResolution, area: String? = nil, contact: CustomerContact? = nil) {
        self.types = types
        self.resolution = resolution
        self.area = area
        self.contact = contact
    }
}

/// An escalation the finish opens: the area and the day its answer is due.
public struct PlannedEscalation: Sendable, Hashable {
    public var area: String
    /// The term in business days.
    public var termBusinessDays: Int
    /// The last day of the term (inclusive): after it, the escalation is overdue.
    public var due: LocalDay
}

/// A finish record that the office's rules refuse, said in Spanish and English for staff.
public struct RequestTypingError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Value: String { case typeRequired, unknownType, repeatedType, areaRequired, unknownArea, areaNotAllowed, contactNotAllowed }
        private let value: Value
        private init(_ value: Value) { self.value = value }
        /// The office requires at least one type.
        public static let typeRequired = Code(.typeRequired)
        /// A type code is not in the service's typology.
        public static let unknownType = Code(.unknownType)
        /// The same type twice.
        public static let repeatedType = Code(.repeatedType)
        /// An escalation needs an area.
        public static let areaRequired = Code(.areaRequired)
        public static let unknownArea = Code(.unknownArea)
        /// Only an escalation names an area.
        public static let areaNotAllowed = Code(.areaNotAllowed)
        /// Only an escalation keeps the customer's contact.
        public static let contactNotAllowed = Code(.contactNotAllowed)
        public var description: String { value.rawValue }
    }

    public var code: Code
    public var es: String
    public var en: String

    public var description: String { en }
}

extension OfficeConfiguration {
    /// The typology staff choose from for `service`: the service's own, else the office's.
    public func requestTypes(for service: ServiceCode) -> [RequestType] {
        let own = self.service(service)?.requestTypes ?? []
        return own.isEmpty ? requests.types : own
    }

    /// Checks what staff recorded at a finish against the service's typology and the areas, and
    /// plans the escalation's deadline: `termBusinessDays` business days after `day` (the filing
    /// day itself does not count), weekends and the configured holidays skipped. The term is the
    /// shortest of the chosen types' own terms, else the area's, else the office's (15 by default,
    /// Ley 1755 de 2015).
    ///
    /// - Parameter record: nil when staff recorded nothing (refused when types are required).
    public func typeRequest(
        _ record: FinishRecord?, service: ServiceCode, filedOn day: LocalDay
    ) -> Result<PlannedEscalation?, RequestTypingError> {
        func refuse(_ code: RequestTypingError.Code, _ es: String, _ en: String) -> Result<PlannedEscalation?, RequestTypingError> {
            .failure(RequestTypingError(code: code, es: es, en: en))
        }
        guard let record else {
            if requests.typeRequired {
                return refuse(.typeRequired, "Registre el tipo de solicitud", "Record the request's type")
            }
            return .success(nil)
        }
        let typology = requestTypes(for: service)
        if record.types.isEmpty && requests.typeRequired {
            return refuse(.typeRequired, "Registre el tipo de solicitud", "Record the request's type")
        }
        for code in record.types where !typology.contains(where: { $0.code == code }) {
            return refuse(.unknownType, "Tipo desconocido '\(code.prefix(32))'", "Unknown request type '\(code.prefix(32))'")
        }
        if Set(record.types).count != record.types.count {
            return refuse(.repeatedType, "Un tipo está repetido", "A type is repeated")
        }
        guard record.resolution == .escalated else {
            if record.area != nil {
                return refuse(.areaNotAllowed, "Solo un escalamiento lleva área", "Only an escalation names an area")
            }
            if record.contact != nil {
                return refuse(.contactNotAllowed, "Solo un escalamiento guarda el contacto del cliente", "Only an escalation keeps the customer's contact")
            }
            return .success(nil)
        }
        guard let code = record.area else {
            return refuse(.areaRequired, "Elija el área a la que escala", "Choose the area to escalate to")
        }
        guard let area = requests.area(code) else {
            return refuse(.unknownArea, "Área desconocida '\(code.prefix(32))'", "Unknown area '\(code.prefix(32))'")
        }
        let typeTerms = record.types.compactMap { code in typology.first { $0.code == code }?.termBusinessDays }
        let term = typeTerms.min() ?? area.termBusinessDays ?? requests.termBusinessDays
        let due = requests.calendar(from: day.year).adding(businessDays: term, to: day)
        return .success(PlannedEscalation(area: area.code, termBusinessDays: term, due: due))
    }
}
