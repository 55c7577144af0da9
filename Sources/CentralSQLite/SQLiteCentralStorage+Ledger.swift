public import CentralServer
public import Foundation
import GRDB

// Nonces and throttle hits on SQLite (see RequestLedgerStorage).
extension SQLiteCentralStorage {
    /// Migration `central-v5-request-ledger`: the nonces of signed requests and throttle hits,
    /// which were kept in each process's memory before.
    static func migrateRequestLedger(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE request_nonces (
                kiosk_id TEXT NOT NULL,
                nonce TEXT NOT NULL,
                seen_at INTEGER NOT NULL,
                expires_at INTEGER NOT NULL,
                PRIMARY KEY (kiosk_id, nonce)
            ) WITHOUT ROWID;
            CREATE INDEX request_nonces_by_time ON request_nonces (kiosk_id, seen_at);
            CREATE INDEX request_nonces_by_expiry ON request_nonces (expires_at);
            CREATE TABLE throttle_hits (
                key TEXT NOT NULL,
                at INTEGER NOT NULL
            );
            CREATE INDEX throttle_hits_by_key ON throttle_hits (key, at);
            """)
    }

    public func recordNonce(kioskId: String, nonce: String, at now: Date, expiresAt: Date, windowStart: Date) async throws -> NonceRecord {
        // Not durable on purpose: a nonce lost with a power cut lets one replay through, which
        // ingestion deduplicates; an fsync per request would halve the single writer's rate.
        try await ledgerWrite { db in
            try db.cachedStatement(sql: """
                INSERT INTO request_nonces (kiosk_id, nonce, seen_at, expires_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING
                """).execute(arguments: [kioskId, nonce, now.milliseconds, expiresAt.milliseconds])
            let fresh = db.changesCount > 0
            let row = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT COUNT(*), MIN(seen_at) FROM request_nonces WHERE kiosk_id = ? AND seen_at > ?"),
                arguments: [kioskId, windowStart.milliseconds])
            return NonceRecord(fresh: fresh, recent: Self.hitCount(row))
        }
    }

    public func recordHits(_ keys: [String], at now: Date) async throws {
        try await ledgerWrite { db in
            for key in keys {
                try db.cachedStatement(sql: "INSERT INTO throttle_hits (key, at) VALUES (?, ?)").execute(arguments: [key, now.milliseconds])
            }
        }
    }

    public func hits(_ keys: [String], since: Date) async throws -> [String: HitCount] {
        try await pool.read { db in
            var counts: [String: HitCount] = [:]
            for key in keys {
                let row = try Row.fetchOne(
                    db.cachedStatement(sql: "SELECT COUNT(*), MIN(at) FROM throttle_hits WHERE key = ? AND at > ?"),
                    arguments: [key, since.milliseconds])
                let count = Self.hitCount(row)
                if count.count > 0 { counts[key] = count }
            }
            return counts
        }
    }

    public func clearHits(_ key: String) async throws {
        try await ledgerWrite { db in try db.execute(sql: "DELETE FROM throttle_hits WHERE key = ?", arguments: [key]) }
    }

    public func pruneLedger(now: Date, hitsBefore: Date) async throws -> Int {
        try await ledgerWrite { db in
            try db.execute(sql: "DELETE FROM request_nonces WHERE expires_at <= ?", arguments: [now.milliseconds])
            var deleted = db.changesCount
            try db.execute(sql: "DELETE FROM throttle_hits WHERE at < ?", arguments: [hitsBefore.milliseconds])
            deleted += db.changesCount
            return deleted
        }
    }

    /// A write transaction committed without an fsync (`synchronous = NORMAL` for its commit):
    /// for the ledger only, whose loss in a power cut costs nothing but a harmless replay.
    private func ledgerWrite<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            let result = Result<T, any Error> {
                var value: T?
                try db.inTransaction {
                    value = try body(db)
                    return .commit
                }
                guard let value else { throw CentralError(.storage, "ledger transaction returned nothing") }
                return value
            }
            // Every other transaction stays durable.
            try db.execute(sql: "PRAGMA synchronous = FULL")
            return try result.get()
        }
    }

    private static func hitCount(_ row: Row?) -> HitCount {
        let count: Int = row?[0] ?? 0
        let oldest: Int64? = row?[1]
        return HitCount(count: count, oldest: oldest.map(Date.init(milliseconds:)))
    }
}
