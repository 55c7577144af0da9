public import Foundation
public import Logging
import Synchronization
import SyncProtocol
import SystemIO
public import TurneroStore

/// The kiosk's side of sync, one round at a time: upload a batch and apply the answer,
/// refresh datasets, compact. ``SyncService`` loops over it; `turnero sync once` calls it.
///
/// Acknowledgements come only from the centre's answers; no read transaction is open while
/// the network is used (each store call is its own short transaction).
public final class KioskSync: Sendable {
    public let database: TurneroDatabase
    public let configuration: SyncConfiguration
    let credentials: SyncCredentials
    let transport: any SyncTransport
    let logger: Logger
    let clock: @Sendable () -> Date
    let onDatasetApplied: @Sendable (String, Int64) -> Void
    /// The office's queue store, when the kiosk runs one: call-back closures made at the centre
    /// are recorded in it, and the numbers detractors gave are sent from it.
    let office: QueueStore?
    /// Last measured `centre − kiosk` offset in milliseconds.
    let offset: Mutex<Int64>
    let nonceSource = Mutex(SystemRandomNumberGenerator())

    /// What one upload round achieved.
    public enum RoundResult: Sendable, Hashable {
        /// `count` events were sent and acknowledged; `more` when others are pending.
        case uploaded(count: Int, more: Bool)
        /// Nothing pending; the centre confirmed the marks.
        case caughtUp
        /// The centre had less than acknowledged before (restored backup): resending from `from`.
        case rewound(from: Int64)
    }

    /// - Parameters:
    ///   - transport: defaults to HTTP to `credentials.server`.
    ///   - onDatasetApplied: called after a dataset version is switched on (e.g. reload office.json).
    public init(
        database: TurneroDatabase, credentials: SyncCredentials, configuration: SyncConfiguration,
        transport: (any SyncTransport)? = nil, logger: Logger, clock: @escaping @Sendable () -> Date = { Date() },
        onDatasetApplied: @escaping @Sendable (String, Int64) -> Void = { _, _ in }, office: QueueStore? = nil
    ) throws(SyncError) {
        self.database = database
        self.office = office
        self.credentials = credentials
        self.configuration = configuration
        if let transport {
            self.transport = transport
        } else {
            self.transport = try credentials.transport(timeout: configuration.requestTimeout)
        }
        self.logger = logger
        self.clock = clock
        self.onDatasetApplied = onDatasetApplied
        let stored = (try? database.syncRecord())?.clockOffsetMs ?? 0
        offset = Mutex(stored)
        guard credentials.kioskId == database.identity.kioskId else {
            throw SyncError(
                .credentials,
                "the credentials are for kiosk \(credentials.kioskId) but this database is kiosk \(database.identity.kioskId)")
        }
    }

    /// Uploads up to `batchSize` pending events (or probes when none) and applies the answer.
    public func uploadRound(batchSize: Int) async throws(SyncError) -> RoundResult {
        let (marks, records) = try await store { [self] in try database.pendingOutbox(limit: batchSize) }
        let events = records.map {
            WireEvent(seq: $0.seq, eventId: $0.eventId, type: $0.type, day: $0.day, occurredAt: $0.occurredAt, payload: $0.payload)
        }
        let batch = EventBatch(
            dbEpoch: database.identity.dbEpoch, events: events, next: marks.acceptedThrough + 1, client: clientClock())
        let body: [UInt8]
        do {
            body = try Gzip.compress(try SyncJSON.encode(batch))
        } catch {
            throw SyncError(.protocolViolation, "cannot encode the batch: \(error)")
        }
        let response = try await signedSend("POST", SyncPaths.events(kioskId: credentials.kioskId), body: body)
        switch response.status {
        case 200:
            let answer: UploadResponse = try decode(response)
            if let last = events.last?.seq, answer.acceptedThrough < last {
                throw SyncError(.protocolViolation, "the centre answered accepted_through \(answer.acceptedThrough) < \(last)")
            }
            let applied = try await store { [self] in
                try database.applySyncAcknowledgement(
                    acceptedThrough: answer.acceptedThrough, archivedThrough: answer.archivedThrough)
            }
            let rejected = answer.results.filter { $0.status == .rejected }
            if !rejected.isEmpty {
                logger.warning(
                    "the centre stored events as dead letters",
                    metadata: ["count": "\(rejected.count)", "first_seq": "\(rejected[0].seq)"])
            }
            try await store { [self] in
                try database.recordSyncExchange(
                    at: clock(), clockOffsetMs: offset.withLock { $0 }, newlyRejected: rejected.count,
                    serverDatasetVersions: answer.datasetVersions)
            }
            let noticesRecorded = try await recordNotices(answer.notices)
            if events.isEmpty && !noticesRecorded {
                await sendContacts()
                await sendEscalationContacts()
                return .caughtUp
            }
            logger.debug("batch acknowledged", metadata: ["through": "\(applied.acceptedThrough)", "count": "\(events.count)"])
            let last = try await store { [self] in try database.lastOutboxSeq() }
            let more = applied.acceptedThrough < last
            // Caught up: the call-backs the numbers belong to are at the centre now.
            if !more {
                await sendContacts()
                await sendEscalationContacts()
            }
            return .uploaded(count: events.count, more: more)
        case 409:
            let error: ErrorBody = try decode(response)
            if error.error == ErrorCode.gap, let accepted = error.acceptedThrough {
                let outcome = try await store { [self] in
                    try database.rewindOutbox(toAcceptedThrough: accepted, archivedThrough: error.archivedThrough ?? 0)
                }
                switch outcome {
                case .resend(let from):
                    logger.warning("the centre holds fewer events than it acknowledged; resending", metadata: ["from": "\(from)"])
                    return .rewound(from: from)
                case .unrecoverable(let missing):
                    return try await declareLost(missing)
                }
            }
            if error.error == ErrorCode.seqConflict {
                throw try await block("seq \(error.conflictSeq ?? -1) is stored at the centre with different content (seq_conflict)")
            }
            throw SyncError(.protocolViolation, "unexpected 409 \(error.error)")
        default:
            throw failure(response)
        }
    }

    /// Stops sync for a person: records the reason and returns the error to throw.
    func block(_ reason: String) async throws(SyncError) -> SyncError {
        logger.error("sync blocked", metadata: ["reason": "\(reason)"])
        try await store { [self] in try database.recordSyncFailure(at: clock(), error: reason, blocked: true) }
        return SyncError(.blocked, reason)
    }

    /// Deletes archived events older than the retention (only below the centre's archived mark).
    @discardableResult
    public func compact() async throws(SyncError) -> Int {
        let cutoff = clock().addingTimeInterval(-configuration.retention)
        let removed = try await store { [database] in try database.compactOutbox(before: cutoff) }
        if removed > 0 { logger.info("outbox compacted", metadata: ["deleted": "\(removed)"]) }
        return removed
    }

    /// The kiosk's clock facts sent with each batch.
    func clientClock() -> ClientClock {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        let boot = (try? String(contentsOfFile: "/proc/sys/kernel/random/boot_id", encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines)
        return ClientClock(
            wallTime: clock().millisecondsSince1970, bootId: boot,
            monotonicMs: Int64(time.tv_sec) * 1000 + Int64(time.tv_nsec) / 1_000_000, offsetMs: offset.withLock { $0 })
    }

    /// Runs a store call, mapping its error. SQLite calls block their thread, so they run on
    /// the sync's own executor, never on the cooperative pool (each call is one short
    /// transaction).
    func store<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws(SyncError) -> T {
        do {
            return try await storeExecutor.run(body)
        } catch let error as StoreError {
            throw SyncError(.store, error.message)
        } catch {
            throw SyncError(.store, "\(error)")
        }
    }

    /// This kiosk's database work, one call at a time (its own, so a test process holding
    /// many kiosks never queues one behind another's compaction).
    private let storeExecutor = BlockingExecutor(label: "turnero.sync.store")
}
