public import CentralServer
public import Foundation
import PostgresNIO
public import SyncProtocol

// Enrollment, keys, revocation and declared gaps on PostgreSQL.
extension PostgresCentralStorage {
    public func addEnrollmentCode(hash: String, officeId: String, kioskId: String?, expiresAt: Date) async throws {
        try await client.query("""
            INSERT INTO enrollment_codes (code_hash, office_id, kiosk_id, expires_at)
            VALUES (\(hash), \(officeId), \(kioskId), \(expiresAt.milliseconds))
            """, logger: logger)
    }

    public func redeemEnrollmentCode(
        hash: String, kioskId: String, key: KioskVerifyingKey, credentialExpiresAt: Date, now: Date
    ) async throws -> EnrollmentOutcome {
        try await transaction { connection in
            // One enrollment per kiosk id at a time (two new codes for one id cannot both pass),
            // and the code's row locked against a concurrent use of the same code.
            try await connection.query("SELECT pg_advisory_xact_lock(hashtext(\("kiosk:" + kioskId)))", logger: self.logger)
            guard let codeRow = try await connection.query("""
                SELECT office_id, kiosk_id, expires_at, used_at, used_by, used_key FROM enrollment_codes
                WHERE code_hash = \(hash) FOR UPDATE
                """, logger: self.logger).collect().first
            else { return .invalidCode }
            let (office, bound, expires, usedAt, usedBy, usedKey) =
                try codeRow.decode((String, String?, Int64, Int64?, String?, Data?).self)
            let code = EnrollmentRules.Code(
                officeId: office, boundKioskId: bound, expiresAt: Date(milliseconds: expires), used: usedAt != nil,
                usedBy: usedBy, usedKey: usedKey.map(Array.init))
            let kiosk = try await self.enrolledKiosk(kioskId, connection)?.rules
            let decision = EnrollmentRules.decide(code: code, kioskId: kioskId, key: key, kiosk: kiosk, now: now)
            guard case .register(let officeId) = decision else { return decision.outcome }
            let publicKey = key.publicKeyBytes.map { Data($0) }
            try await connection.query("""
                UPDATE enrollment_codes SET used_at = \(now.milliseconds), used_by = \(kioskId), used_key = \(publicKey)
                WHERE code_hash = \(hash)
                """, logger: self.logger)
            try await connection.query("""
                INSERT INTO kiosks (kiosk_id, office_id, secret, public_key, expires_at, enrolled_at, revoked_at)
                VALUES (\(kioskId), \(officeId), \(Data(key.secretBytes ?? [])), \(publicKey), \(credentialExpiresAt.milliseconds),
                    \(now.milliseconds), NULL)
                ON CONFLICT (kiosk_id) DO UPDATE SET office_id = excluded.office_id, secret = excluded.secret,
                    public_key = excluded.public_key, expires_at = excluded.expires_at, enrolled_at = excluded.enrolled_at,
                    revoked_at = NULL
                """, logger: self.logger)
            return .enrolled(officeId: officeId, expiresAt: Date(milliseconds: credentialExpiresAt.milliseconds))
        }
    }

    /// The kiosk's row, read inside a transaction (locked) or alone.
    private func enrolledKiosk(_ kioskId: String, _ connection: PostgresConnection?) async throws -> KioskCredential? {
        let query: PostgresQuery = """
            SELECT office_id, secret, public_key, expires_at, revoked_at FROM kiosks WHERE kiosk_id = \(kioskId)
            """
        let rows = if let connection {
            try await connection.query(query, logger: logger).collect()
        } else {
            try await client.query(query, logger: logger).collect()
        }
        guard let row = rows.first else { return nil }
        let (office, secret, publicKey, expires, revoked) = try row.decode((String, Data, Data?, Int64, Int64?).self)
        return KioskCredential(
            kioskId: kioskId, officeId: office, key: publicKey.map { .ed25519(Array($0)) } ?? .hmac(Array(secret)),
            expiresAt: Date(milliseconds: expires), revokedAt: revoked.map(Date.init(milliseconds:)))
    }

    public func credential(kioskId: String) async throws -> KioskCredential? {
        try await enrolledKiosk(kioskId, nil)
    }

    public func revokeKiosk(kioskId: String, now: Date) async throws -> Bool {
        // The secret of an HMAC kiosk goes with the revocation: nothing left can sign for it.
        let rows = try await rows("""
            UPDATE kiosks SET revoked_at = \(now.milliseconds), secret = ''::bytea
            WHERE kiosk_id = \(kioskId) AND revoked_at IS NULL RETURNING 1
            """)
        return !rows.isEmpty
    }

    public func changeKioskKey(kioskId: String, from current: KioskVerifyingKey, to new: KioskVerifyingKey, now: Date) async throws -> Bool {
        try await transaction { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(hashtext(\("kiosk:" + kioskId)))", logger: self.logger)
            guard let kiosk = try await self.enrolledKiosk(kioskId, connection), kiosk.revokedAt == nil, kiosk.key == current else {
                return false
            }
            try await connection.query("""
                UPDATE kiosks SET secret = \(Data(new.secretBytes ?? [])), public_key = \(new.publicKeyBytes.map { Data($0) })
                WHERE kiosk_id = \(kioskId)
                """, logger: self.logger)
            return true
        }
    }

    public func declareGap(kioskId: String, dbEpoch: String, fromSeq: Int64, toSeq: Int64, now: Date) async throws -> GapOutcome {
        do {
            return try await recordGap(kioskId: kioskId, dbEpoch: dbEpoch, fromSeq: fromSeq, toSeq: toSeq, now: now)
        } catch let refused as RefusedGap {
            return refused.outcome
        }
    }

    /// Drives ``GapRule`` under the stream's row lock (which serialises it with the stream's batches).
    private func recordGap(kioskId: String, dbEpoch: String, fromSeq: Int64, toSeq: Int64, now: Date) async throws -> GapOutcome {
        try await transaction { connection in
            try await connection.query("""
                INSERT INTO streams (kiosk_id, db_epoch, high_water, archived_through, first_seen, last_seen)
                VALUES (\(kioskId), \(dbEpoch), 0, 0, \(now.milliseconds), \(now.milliseconds)) ON CONFLICT DO NOTHING
                """, logger: self.logger)
            guard let row = try await connection.query("""
                SELECT high_water, archived_through FROM streams WHERE kiosk_id = \(kioskId) AND db_epoch = \(dbEpoch) FOR UPDATE
                """, logger: self.logger).collect().first
            else { throw CentralError(.storage, "stream row vanished") }
            let (highWater, archived) = try row.decode((Int64, Int64).self)
            switch GapRule.decide(stream: StreamMarks(highWater: highWater, archived: archived), fromSeq: fromSeq, toSeq: toSeq) {
            case .refuse(let outcome):
                // Nothing recorded; the empty stream row created above is rolled back with this.
                throw RefusedGap(outcome: outcome)
            case .record(let lostRange, let mark, let archived):
                if let lostRange {
                    try await connection.query("""
                        INSERT INTO stream_gaps (kiosk_id, db_epoch, from_seq, to_seq, declared_at)
                        VALUES (\(kioskId), \(dbEpoch), \(lostRange.lowerBound), \(lostRange.upperBound), \(now.milliseconds))
                        """, logger: self.logger)
                    try await connection.query("""
                        UPDATE streams SET high_water = \(mark), last_seen = \(now.milliseconds)
                        WHERE kiosk_id = \(kioskId) AND db_epoch = \(dbEpoch)
                        """, logger: self.logger)
                }
                let lost = try await connection.query("""
                    SELECT COALESCE(SUM(to_seq - from_seq + 1), 0)::bigint FROM stream_gaps WHERE kiosk_id = \(kioskId) AND db_epoch = \(dbEpoch)
                    """, logger: self.logger).collect().first?.decode(Int64.self) ?? 0
                return GapOutcome.recorded(acceptedThrough: mark, archivedThrough: archived, lostEvents: lost)
            }
        }
    }

    public func streamGaps(kioskId: String?) async throws -> [StreamGap] {
        try await rows("""
            SELECT kiosk_id, db_epoch, from_seq, to_seq, declared_at FROM stream_gaps
            WHERE \(kioskId)::text IS NULL OR kiosk_id = \(kioskId) ORDER BY kiosk_id, db_epoch, from_seq
            """
        ).map { row in
            let (kiosk, epoch, from, to, at) = try row.decode((String, String, Int64, Int64, Int64).self)
            return StreamGap(kioskId: kiosk, dbEpoch: epoch, fromSeq: from, toSeq: to, declaredAt: Date(milliseconds: at))
        }
    }
}

extension PostgresCentralStorage {
    public func kioskEnrollments() async throws -> [KioskEnrollment] {
        try await rows("""
            SELECT kiosk_id, office_id, public_key, expires_at, revoked_at, enrolled_at FROM kiosks ORDER BY office_id, kiosk_id
            """
        ).map { row in
            let (kiosk, office, publicKey, expires, revoked, enrolled) = try row.decode((String, String, Data?, Int64, Int64?, Int64).self)
            let key: KioskVerifyingKey = publicKey.map { .ed25519(Array($0)) } ?? .hmac([])
            return KioskEnrollment(
                kioskId: kiosk, officeId: office, keyFingerprint: key.fingerprint, enrolledAt: Date(milliseconds: enrolled),
                expiresAt: Date(milliseconds: expires), revokedAt: revoked.map(Date.init(milliseconds:)))
        }
    }
}

/// Rolls a gap declaration back when ``GapRule`` refuses it.
struct RefusedGap: Error {
    var outcome: GapOutcome
}

extension KioskCredential {
    /// The row as ``EnrollmentRules`` sees it.
    var rules: EnrollmentRules.Kiosk {
        EnrollmentRules.Kiosk(officeId: officeId, key: key, expiresAt: expiresAt, revoked: revokedAt != nil)
    }
}
