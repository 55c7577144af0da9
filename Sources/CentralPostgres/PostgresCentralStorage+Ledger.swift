public import CentralServer
public import Foundation
import PostgresNIO

// Nonces and throttle hits on PostgreSQL (see RequestLedgerStorage). The tables are UNLOGGED:
// nothing in them must survive a crash (a lost nonce lets one replay through, which ingestion
// deduplicates), and every instance writes them on every signed request.
extension PostgresCentralStorage {
    public func recordNonce(kioskId: String, nonce: String, at now: Date, expiresAt: Date, windowStart: Date) async throws -> NonceRecord {
        // The insert's row is not visible to the count in the same statement: it is added.
        guard let row = try await rows("""
            WITH fresh AS (
                INSERT INTO request_nonces (kiosk_id, nonce, seen_at, expires_at)
                VALUES (\(kioskId), \(nonce), \(now.milliseconds), \(expiresAt.milliseconds)) ON CONFLICT DO NOTHING RETURNING seen_at)
            SELECT (SELECT COUNT(*) FROM fresh)::bigint, COUNT(*)::bigint, MIN(seen_at)
            FROM request_nonces WHERE kiosk_id = \(kioskId) AND seen_at > \(windowStart.milliseconds)
            """).first
        else { throw CentralError(.storage, "nonce count returned no row") }
        let (fresh, count, oldest) = try row.decode((Int64, Int64, Int64?).self)
        let seen = oldest.map { min($0, now.milliseconds) } ?? (fresh > 0 ? now.milliseconds : nil)
        return NonceRecord(fresh: fresh > 0, recent: HitCount(count: Int(count + fresh), oldest: seen.map(Date.init(milliseconds:))))
    }

    public func recordHits(_ keys: [String], at now: Date) async throws {
        guard !keys.isEmpty else { return }
        try await client.query("""
            INSERT INTO throttle_hits (key, at) SELECT u.key, \(now.milliseconds) FROM unnest(\(keys.map(Self.storable))::text[]) AS u(key)
            """, logger: logger)
    }

    public func hits(_ keys: [String], since: Date) async throws -> [String: HitCount] {
        guard !keys.isEmpty else { return [:] }
        var counts: [String: HitCount] = [:]
        for row in try await rows("""
            SELECT key, COUNT(*)::bigint, MIN(at) FROM throttle_hits
            WHERE key = ANY(\(keys.map(Self.storable))::text[]) AND at > \(since.milliseconds) GROUP BY key
            """)
        {
            let (key, count, oldest) = try row.decode((String, Int64, Int64).self)
            counts[key] = HitCount(count: Int(count), oldest: Date(milliseconds: oldest))
        }
        return counts
    }

    public func clearHits(_ key: String) async throws {
        try await client.query("DELETE FROM throttle_hits WHERE key = \(Self.storable(key))", logger: logger)
    }

    public func pruneLedger(now: Date, hitsBefore: Date) async throws -> Int {
        let nonces = try await rows(
            "WITH gone AS (DELETE FROM request_nonces WHERE expires_at <= \(now.milliseconds) RETURNING 1) SELECT COUNT(*)::bigint FROM gone")
        let hits = try await rows(
            "WITH gone AS (DELETE FROM throttle_hits WHERE at < \(hitsBefore.milliseconds) RETURNING 1) SELECT COUNT(*)::bigint FROM gone")
        return Int(try (nonces.first?.decode(Int64.self) ?? 0) + (hits.first?.decode(Int64.self) ?? 0))
    }
}
