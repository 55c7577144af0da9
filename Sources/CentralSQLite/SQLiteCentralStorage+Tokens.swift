public import CentralServer
public import Foundation
import GRDB

// Operators' API tokens on SQLite.
extension SQLiteCentralStorage {
    public func addAPIToken(_ token: APIToken, hash: String) async throws {
        try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO api_tokens (id, token_hash, operator, label, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [token.id, hash, token.operatorName, token.label, token.createdAt.milliseconds, token.expiresAt?.milliseconds])
        }
    }

    public func apiTokens(operatorName: String?) async throws -> [APIToken] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT id, operator, label, created_at, expires_at, last_used_at, revoked_at FROM api_tokens
                    WHERE ? IS NULL OR operator = ? ORDER BY created_at DESC, id
                    """,
                arguments: [operatorName, operatorName]
            ).map(Self.token)
        }
    }

    public func revokeAPIToken(id: String, now: Date) async throws -> Bool {
        try await pool.write { db in
            try db.execute(
                sql: "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", arguments: [now.milliseconds, id])
            return db.changesCount > 0
        }
    }

    public func useAPIToken(hash: String, now: Date) async throws -> (APIToken, OperatorAccount)? {
        try await pool.write { db in
            guard let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT t.id, t.operator, t.label, t.created_at, t.expires_at, t.last_used_at, t.revoked_at,
                        o.role, o.password_hash, o.created_at
                    FROM api_tokens t JOIN operators o ON o.name = t.operator WHERE t.token_hash = ?
                    """,
                arguments: [hash])
            else { return nil }
            let token = Self.token(row)
            guard token.isLive(at: now), let role = OperatorRole(rawValue: row[7]) else { return nil }
            // One write a minute per token is enough to say when it was last used.
            if token.lastUsedAt.map({ now.timeIntervalSince($0) > 60 }) ?? true {
                try db.execute(sql: "UPDATE api_tokens SET last_used_at = ? WHERE id = ?", arguments: [now.milliseconds, token.id])
            }
            let account = OperatorAccount(name: token.operatorName, role: role, passwordHash: row[8], createdAt: Date(milliseconds: row[9]))
            return (token, account)
        }
    }

    private static func token(_ row: Row) -> APIToken {
        func date(_ index: Int) -> Date? { (row[index] as Int64?).map(Date.init(milliseconds:)) }
        return APIToken(
            id: row[0], operatorName: row[1], label: row[2], createdAt: Date(milliseconds: row[3]), expiresAt: date(4),
            lastUsedAt: date(5), revokedAt: date(6))
    }
}
