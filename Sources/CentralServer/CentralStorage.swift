public import Foundation
public import SyncProtocol
public import TurneroCore

/// A kiosk's credential as the centre keeps it.
public struct KioskCredential: Sendable, Hashable {
    public var kioskId: String
    public var officeId: String
    /// The kiosk's Ed25519 public key, or (kiosks enrolled before keys) its HMAC secret.
    public var key: KioskVerifyingKey
    public var expiresAt: Date
    /// Set when a manager revoked the kiosk: every request is refused until it enrolls again.
    public var revokedAt: Date?

    public init(kioskId: String, officeId: String, key: KioskVerifyingKey, expiresAt: Date, revokedAt: Date? = nil) {
        self.kioskId = kioskId
        self.officeId = officeId
        self.key = key
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
    }
}

/// What redeeming an enrollment code did (one transaction; see ``CentralStorage``).
public enum EnrollmentOutcome: Sendable, Hashable {
    /// The key is registered for the kiosk in this office. Also the answer to a retry with the
    /// same code and the same key (a lost answer costs nothing).
    case enrolled(officeId: String, expiresAt: Date)
    /// Unknown, expired, used by another kiosk, or minted for another kiosk id.
    case invalidCode
    /// The kiosk id is enrolled (and not revoked) and the code was not minted for it.
    case alreadyEnrolled
    /// The code was already used by this kiosk id with another key.
    case keyConflict
}

/// A kiosk's enrollment as the dashboard lists it (never a secret).
public struct KioskEnrollment: Sendable, Hashable {
    public var kioskId: String
    /// The office its code was minted for.
    public var officeId: String
    /// ``KioskVerifyingKey/fingerprint``: `ed25519:…`, or `hmac` for a kiosk still to move to a key.
    public var keyFingerprint: String
    public var enrolledAt: Date
    /// When the credential stops working (400 days after enrollment).
    public var expiresAt: Date
    /// Set once a manager revoked the kiosk.
    public var revokedAt: Date?

    public init(kioskId: String, officeId: String, keyFingerprint: String, enrolledAt: Date, expiresAt: Date, revokedAt: Date?) {
        self.kioskId = kioskId
        self.officeId = officeId
        self.keyFingerprint = keyFingerprint
        self.enrolledAt = enrolledAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
    }
}

/// What declaring a gap did.
public enum GapOutcome: Sendable, Hashable {
    /// Recorded (or already behind the mark): the stream's marks and its lost events in total.
    case recorded(acceptedThrough: Int64, archivedThrough: Int64, lostEvents: Int64)
    /// The declared range starts after the mark + 1: nothing was recorded.
    case gap(acceptedThrough: Int64, archivedThrough: Int64)
}

/// A range of a stream recorded as lost: the centre was restored from an older backup and the
/// kiosk had already deleted these events. Permanent; shown on the dashboard.
public struct StreamGap: Sendable, Hashable {
    public var kioskId: String
    public var dbEpoch: String
    /// First lost sequence number.
    public var fromSeq: Int64
    /// Last lost sequence number.
    public var toSeq: Int64
    /// When the kiosk declared it.
    public var declaredAt: Date

    public init(kioskId: String, dbEpoch: String, fromSeq: Int64, toSeq: Int64, declaredAt: Date) {
        self.kioskId = kioskId
        self.dbEpoch = dbEpoch
        self.fromSeq = fromSeq
        self.toSeq = toSeq
        self.declaredAt = declaredAt
    }

    /// How many events the range holds.
    public var count: Int64 { toSeq - fromSeq + 1 }
}

/// An event of a batch after validation: its content hash and, when invalid, why.
public struct CheckedEvent: Sendable, Hashable {
    public var event: WireEvent
    public var contentHash: String
    /// Set when the event is invalid: it is stored as a dead letter with this reason.
    public var rejection: String?
    /// What the centre keeps beside the event when it is accepted (call-backs).
    public var derived: DerivedFact?

    public init(event: WireEvent, contentHash: String, rejection: String?, derived: DerivedFact? = nil) {
        self.event = event
        self.contentHash = contentHash
        self.rejection = rejection
        self.derived = derived
    }
}

/// The result of ingesting one batch.
public enum IngestOutcome: Sendable, Hashable {
    /// Committed: per-event results and the stream's marks after the batch.
    case stored(results: [EventResult], acceptedThrough: Int64, archivedThrough: Int64, clockSkewMs: Int64?)
    /// The batch starts after the high-water mark + 1: nothing was stored.
    case gap(acceptedThrough: Int64, archivedThrough: Int64)
    /// `seq` is stored with different content: the whole batch was rolled back.
    case seqConflict(seq: Int64, acceptedThrough: Int64, archivedThrough: Int64)
}

/// An event as stored at the centre (accepted ones; dead letters have `rejection`).
public struct StoredEvent: Sendable, Hashable {
    public var kioskId: String
    public var dbEpoch: String
    public var seq: Int64
    public var eventId: String?
    public var type: String
    public var day: String
    public var occurredAt: Int64
    public var payload: String
    public var rejection: String?

    public init(
        kioskId: String, dbEpoch: String, seq: Int64, eventId: String?, type: String, day: String, occurredAt: Int64,
        payload: String, rejection: String?
    ) {
        self.kioskId = kioskId
        self.dbEpoch = dbEpoch
        self.seq = seq
        self.eventId = eventId
        self.type = type
        self.day = day
        self.occurredAt = occurredAt
        self.payload = payload
        self.rejection = rejection
    }
}

/// Where the centre keeps kiosks, events, datasets, call-backs and operators: SQLite
/// (`CentralSQLite`) or PostgreSQL (`CentralPostgres`). Every backend keeps the same
/// guarantees, checked by one shared test suite: one transaction per batch, insert-or-ignore on
/// unique keys (never check-then-insert), a contiguous high-water mark, counters and call-backs
/// derived from inserted rows in the same transaction, concurrent batches of one stream
/// serialised (SQLite's single writer, a row lock in PostgreSQL).
public protocol CentralStorage: CallbackWorkStorage, EscalationWorkStorage, OperatorTokenStorage, RequestLedgerStorage, TicketStorage {
    /// Stores a one-time enrollment code (only its hash) tied to an office and, optionally, to
    /// one kiosk id (such a code may re-enroll that kiosk without a revocation).
    func addEnrollmentCode(hash: String, officeId: String, kioskId: String?, expiresAt: Date) async throws
    /// Uses a code and registers the kiosk's key, in one transaction: a code is used once; an
    /// enrolled kiosk id is taken only after a revocation or with a code minted for it; a retry
    /// with the same code and key gets the same answer, another key ``EnrollmentOutcome/keyConflict``.
    func redeemEnrollmentCode(
        hash: String, kioskId: String, key: KioskVerifyingKey, credentialExpiresAt: Date, now: Date
    ) async throws -> EnrollmentOutcome
    /// The kiosk's credential, if enrolled (revoked ones too, with `revokedAt`).
    func credential(kioskId: String) async throws -> KioskCredential?
    /// Revokes a kiosk: its requests are refused until it enrolls again. False when unknown or
    /// already revoked.
    func revokeKiosk(kioskId: String, now: Date) async throws -> Bool
    /// Replaces the kiosk's key if it is still `current` (compare and swap); an HMAC secret is
    /// erased. False when the key changed meanwhile or the kiosk is revoked.
    func changeKioskKey(kioskId: String, from current: KioskVerifyingKey, to new: KioskVerifyingKey, now: Date) async throws -> Bool
    /// Records `fromSeq…toSeq` of a stream as lost and moves its mark past them, in one
    /// transaction, when `fromSeq ≤ mark + 1` (the part at or below the mark is already held).
    func declareGap(kioskId: String, dbEpoch: String, fromSeq: Int64, toSeq: Int64, now: Date) async throws -> GapOutcome
    /// Declared gaps, optionally of one kiosk, by (kiosk, epoch, from).
    func streamGaps(kioskId: String?) async throws -> [StreamGap]
    /// Every kiosk's enrollment (revoked ones too), by office and kiosk id.
    func kioskEnrollments() async throws -> [KioskEnrollment]
    /// Ingests one batch of one stream in one transaction.
    func ingest(
        kioskId: String, dbEpoch: String, fromSeq: Int64, events: [CheckedEvent], client: ClientClock?, now: Date
    ) async throws -> IngestOutcome
    /// The stream's marks (0, 0 for an unknown stream).
    func marks(kioskId: String, dbEpoch: String) async throws -> (acceptedThrough: Int64, archivedThrough: Int64)
    /// Publishes a new version of a dataset (for one office, or for all when `officeId` is nil).
    func publishDataset(name: String, officeId: String?, rows: [DatasetRow], now: Date) async throws -> DatasetSnapshot
    /// Current dataset versions visible to an office.
    func datasetVersions(officeId: String) async throws -> [String: Int64]
    /// The current snapshot of a dataset for an office (office-specific first, else global).
    func dataset(name: String, officeId: String) async throws -> DatasetSnapshot?
    /// Copies the database to `path` and then raises every stream's archived mark to what the
    /// copy holds. Returns how many streams' marks moved.
    func backup(to path: String) async throws -> Int
    /// Stored events (accepted and dead letters), optionally of one kiosk, by (kiosk, epoch, seq).
    func storedEvents(kioskId: String?) async throws -> [StoredEvent]
    /// Total of the per-day counters derived at insert time (for audits: equals accepted events).
    func countedEvents(kioskId: String?) async throws -> Int64
    /// How many events and dead letters are stored, optionally of one kiosk.
    func eventTotals(kioskId: String?) async throws -> (events: Int64, deadLetters: Int64)

    // MARK: Operations

    /// One cheap round trip (readiness).
    func ping() async throws
    /// A short name of the backend for logs and metrics (`sqlite`, `postgres`).
    var backendName: String { get }

    // MARK: Kiosks and the live board

    /// Stores a kiosk's latest heartbeat (replacing the previous one).
    func recordKioskStatus(kioskId: String, status: KioskStatus, receivedAt: Date) async throws
    /// Every enrolled kiosk with its last upload and heartbeat.
    func kioskOverviews() async throws -> [KioskOverview]
    /// Every stream's mark, with its kiosk's office.
    func streamMarks() async throws -> [StreamMark]
    /// Accepted events of one stream with `afterSeq < seq ≤ throughSeq` and `day ≥ fromDay`, by seq.
    func acceptedEvents(
        kioskId: String, dbEpoch: String, afterSeq: Int64, throughSeq: Int64, fromDay: String
    ) async throws -> [StoredEvent]
    /// Accepted events of an office's kiosks on the days `fromDay…toDay`, by (kiosk, epoch, seq).
    func acceptedEvents(officeId: String, fromDay: String, toDay: String) async throws -> [StoredEvent]
    /// Offices with at least one enrolled kiosk, sorted.
    func officeIds() async throws -> [String]

    // MARK: Call-backs

    /// Call-backs by deadline (open ones first when `openOnly` is false).
    func callbacks(_ filter: CallbackFilter) async throws -> [CallbackRecord]
    /// One call-back with its attempts.
    func callback(id: String) async throws -> CallbackRecord?

    /// Escalations opened at `officeId`'s counters (every office's when nil), open ones first
    /// by due day, then the latest closed ones.
    func escalations(officeId: String?, openOnly: Bool, limit: Int) async throws -> [EscalationRecord]

    /// Closes an open escalation with the answer given to the customer; false when it is
    /// unknown or already closed (the first closure wins, at the office or here).
    func closeEscalation(id: String, answer: String, operatorName: String, now: Date) async throws -> Bool

    /// Records an auditor's checklist for one attention; a second audit of the same turn in the
    /// same month replaces the first (the latest counts).
    func recordAudit(_ audit: AuditRecord, officeId: String) async throws

    /// The audits of `month` (YYYY-MM) at `officeId` (every office's when nil).
    func audits(officeId: String?, month: String) async throws -> [AuditRecord]
    // MARK: Operators

    /// Adds an operator; with `replace`, changes the role and password of an existing one.
    /// - Returns: false when the name exists and `replace` is false.
    func addOperator(_ account: OperatorAccount, replace: Bool) async throws -> Bool
    /// An operator by name.
    func operatorAccount(name: String) async throws -> OperatorAccount?
    /// Every operator, by name.
    func operatorAccounts() async throws -> [OperatorAccount]
    /// Stores a session (only the token's hash).
    func createSession(tokenHash: String, operatorName: String, csrfToken: String, expiresAt: Date, now: Date) async throws
    /// The live session for a token hash (expired ones are nil).
    func session(tokenHash: String, now: Date) async throws -> OperatorSession?
    /// Ends a session.
    func deleteSession(tokenHash: String) async throws
    /// Stores a one-time login link (only its hash).
    func addLoginLink(hash: String, operatorName: String, expiresAt: Date) async throws
    /// Uses a login link once; the operator's name, or nil when unknown, used or expired.
    func redeemLoginLink(hash: String, now: Date) async throws -> String?
}

extension CentralStorage {
    /// Stores a one-time enrollment code for any kiosk id of an office.
    public func addEnrollmentCode(hash: String, officeId: String, expiresAt: Date) async throws {
        try await addEnrollmentCode(hash: hash, officeId: officeId, kioskId: nil, expiresAt: expiresAt)
    }
}
