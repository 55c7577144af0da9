public import CentralServer
import Foundation
public import Logging
import PostgresNIO
public import ServiceLifecycle
import SyncProtocol

/// ``CentralStorage`` on PostgreSQL through postgres-nio's connection pool, with the SQLite
/// backend's behaviour (one shared test suite runs against both).
///
/// Concurrency: batches of one stream are serialised by a row lock on the stream
/// (`SELECT … FOR UPDATE`), so two uploads of the same kiosk at once cannot both pass the gap
/// check or move the mark wrongly; batches of different kiosks run in parallel. Inserts are
/// `ON CONFLICT DO NOTHING` on the primary key and the unique event id (never check-then-insert).
///
/// A ServiceLifecycle `Service`: `run()` runs the connection pool and must be running while
/// the storage is used (``withStorage(_:logger:_:)`` does it for a scope).
public final class PostgresCentralStorage: CentralStorage, Service {
    /// Where it connects.
    public let configuration: PostgresStorageConfiguration
    let client: PostgresClient
    let logger: Logger

    /// Builds the storage; nothing connects until `run()` is running and a query is made.
    public init(configuration: PostgresStorageConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        client = PostgresClient(configuration: configuration.client(), backgroundLogger: logger)
    }

    /// Runs the connection pool until cancelled or graceful shutdown.
    public func run() async throws {
        await client.run()
    }

    public var backendName: String { "postgres" }

    /// Opens the storage for the duration of `body`: runs the pool, migrates, then stops it.
    public static func withStorage<T: Sendable>(
        _ configuration: PostgresStorageConfiguration, logger: Logger,
        _ body: @Sendable (PostgresCentralStorage) async throws -> T
    ) async throws -> T {
        let storage = PostgresCentralStorage(configuration: configuration, logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await storage.run() }
            defer { group.cancelAll() }
            try await storage.migrate()
            return try await body(storage)
        }
    }

    /// Applies the migrations not yet applied, each in one transaction, under an advisory lock.
    public func migrate() async throws {
        if let schema = configuration.schema {
            try await client.query(PostgresQuery(unsafeSQL: "CREATE SCHEMA IF NOT EXISTS \(schema)"), logger: logger)
        }
        try await client.query(
            "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)", logger: logger)
        for migration in PostgresSchema.migrations {
            try await transaction { connection in
                try await connection.query("SELECT pg_advisory_xact_lock(\(PostgresSchema.migrationLock))", logger: self.logger)
                let applied = try await connection.query(
                    "SELECT 1 FROM schema_migrations WHERE name = \(migration.name)", logger: self.logger
                ).collect()
                guard applied.isEmpty else { return }
                for statement in migration.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: self.logger)
                }
                try await connection.query(
                    "INSERT INTO schema_migrations (name, applied_at) VALUES (\(migration.name), \(Date().milliseconds))",
                    logger: self.logger)
                self.logger.notice("database migrated", metadata: ["migration": "\(migration.name)"])
            }
        }
    }

    /// Drops the configured schema with everything in it (tests' throwaway schemas).
    public func dropSchema() async throws {
        guard let schema = configuration.schema else { throw CentralError(.invalidArgument, "no schema configured") }
        try await client.query(PostgresQuery(unsafeSQL: "DROP SCHEMA IF EXISTS \(schema) CASCADE"), logger: logger)
    }

    // MARK: Helpers

    /// Runs `body` in one transaction, retrying (up to 3 times) on deadlock and serialization
    /// failures; the body's own errors come out unwrapped.
    func transaction<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await client.withTransaction(logger: logger) { connection in try await body(connection) }
            } catch let error as PostgresTransactionError {
                let cause = error.closureError ?? error.commitError ?? error.beginError ?? error
                if attempt < 3, Self.isRetryable(cause) {
                    logger.notice("transaction retried", metadata: ["attempt": "\(attempt)", "sqlstate": "\(Self.sqlState(cause) ?? "")"])
                    continue
                }
                throw cause
            }
        }
    }

    static func sqlState(_ error: any Error) -> String? { (error as? PSQLError)?.serverInfo?[.sqlState] }

    /// Deadlock detected, serialization failure.
    static func isRetryable(_ error: any Error) -> Bool { ["40P01", "40001"].contains(sqlState(error) ?? "") }

    /// All rows of a query.
    func rows(_ query: PostgresQuery) async throws -> [PostgresRow] {
        try await client.query(query, logger: logger).collect()
    }

    /// Text PostgreSQL can store: NUL is the one character its `text` refuses.
    static func storable(_ text: String) -> String {
        text.contains("\u{0}") ? text.replacingOccurrences(of: "\u{0}", with: "\u{FFFD}") : text
    }

    // MARK: Enrollment and credentials

    public func ping() async throws {
        _ = try await rows("SELECT 1")
    }

    public func marks(kioskId: String, dbEpoch: String) async throws -> (acceptedThrough: Int64, archivedThrough: Int64) {
        guard let row = try await rows(
            "SELECT high_water, archived_through FROM streams WHERE kiosk_id = \(kioskId) AND db_epoch = \(dbEpoch)"
        ).first else { return (0, 0) }
        return try row.decode((Int64, Int64).self)
    }

    // MARK: Audits

    public func storedEvents(kioskId: String?) async throws -> [StoredEvent] {
        try await rows("""
            SELECT kiosk_id, db_epoch, seq, event_id, type, day, occurred_at, payload, rejection FROM events
            WHERE \(kioskId)::text IS NULL OR kiosk_id = \(kioskId) ORDER BY kiosk_id, db_epoch, seq
            """
        ).map { row in
            let (kiosk, epoch, seq, id, type, day, at, payload, rejection) =
                try row.decode((String, String, Int64, String?, String, String, Int64, String, String?).self)
            return StoredEvent(
                kioskId: kiosk, dbEpoch: epoch, seq: seq, eventId: id, type: type, day: day, occurredAt: at, payload: payload,
                rejection: rejection)
        }
    }

    public func countedEvents(kioskId: String?) async throws -> Int64 {
        try await rows(
            "SELECT COALESCE(SUM(count), 0)::bigint FROM event_counts WHERE \(kioskId)::text IS NULL OR kiosk_id = \(kioskId)"
        ).first?.decode(Int64.self) ?? 0
    }

    public func eventTotals(kioskId: String?) async throws -> (events: Int64, deadLetters: Int64) {
        guard let row = try await rows("""
            SELECT COUNT(*) FILTER (WHERE rejection IS NULL), COUNT(*) FILTER (WHERE rejection IS NOT NULL) FROM events
            WHERE \(kioskId)::text IS NULL OR kiosk_id = \(kioskId)
            """).first
        else { return (0, 0) }
        return try row.decode((Int64, Int64).self)
    }
}
