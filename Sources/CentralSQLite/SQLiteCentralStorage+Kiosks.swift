public import CentralServer
public import Foundation
import GRDB
public import SyncProtocol

// Enrollment, keys, revocation and declared gaps on SQLite.
extension SQLiteCentralStorage {
    /// Migration `central-v3-keys-gaps`: kiosks register an Ed25519 public key (the HMAC secret
    /// stays only for kiosks enrolled before, until they move to a key), can be revoked; codes
    /// may be minted for one kiosk id and remember the key they were used with (idempotent
    /// retries); event ids are unique per kiosk, not across kiosks (one kiosk cannot claim
    /// another's event id); declared gaps.
    static func migrateKeysAndGaps(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE kiosks ADD COLUMN public_key BLOB;
            ALTER TABLE kiosks ADD COLUMN revoked_at INTEGER;
            ALTER TABLE enrollment_codes ADD COLUMN kiosk_id TEXT;
            ALTER TABLE enrollment_codes ADD COLUMN used_key BLOB;
            CREATE TABLE stream_gaps (
                kiosk_id TEXT NOT NULL,
                db_epoch TEXT NOT NULL,
                from_seq INTEGER NOT NULL,
                to_seq INTEGER NOT NULL,
                declared_at INTEGER NOT NULL,
                PRIMARY KEY (kiosk_id, db_epoch, from_seq)
            ) WITHOUT ROWID;
            CREATE TABLE events_v3 (
                kiosk_id TEXT NOT NULL,
                db_epoch TEXT NOT NULL,
                seq INTEGER NOT NULL,
                event_id TEXT,
                type TEXT NOT NULL,
                day TEXT NOT NULL,
                occurred_at INTEGER NOT NULL,
                payload TEXT NOT NULL,
                content_hash TEXT NOT NULL,
                rejection TEXT,
                received_at INTEGER NOT NULL,
                PRIMARY KEY (kiosk_id, db_epoch, seq),
                UNIQUE (kiosk_id, event_id)
            );
            INSERT INTO events_v3 (kiosk_id, db_epoch, seq, event_id, type, day, occurred_at, payload, content_hash,
                    rejection, received_at)
                SELECT kiosk_id, db_epoch, seq, event_id, type, day, occurred_at, payload, content_hash, rejection, received_at
                FROM events;
            DROP TABLE events;
            ALTER TABLE events_v3 RENAME TO events;
            CREATE INDEX events_by_day ON events (kiosk_id, day);
            """)
    }

    public func addEnrollmentCode(hash: String, officeId: String, kioskId: String?, expiresAt: Date) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "INSERT INTO enrollment_codes (code_hash, office_id, kiosk_id, expires_at) VALUES (?, ?, ?, ?)",
                arguments: [hash, officeId, kioskId, expiresAt.milliseconds])
        }
    }

    public func redeemEnrollmentCode(
        hash: String, kioskId: String, key: KioskVerifyingKey, credentialExpiresAt: Date, now: Date
    ) async throws -> EnrollmentOutcome {
        // One write transaction: SQLite's single writer serialises concurrent redemptions.
        try await pool.write { db in
            guard let code = try Row.fetchOne(db, sql: """
                SELECT office_id, kiosk_id, expires_at, used_at, used_by, used_key FROM enrollment_codes WHERE code_hash = ?
                """, arguments: [hash])
            else { return .invalidCode }
            let kiosk = try Row.fetchOne(
                db, sql: "SELECT office_id, secret, public_key, expires_at, revoked_at FROM kiosks WHERE kiosk_id = ?",
                arguments: [kioskId])
            let state = EnrollmentRules.Code(
                officeId: code[0], boundKioskId: code[1], expiresAt: Date(milliseconds: code[2]), used: (code[3] as Int64?) != nil,
                usedBy: code[4], usedKey: (code[5] as Data?).map(Array.init))
            let current = kiosk.map { Self.enrolledKiosk($0) }
            let decision = EnrollmentRules.decide(code: state, kioskId: kioskId, key: key, kiosk: current, now: now)
            guard case .register(let office) = decision else { return decision.outcome }
            try db.execute(
                sql: "UPDATE enrollment_codes SET used_at = ?, used_by = ?, used_key = ? WHERE code_hash = ?",
                arguments: [now.milliseconds, kioskId, key.publicKeyBytes.map { Data($0) }, hash])
            try db.execute(sql: """
                INSERT INTO kiosks (kiosk_id, office_id, secret, public_key, expires_at, enrolled_at, revoked_at)
                VALUES (?, ?, ?, ?, ?, ?, NULL)
                ON CONFLICT (kiosk_id) DO UPDATE SET office_id = excluded.office_id, secret = excluded.secret,
                    public_key = excluded.public_key, expires_at = excluded.expires_at, enrolled_at = excluded.enrolled_at,
                    revoked_at = NULL
                """, arguments: [
                    kioskId, office, Data(key.secretBytes ?? []), key.publicKeyBytes.map { Data($0) },
                    credentialExpiresAt.milliseconds, now.milliseconds,
                ])
            return .enrolled(officeId: office, expiresAt: Date(milliseconds: credentialExpiresAt.milliseconds))
        }
    }

    /// A `kiosks` row (office_id, secret, public_key, expires_at, revoked_at) as the rules see it.
    private static func enrolledKiosk(_ row: Row) -> EnrollmentRules.Kiosk {
        let publicKey: Data? = row[2]
        let secret: Data = row[1]
        return EnrollmentRules.Kiosk(
            officeId: row[0], key: publicKey.map { .ed25519(Array($0)) } ?? .hmac(Array(secret)),
            expiresAt: Date(milliseconds: row[3]), revoked: (row[4] as Int64?) != nil)
    }

    public func credential(kioskId: String) async throws -> KioskCredential? {
        try await pool.read { db in
            guard let row = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT office_id, secret, public_key, expires_at, revoked_at FROM kiosks WHERE kiosk_id = ?"),
                arguments: [kioskId])
            else { return nil }
            let kiosk = Self.enrolledKiosk(row)
            return KioskCredential(
                kioskId: kioskId, officeId: kiosk.officeId, key: kiosk.key, expiresAt: kiosk.expiresAt,
                revokedAt: (row[4] as Int64?).map(Date.init(milliseconds:)))
        }
    }

    public func revokeKiosk(kioskId: String, now: Date) async throws -> Bool {
        try await pool.write { db in
            // The secret of an HMAC kiosk goes with the revocation: nothing left can sign for it.
            try db.execute(
                sql: "UPDATE kiosks SET revoked_at = ?, secret = x'' WHERE kiosk_id = ? AND revoked_at IS NULL",
                arguments: [now.milliseconds, kioskId])
            return db.changesCount > 0
        }
    }

    public func changeKioskKey(kioskId: String, from current: KioskVerifyingKey, to new: KioskVerifyingKey, now: Date) async throws -> Bool {
        try await pool.write { db in
            guard let row = try Row.fetchOne(
                db, sql: "SELECT office_id, secret, public_key, expires_at, revoked_at FROM kiosks WHERE kiosk_id = ?",
                arguments: [kioskId])
            else { return false }
            let kiosk = Self.enrolledKiosk(row)
            guard !kiosk.revoked, kiosk.key == current else { return false }
            try db.execute(
                sql: "UPDATE kiosks SET secret = ?, public_key = ? WHERE kiosk_id = ?",
                arguments: [Data(new.secretBytes ?? []), new.publicKeyBytes.map { Data($0) }, kioskId])
            return true
        }
    }

    public func declareGap(kioskId: String, dbEpoch: String, fromSeq: Int64, toSeq: Int64, now: Date) async throws -> GapOutcome {
        try await pool.write { db in
            let stream = try Row.fetchOne(
                db, sql: "SELECT high_water, archived_through FROM streams WHERE kiosk_id = ? AND db_epoch = ?",
                arguments: [kioskId, dbEpoch])
            let marks = stream.map { StreamMarks(highWater: $0[0], archived: $0[1]) }
            switch GapRule.decide(stream: marks, fromSeq: fromSeq, toSeq: toSeq) {
            case .refuse(let outcome):
                return outcome
            case .record(let lostRange, let mark, let archived):
                if let lostRange {
                    try db.execute(
                        sql: "INSERT INTO stream_gaps (kiosk_id, db_epoch, from_seq, to_seq, declared_at) VALUES (?, ?, ?, ?, ?)",
                        arguments: [kioskId, dbEpoch, lostRange.lowerBound, lostRange.upperBound, now.milliseconds])
                    try db.execute(sql: """
                        INSERT INTO streams (kiosk_id, db_epoch, high_water, archived_through, first_seen, last_seen)
                        VALUES (?, ?, ?, 0, ?, ?)
                        ON CONFLICT (kiosk_id, db_epoch) DO UPDATE SET high_water = excluded.high_water, last_seen = excluded.last_seen
                        """, arguments: [kioskId, dbEpoch, mark, now.milliseconds, now.milliseconds])
                }
                let lost = try Int64.fetchOne(db, sql: """
                    SELECT COALESCE(SUM(to_seq - from_seq + 1), 0) FROM stream_gaps WHERE kiosk_id = ? AND db_epoch = ?
                    """, arguments: [kioskId, dbEpoch]) ?? 0
                return .recorded(acceptedThrough: mark, archivedThrough: archived, lostEvents: lost)
            }
        }
    }

    public func streamGaps(kioskId: String?) async throws -> [StreamGap] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT kiosk_id, db_epoch, from_seq, to_seq, declared_at FROM stream_gaps
                WHERE ? IS NULL OR kiosk_id = ? ORDER BY kiosk_id, db_epoch, from_seq
                """, arguments: [kioskId, kioskId]
            ).map { StreamGap(kioskId: $0[0], dbEpoch: $0[1], fromSeq: $0[2], toSeq: $0[3], declaredAt: Date(milliseconds: $0[4])) }
        }
    }

    public func kioskEnrollments() async throws -> [KioskEnrollment] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT kiosk_id, office_id, secret, public_key, expires_at, revoked_at, enrolled_at FROM kiosks
                ORDER BY office_id, kiosk_id
                """
            ).map { row in
                let publicKey: Data? = row[3]
                let key: KioskVerifyingKey = publicKey.map { .ed25519(Array($0)) } ?? .hmac([])
                return KioskEnrollment(
                    kioskId: row[0], officeId: row[1], keyFingerprint: key.fingerprint, enrolledAt: Date(milliseconds: row[6]),
                    expiresAt: Date(milliseconds: row[4]), revokedAt: (row[5] as Int64?).map(Date.init(milliseconds:)))
            }
        }
    }
}
