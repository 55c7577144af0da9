public import Foundation
public import SyncProtocol
public import TurneroCore

/// A fact derived from an accepted event, stored by the ingest transaction beside the event so
/// that it exists exactly when the event does (never for a duplicate or a rolled-back batch).
public enum DerivedFact: Sendable, Hashable {
    /// `callback.opened`: a detractor call-back to work within its deadline.
    case callbackOpened(CallbackOpening)
    /// `callback.closed` recorded at the office (the kiosk's `turnero callbacks close`, or the
    /// kiosk recording a closure the centre told it about).
    case callbackClosed(id: String, outcome: CallbackOutcome, at: Date)
    /// `callback.contact_given`: the customer left a number (which arrives apart).
    case callbackContactGiven(id: String)
    /// `escalation.opened`: a request escalated at a counter, due by a day (issue 16).
    case escalationOpened(EscalationOpening)
    /// `escalation.closed` recorded at the office.
    case escalationClosed(id: String, answer: String, at: Date)
    /// `turn.issued` with a ticket link: the token's hash, so `/t/<token>` finds the turn.
    case ticketIssued(linkHash: String, turnId: String, day: String)
    /// An event that records or makes moot what customers asked on the turn's page (a call, a
    /// finish or a cancellation settles a cancellation; `turn.rated` settles a rating).
    case ticketSettled(turnId: String, kind: TicketRequestKind, at: Date)
}

/// An escalation as the kiosk opened it.
public struct EscalationOpening: Sendable, Hashable {
    /// The escalation's UUID (uppercase, as the kiosk encodes it).
    public var id: String
    public var turnId: String
    public var label: String
    public var service: String
    public var area: String
    public var types: [String]
    /// The agent who escalated it, when one was signed in.
    public var agent: String?
    public var openedAt: Date
    public var openedDay: String
    /// The last day of the term (YYYY-MM-DD).
    public var due: String
    public var contactGiven: Bool

    public init(
        id: String, turnId: String, label: String, service: String, area: String, types: [String], agent: String?, openedAt: Date,
        openedDay: String, due: String, contactGiven: Bool
    ) {
        self.id = id
        self.turnId = turnId
        self.label = label
        self.service = service
        self.area = area
        self.types = types
        self.agent = agent
        self.openedAt = openedAt
        self.openedDay = openedDay
        self.due = due
        self.contactGiven = contactGiven
    }
}

/// An escalation at the centre: opened at an office, closed there or here with the answer.
public struct EscalationRecord: Sendable, Hashable {
    public var opening: EscalationOpening
    public var kioskId: String
    public var officeId: String
    public var closedAt: Date?
    public var answer: String?
    /// `kiosk` or the operator who closed it at the centre.
    public var closedBy: String?
    /// The phone or e-mail the customer agreed to be told the answer by (personal data: shown in
    /// full only to the operator working it; erased after the retention).
    public var contact: CustomerContact?
    /// The operator working it, who sees the contact in full.
    public var workedBy: String?

    public init(
        opening: EscalationOpening, kioskId: String, officeId: String, closedAt: Date?, answer: String?, closedBy: String?,
        contact: CustomerContact? = nil, workedBy: String? = nil
    ) {
        self.opening = opening
        self.kioskId = kioskId
        self.officeId = officeId
        self.closedAt = closedAt
        self.answer = answer
        self.closedBy = closedBy
        self.contact = contact
        self.workedBy = workedBy
    }

    /// Open past its due day as of the office day `today`.
    public func isOverdue(on today: LocalDay) -> Bool { closedAt == nil && (LocalDay(rawValue: opening.due).map { today > $0 } ?? false) }
}

/// A call-back as the kiosk opened it.
public struct CallbackOpening: Sendable, Hashable {
    /// The call-back's UUID (uppercase, as the kiosk encodes it).
    public var id: String
    public var turnId: String
    public var label: String
    public var service: String
    public var score: Int
    public var openedAt: Date
    public var deadline: Date

    public init(id: String, turnId: String, label: String, service: String, score: Int, openedAt: Date, deadline: Date) {
        self.id = id
        self.turnId = turnId
        self.label = label
        self.service = service
        self.score = score
        self.openedAt = openedAt
        self.deadline = deadline
    }
}

/// One stream's contiguous mark with the office its kiosk belongs to (the live board reads
/// new events stream by stream up to this mark: everything below it is committed).
public struct StreamMark: Sendable, Hashable {
    public var kioskId: String
    public var dbEpoch: String
    public var officeId: String
    public var highWater: Int64
    /// When the stream last uploaded.
    public var lastSeen: Date

    public init(kioskId: String, dbEpoch: String, officeId: String, highWater: Int64, lastSeen: Date) {
        self.kioskId = kioskId
        self.dbEpoch = dbEpoch
        self.officeId = officeId
        self.highWater = highWater
        self.lastSeen = lastSeen
    }
}

/// An enrolled kiosk with what the centre last heard from it.
public struct KioskOverview: Sendable, Hashable {
    public var kioskId: String
    public var officeId: String
    public var enrolledAt: Date
    /// The last upload (any stream of the kiosk).
    public var lastUpload: Date?
    /// The last heartbeat and when it arrived.
    public var status: KioskStatus?
    public var statusReceivedAt: Date?
    /// Since when the printer has been in its reported condition (the first heartbeat saying so).
    public var printerSince: Date?

    public init(
        kioskId: String, officeId: String, enrolledAt: Date, lastUpload: Date?, status: KioskStatus?, statusReceivedAt: Date?
    ) {
        self.kioskId = kioskId
        self.officeId = officeId
        self.enrolledAt = enrolledAt
        self.lastUpload = lastUpload
        self.status = status
        self.statusReceivedAt = statusReceivedAt
    }

    /// Dataset versions as stored (compact JSON), nil for none.
    public static func encodeVersions(_ versions: [String: Int64]?) -> String? {
        guard let versions, !versions.isEmpty,
            let data = try? JSONSerialization.data(withJSONObject: versions, options: [.sortedKeys])
        else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// Dataset versions from their stored JSON.
    public static func decodeVersions(_ text: String?) -> [String: Int64]? {
        guard let text, let data = text.data(using: .utf8) else { return nil }
        return try? JSONDecoder().decode([String: Int64].self, from: data)
    }

    /// The last time the kiosk was heard from (upload or heartbeat).
    public var lastContact: Date? {
        switch (lastUpload, statusReceivedAt) {
        case (let upload?, let status?): max(upload, status)
        case (let upload?, nil): upload
        case (nil, let status?): status
        case (nil, nil): nil
        }
    }

    /// Age of the oldest event still pending on the kiosk, now: the reported age plus the time
    /// since the report (nil when the last heartbeat said nothing was pending).
    public func oldestPendingAge(at now: Date) -> TimeInterval? {
        guard let status, let received = statusReceivedAt, status.pendingEvents > 0,
            let age = status.oldestPendingAgeSeconds
        else { return nil }
        return TimeInterval(age) + max(0, now.timeIntervalSince(received))
    }
}

/// What an operator may do.
public enum OperatorRole: String, Codable, Sendable, Hashable, CaseIterable {
    /// Dashboard, reports and call-backs.
    case manager
    /// Call-backs only.
    case agent
}

/// A dashboard account.
public struct OperatorAccount: Sendable, Hashable {
    public var name: String
    public var role: OperatorRole
    /// ``PasswordHash`` text (`pbkdf2-sha256$rounds$salt$key`).
    public var passwordHash: String
    public var createdAt: Date

    public init(name: String, role: OperatorRole, passwordHash: String, createdAt: Date) {
        self.name = name
        self.role = role
        self.passwordHash = passwordHash
        self.createdAt = createdAt
    }
}

/// A signed-in operator.
public struct OperatorSession: Sendable, Hashable {
    public var operatorName: String
    public var role: OperatorRole
    /// The token every form of this session must carry.
    public var csrfToken: String
    public var expiresAt: Date

    public init(operatorName: String, role: OperatorRole, csrfToken: String, expiresAt: Date) {
        self.operatorName = operatorName
        self.role = role
        self.csrfToken = csrfToken
        self.expiresAt = expiresAt
    }
}

extension StoredEvent {
    /// The event as the kiosk recorded it, or nil for a dead letter or an undecodable payload.
    public var queueEvent: QueueEvent? {
        guard rejection == nil, let eventId, let id = UUID(uuidString: eventId), let day = LocalDay(rawValue: day),
            let document = try? EventDocument.decode(payload)
        else { return nil }
        return QueueEvent(
            id: id, occurredAt: Date(milliseconds: occurredAt), day: day, payload: document.payload, agent: document.agent)
    }
}

extension AuditRecord {
    /// An audit as a backend stored it; nil when a column does not read back.
    public static func stored(
        id: String, month: String, agent: String, turn: String, label: String, service: String, answers: String, auditor: String,
        recordedAt: Date
    ) -> AuditRecord? {
        guard let id = UUID(uuidString: id), let month = ReportMonth(rawValue: month), let turn = UUID(uuidString: turn),
            let answers = try? JSONDecoder().decode([String: AuditAnswer].self, from: Data(answers.utf8))
        else { return nil }
        return AuditRecord(
            id: id, month: month, agent: AgentID(agent), turn: TurnReference(id: turn, label: label, service: ServiceCode(service)),
            answers: answers, auditor: auditor, recordedAt: recordedAt)
    }
}

extension JSONEncoder {
    /// Sorted keys: an audit's answers are stored as the same bytes for the same answers.
    public static var sortedAudit: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }
}
