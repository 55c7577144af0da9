public import Foundation
public import SyncProtocol
public import TurneroCore

/// A fact derived from an accepted event, stored by the ingest transaction beside the event so
/// that it exists exactly when the event does (never for a duplicate or a rolled-back batch).
public enum DerivedFact: Sendable, Hashable {
    /// `callback.opened`: a detractor call-back to work within its deadline.
    case callbackOpened(CallbackOpening)
    /// `callback.closed` recorded at the office (the kiosk's `turnero callbacks close`).
    case callbackClosed(id: String, outcome: CallbackOutcome, at: Date)
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

/// What an agent's attempt to reach a detractor gave.
public enum CallbackAttemptResult: String, Codable, Sendable, Hashable, CaseIterable {
    /// The customer was reached: the call-back closes as `contacted`.
    case contacted
    /// Reached and the issue solved: closes as `resolved`.
    case resolved
    /// Nobody answered, wrong number…: a failed attempt. The second one closes the call-back
    /// as `not-contacted`.
    case noAnswer = "no-answer"
}

/// An attempt as an agent submits it.
public struct CallbackAttemptInput: Sendable, Hashable {
    public var agent: String
    public var result: CallbackAttemptResult
    /// Free text for the team (never logged).
    public var note: String?
    /// The customer's phone, stored only when `phoneConsent` is true.
    public var phone: String?
    /// The customer agreed to be called at `phone` (recorded with the agent and the time).
    public var phoneConsent: Bool

    public init(agent: String, result: CallbackAttemptResult, note: String? = nil, phone: String? = nil, phoneConsent: Bool = false) {
        self.agent = agent
        self.result = result
        self.note = note
        self.phone = phone
        self.phoneConsent = phoneConsent
    }
}

/// One recorded attempt.
public struct CallbackAttempt: Sendable, Hashable {
    public var number: Int
    public var at: Date
    public var agent: String
    public var result: CallbackAttemptResult
    public var note: String?

    public init(number: Int, at: Date, agent: String, result: CallbackAttemptResult, note: String?) {
        self.number = number
        self.at = at
        self.agent = agent
        self.result = result
        self.note = note
    }
}

/// A detractor call-back at the centre: opened from the kiosk's event, worked by agents.
public struct CallbackRecord: Sendable, Hashable {
    public var opening: CallbackOpening
    public var kioskId: String
    public var officeId: String
    /// Set once closed (by an agent, or by the office's own `callback.closed`).
    public var outcome: CallbackOutcome?
    public var closedAt: Date?
    /// `agent:NAME` or `kiosk`.
    public var closedBy: String?
    public var attempts: [CallbackAttempt]
    /// Present only with a recorded consent.
    public var phone: String?
    public var phoneConsentAt: Date?
    public var phoneConsentBy: String?

    public init(
        opening: CallbackOpening, kioskId: String, officeId: String, outcome: CallbackOutcome?, closedAt: Date?,
        closedBy: String?, attempts: [CallbackAttempt], phone: String?, phoneConsentAt: Date?, phoneConsentBy: String?
    ) {
        self.opening = opening
        self.kioskId = kioskId
        self.officeId = officeId
        self.outcome = outcome
        self.closedAt = closedAt
        self.closedBy = closedBy
        self.attempts = attempts
        self.phone = phone
        self.phoneConsentAt = phoneConsentAt
        self.phoneConsentBy = phoneConsentBy
    }

    public var isOpen: Bool { outcome == nil }
    /// Failed attempts so far.
    public var failedAttempts: Int { attempts.count { $0.result == .noAnswer } }
    /// Closed before its deadline.
    public var metDeadline: Bool { closedAt.map { $0 <= opening.deadline } ?? false }
}

/// The result of recording an attempt.
public enum CallbackAttemptOutcome: Sendable, Hashable {
    /// Recorded; the call-back as it is now.
    case recorded(CallbackRecord)
    /// No such call-back.
    case notFound
    /// Already closed: nothing recorded.
    case alreadyClosed(CallbackRecord)
}

/// Which call-backs to list.
public struct CallbackFilter: Sendable, Hashable {
    /// One office, or every office.
    public var officeId: String?
    /// Only open ones (ordered by deadline), else all opened since `openedSince`.
    public var openOnly: Bool
    /// Lower bound on the opening time.
    public var openedSince: Date?
    public var limit: Int

    public init(officeId: String? = nil, openOnly: Bool = true, openedSince: Date? = nil, limit: Int = 500) {
        self.officeId = officeId
        self.openOnly = openOnly
        self.openedSince = openedSince
        self.limit = limit
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
            let payload = try? TurneroJSON.decoder().decode(QueueEvent.Payload.self, from: Data(payload.utf8))
        else { return nil }
        return QueueEvent(id: id, occurredAt: Date(milliseconds: occurredAt), day: day, payload: payload)
    }
}
