public import CentralServer
public import Foundation
import PostgresNIO

// Operators' API tokens on PostgreSQL.
extension PostgresCentralStorage {
    public func addAPIToken(_ token: APIToken, hash: String) async throws {
        try await client.query("""
            INSERT INTO api_tokens (id, token_hash, operator, label, created_at, expires_at)
            VALUES (\(token.id), \(hash), \(token.operatorName), \(Self.storable(token.label)), \(token.createdAt.milliseconds),
                \(token.expiresAt?.milliseconds))
            """, logger: logger)
    }

    public func apiTokens(operatorName: String?) async throws -> [APIToken] {
        try await rows("""
            SELECT id, operator, label, created_at, expires_at, last_used_at, revoked_at FROM api_tokens
            WHERE \(operatorName)::text IS NULL OR operator = \(operatorName) ORDER BY created_at DESC, id
            """).map { try Self.token($0.makeRandomAccess()) }
    }

    public func revokeAPIToken(id: String, now: Date) async throws -> Bool {
        try await !rows(
            "UPDATE api_tokens SET revoked_at = \(now.milliseconds) WHERE id = \(id) AND revoked_at IS NULL RETURNING id"
        ).isEmpty
    }

    public func useAPIToken(hash: String, now: Date) async throws -> (APIToken, OperatorAccount)? {
        guard let row = try await rows("""
            SELECT t.id, t.operator, t.label, t.created_at, t.expires_at, t.last_used_at, t.revoked_at,
                o.role, o.password_hash, o.created_at
            FROM api_tokens t JOIN operators o ON o.name = t.operator WHERE t.token_hash = \(hash)
            """).first
        else { return nil }
        let cells = row.makeRandomAccess()
        let token = try Self.token(cells)
        guard token.isLive(at: now), let role = OperatorRole(rawValue: try cells[7].decode(String.self)) else { return nil }
        // One write a minute per token is enough to say when it was last used.
        if token.lastUsedAt.map({ now.timeIntervalSince($0) > 60 }) ?? true {
            try await client.query("UPDATE api_tokens SET last_used_at = \(now.milliseconds) WHERE id = \(token.id)", logger: logger)
        }
        let account = OperatorAccount(
            name: token.operatorName, role: role, passwordHash: try cells[8].decode(String.self),
            createdAt: Date(milliseconds: try cells[9].decode(Int64.self)))
        return (token, account)
    }

    private static func token(_ cells: PostgresRandomAccessRow) throws -> APIToken {
        func date(_ index: Int) throws -> Date? { try cells[index].decode(Int64?.self).map(Date.init(milliseconds:)) }
        return APIToken(
            id: try cells[0].decode(String.self), operatorName: try cells[1].decode(String.self), label: try cells[2].decode(String.self),
            createdAt: Date(milliseconds: try cells[3].decode(Int64.self)), expiresAt: try date(4), lastUsedAt: try date(5),
            revokedAt: try date(6))
    }
}
