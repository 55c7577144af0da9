@testable import CentralServer
@testable import CentralSQLite
import Foundation
import GRDB
import Logging
import Synchronization
import SyncProtocol

/// The centre as the model sees it: a real SQLite file behind a real ``CentralAPI``, that
/// can be restarted, backed up and restored from its latest backup.
final class ModelServer: @unchecked Sendable {  // mutated only by the model's task; `api` read under `lock`
    let directory: TempDirectory
    let checkThenInsert: Bool
    private let lock = NSLock()
    private var _api: CentralAPI
    private(set) var storage: any CentralStorage
    private var base: SQLiteCentralStorage
    let rendezvous = Rendezvous()

    var databasePath: String { directory.path("central.sqlite") }
    var backupPath: String { directory.path("central-backup.sqlite") }

    init(directory: TempDirectory, checkThenInsert: Bool) throws {
        self.directory = directory
        self.checkThenInsert = checkThenInsert
        base = try SQLiteCentralStorage(path: directory.path("central.sqlite"))
        storage = checkThenInsert ? try CheckThenInsertStorage(base: base, rendezvous: rendezvous) : base
        _api = CentralAPI(storage: storage, configuration: Fixtures.permissive, logger: Fixtures.quiet)
    }

    var api: CentralAPI { lock.withLock { _api } }

    private func open() throws {
        base = try SQLiteCentralStorage(path: databasePath)
        storage = checkThenInsert ? try CheckThenInsertStorage(base: base, rendezvous: rendezvous) : base
        let api = CentralAPI(storage: storage, configuration: Fixtures.permissive, logger: Fixtures.quiet)
        lock.withLock { _api = api }
    }

    /// A process restart: memory (nonce cache, limits) is lost, the file stays.
    func restart() throws {
        try base.close()
        try open()
    }

    /// `turnero-central backup`: copy, then raise archived marks to what the copy holds.
    func backup() async throws {
        _ = try await base.backup(to: backupPath)
    }

    /// The operator restores the latest backup (if any) after losing the live file.
    func restore() throws {
        guard FileManager.default.fileExists(atPath: backupPath) else { return }
        try base.close()
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: databasePath + suffix) }
        try FileManager.default.copyItem(atPath: backupPath, toPath: databasePath)
        try open()
    }
}

/// Lets two concurrent ingests meet between their check and their insert, to make the race
/// of check-then-insert happen deterministically.
final class Rendezvous: Sendable {
    private let state = Mutex((armed: false, arrivals: 0))

    func arm() { state.withLock { $0 = (true, 0) } }
    func disarm() { state.withLock { $0 = (false, 0) } }

    func arrive() async {
        let armed = state.withLock { state -> Bool in
            guard state.armed else { return false }
            state.arrivals += 1
            return true
        }
        guard armed else { return }
        for _ in 0..<500 where state.withLock({ $0.arrivals < 2 }) {
            try? await Task.sleep(for: .milliseconds(2))
        }
    }
}

/// DELIBERATELY BROKEN storage: checks which events exist in one transaction and inserts the
/// missing ones in another, into a table without unique keys. Kept to prove the model test
/// catches it (duplicates and double counts under concurrent retries).
final class CheckThenInsertStorage: CentralStorage {
    let base: SQLiteCentralStorage
    let rendezvous: Rendezvous

    init(base: SQLiteCentralStorage, rendezvous: Rendezvous) throws {
        self.base = base
        self.rendezvous = rendezvous
        try base.pool.write { db in
            try db.execute(sql: """
                CREATE TABLE IF NOT EXISTS naive_events (
                    kiosk_id TEXT, db_epoch TEXT, seq INTEGER, event_id TEXT, type TEXT, day TEXT,
                    occurred_at INTEGER, payload TEXT)
                """)
        }
    }

    func ingest(
        kioskId: String, dbEpoch: String, fromSeq: Int64, events: [CheckedEvent], client: ClientClock?, now: Date
    ) async throws -> IngestOutcome {
        let (highWater, archived, present) = try await base.pool.read { db in
            let row = try Row.fetchOne(
                db, sql: "SELECT high_water, archived_through FROM streams WHERE kiosk_id = ? AND db_epoch = ?",
                arguments: [kioskId, dbEpoch])
            let seqs = try Int64.fetchSet(
                db, sql: "SELECT seq FROM naive_events WHERE kiosk_id = ? AND db_epoch = ?", arguments: [kioskId, dbEpoch])
            return ((row?[0] as Int64?) ?? 0, (row?[1] as Int64?) ?? 0, seqs)
        }
        guard fromSeq <= highWater + 1 else { return .gap(acceptedThrough: highWater, archivedThrough: archived) }
        await rendezvous.arrive()
        let results = try await base.pool.write { db -> [EventResult] in
            var results: [EventResult] = []
            for checked in events {
                let event = checked.event
                if present.contains(event.seq) {
                    results.append(EventResult(seq: event.seq, status: .duplicate))
                    continue
                }
                try db.execute(
                    sql: "INSERT INTO naive_events VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    arguments: [kioskId, dbEpoch, event.seq, event.eventId, event.type, event.day, event.occurredAt, event.payload])
                try db.execute(sql: """
                    INSERT INTO event_counts (kiosk_id, day, type, count) VALUES (?, ?, ?, 1)
                    ON CONFLICT (kiosk_id, day, type) DO UPDATE SET count = count + 1
                    """, arguments: [kioskId, event.day, event.type])
                results.append(EventResult(seq: event.seq, status: .accepted))
            }
            let mark = max(highWater, events.last?.event.seq ?? highWater)
            try db.execute(sql: """
                INSERT INTO streams (kiosk_id, db_epoch, high_water, archived_through, first_seen, last_seen)
                VALUES (?, ?, ?, 0, 0, 0)
                ON CONFLICT (kiosk_id, db_epoch) DO UPDATE SET high_water = MAX(high_water, excluded.high_water)
                """, arguments: [kioskId, dbEpoch, mark])
            return results
        }
        let mark = max(highWater, events.last?.event.seq ?? highWater)
        return .stored(results: results, acceptedThrough: mark, archivedThrough: archived, clockSkewMs: nil)
    }

    func storedEvents(kioskId: String?) async throws -> [StoredEvent] {
        try await base.pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM naive_events WHERE ? IS NULL OR kiosk_id = ? ORDER BY kiosk_id, seq",
                arguments: [kioskId, kioskId]
            ).map {
                StoredEvent(
                    kioskId: $0["kiosk_id"], dbEpoch: $0["db_epoch"], seq: $0["seq"], eventId: $0["event_id"], type: $0["type"],
                    day: $0["day"], occurredAt: $0["occurred_at"], payload: $0["payload"], rejection: nil)
            }
        }
    }

    func addEnrollmentCode(hash: String, officeId: String, kioskId: String?, expiresAt: Date) async throws {
        try await base.addEnrollmentCode(hash: hash, officeId: officeId, kioskId: kioskId, expiresAt: expiresAt)
    }

    func redeemEnrollmentCode(
        hash: String, kioskId: String, key: KioskVerifyingKey, credentialExpiresAt: Date, now: Date
    ) async throws -> EnrollmentOutcome {
        try await base.redeemEnrollmentCode(hash: hash, kioskId: kioskId, key: key, credentialExpiresAt: credentialExpiresAt, now: now)
    }

    func credential(kioskId: String) async throws -> KioskCredential? { try await base.credential(kioskId: kioskId) }

    func marks(kioskId: String, dbEpoch: String) async throws -> (acceptedThrough: Int64, archivedThrough: Int64) {
        try await base.marks(kioskId: kioskId, dbEpoch: dbEpoch)
    }

    func publishDataset(name: String, officeId: String?, rows: [DatasetRow], now: Date) async throws -> DatasetSnapshot {
        try await base.publishDataset(name: name, officeId: officeId, rows: rows, now: now)
    }

    func datasetVersions(officeId: String) async throws -> [String: Int64] { try await base.datasetVersions(officeId: officeId) }

    func dataset(name: String, officeId: String) async throws -> DatasetSnapshot? { try await base.dataset(name: name, officeId: officeId) }

    func backup(to path: String) async throws -> Int { try await base.backup(to: path) }

    func countedEvents(kioskId: String?) async throws -> Int64 { try await base.countedEvents(kioskId: kioskId) }

    func eventTotals(kioskId: String?) async throws -> (events: Int64, deadLetters: Int64) {
        (Int64(try await storedEvents(kioskId: kioskId).count), 0)
    }
}
