public import CentralServer
import Foundation
import GRDB
import SyncProtocol

/// ``CentralStorage`` on one SQLite file (WAL, `synchronous=FULL`): the default backend.
///
/// Writes are serialised by SQLite (one writer); reads (credentials, datasets) run beside them.
/// All work runs on GRDB's own dispatch queues, never on the cooperative pool's threads.
public final class SQLiteCentralStorage: CentralStorage {
    /// The database file.
    public let path: String
    let pool: DatabasePool

    /// Opens (creating if needed) the database at `path` and migrates it.
    public init(path: String) throws {
        self.path = path
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        var configuration = Configuration()
        configuration.label = "turnero-central"
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            // An acknowledged event must survive power loss: the kiosk may delete it later.
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        pool = try DatabasePool(path: path, configuration: configuration)
        try Self.migrator.migrate(pool)
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("central-v1") { db in
            try db.execute(sql: """
                CREATE TABLE enrollment_codes (
                    code_hash TEXT PRIMARY KEY NOT NULL,
                    office_id TEXT NOT NULL,
                    expires_at INTEGER NOT NULL,
                    used_at INTEGER,
                    used_by TEXT
                );
                CREATE TABLE kiosks (
                    kiosk_id TEXT PRIMARY KEY NOT NULL,
                    office_id TEXT NOT NULL,
                    secret BLOB NOT NULL,
                    expires_at INTEGER NOT NULL,
                    enrolled_at INTEGER NOT NULL
                );
                -- One row per (kiosk, database epoch): the contiguous high-water mark and what
                -- the latest backup holds (the kiosk may delete up to archived_through).
                CREATE TABLE streams (
                    kiosk_id TEXT NOT NULL,
                    db_epoch TEXT NOT NULL,
                    high_water INTEGER NOT NULL DEFAULT 0,
                    archived_through INTEGER NOT NULL DEFAULT 0,
                    first_seen INTEGER NOT NULL,
                    last_seen INTEGER NOT NULL,
                    clock_skew_ms INTEGER,
                    PRIMARY KEY (kiosk_id, db_epoch)
                ) WITHOUT ROWID;
                -- Events and dead letters (rejection NOT NULL). The keys make duplicates
                -- impossible whatever the caller does: (kiosk, epoch, seq) and the event id.
                CREATE TABLE events (
                    kiosk_id TEXT NOT NULL,
                    db_epoch TEXT NOT NULL,
                    seq INTEGER NOT NULL,
                    event_id TEXT UNIQUE,
                    type TEXT NOT NULL,
                    day TEXT NOT NULL,
                    occurred_at INTEGER NOT NULL,
                    payload TEXT NOT NULL,
                    content_hash TEXT NOT NULL,
                    rejection TEXT,
                    received_at INTEGER NOT NULL,
                    PRIMARY KEY (kiosk_id, db_epoch, seq)
                );
                -- Counters derived from inserted rows in the ingest transaction.
                CREATE TABLE event_counts (
                    kiosk_id TEXT NOT NULL,
                    day TEXT NOT NULL,
                    type TEXT NOT NULL,
                    count INTEGER NOT NULL,
                    PRIMARY KEY (kiosk_id, day, type)
                ) WITHOUT ROWID;
                -- Datasets: versions assigned by the one publisher; office_id '' = every office.
                CREATE TABLE dataset_versions (
                    name TEXT NOT NULL,
                    office_id TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    checksum TEXT NOT NULL,
                    row_count INTEGER NOT NULL,
                    published_at INTEGER NOT NULL,
                    PRIMARY KEY (name, office_id, version)
                ) WITHOUT ROWID;
                CREATE TABLE dataset_rows (
                    name TEXT NOT NULL,
                    office_id TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    key TEXT NOT NULL,
                    value TEXT NOT NULL,
                    PRIMARY KEY (name, office_id, version, key)
                );
                """)
        }
        migrator.registerMigration("central-v2-operations", migrate: migrateOperations)
        migrator.registerMigration("central-v3-keys-gaps", migrate: migrateKeysAndGaps)
        migrator.registerMigration("central-v4-callback-work", migrate: migrateCallbackWork)
        migrator.registerMigration("central-v5-request-ledger", migrate: migrateRequestLedger)
        migrator.registerMigration("central-v6-escalations", migrate: migrateEscalations)
        migrator.registerMigration("central-v7-audits", migrate: migrateAudits)
        migrator.registerMigration("central-v8-escalation-contacts", migrate: migrateEscalationContacts)
        migrator.registerMigration("central-v9-tickets", migrate: migrateTickets)
        return migrator
    }

    public func marks(kioskId: String, dbEpoch: String) async throws -> (acceptedThrough: Int64, archivedThrough: Int64) {
        try await pool.read { db in
            let row = try Row.fetchOne(
                db, sql: "SELECT high_water, archived_through FROM streams WHERE kiosk_id = ? AND db_epoch = ?",
                arguments: [kioskId, dbEpoch])
            return (row?[0] ?? 0, row?[1] ?? 0)
        }
    }

    public var backendName: String { "sqlite" }

    public func ping() async throws {
        _ = try await pool.read { db in try Int.fetchOne(db, sql: "SELECT 1") }
    }

    public func backup(to destination: String) async throws -> Int {
        try? FileManager.default.removeItem(atPath: destination)
        let copy = try DatabaseQueue(path: destination)
        try pool.backup(to: copy)
        // Marks are raised from what the copy holds, not from the live database.
        let held = try await copy.read { db in
            try Row.fetchAll(db, sql: "SELECT kiosk_id, db_epoch, high_water FROM streams")
                .map { (kiosk: $0[0] as String, epoch: $0[1] as String, mark: $0[2] as Int64) }
        }
        try copy.close()
        return try await pool.write { db in
            var moved = 0
            for stream in held {
                try db.execute(
                    sql: "UPDATE streams SET archived_through = ? WHERE kiosk_id = ? AND db_epoch = ? AND archived_through < ?",
                    arguments: [stream.mark, stream.kiosk, stream.epoch, stream.mark])
                moved += db.changesCount
            }
            return moved
        }
    }

    public func storedEvents(kioskId: String?) async throws -> [StoredEvent] {
        try await pool.read { db in
            let sql = """
                SELECT kiosk_id, db_epoch, seq, event_id, type, day, occurred_at, payload, rejection FROM events
                \(kioskId == nil ? "" : "WHERE kiosk_id = ?") ORDER BY kiosk_id, db_epoch, seq
                """
            return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(kioskId.map { [$0] } ?? [])).map { row in
                StoredEvent(
                    kioskId: row[0], dbEpoch: row[1], seq: row[2], eventId: row[3], type: row[4], day: row[5],
                    occurredAt: row[6], payload: row[7], rejection: row[8])
            }
        }
    }

    public func countedEvents(kioskId: String?) async throws -> Int64 {
        try await pool.read { db in
            if let kioskId {
                return try Int64.fetchOne(db, sql: "SELECT COALESCE(SUM(count), 0) FROM event_counts WHERE kiosk_id = ?", arguments: [kioskId]) ?? 0
            }
            return try Int64.fetchOne(db, sql: "SELECT COALESCE(SUM(count), 0) FROM event_counts") ?? 0
        }
    }

    public func eventTotals(kioskId: String?) async throws -> (events: Int64, deadLetters: Int64) {
        try await pool.read { db in
            let row = try Row.fetchOne(db, sql: """
                SELECT COALESCE(SUM(rejection IS NULL), 0), COALESCE(SUM(rejection IS NOT NULL), 0) FROM events
                WHERE ? IS NULL OR kiosk_id = ?
                """, arguments: [kioskId, kioskId])
            return (row?[0] ?? 0, row?[1] ?? 0)
        }
    }

    /// Closes the database (tests: a server restart).
    public func close() throws { try pool.close() }
}
