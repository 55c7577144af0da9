public import CentralServer
public import Foundation
import GRDB
public import TurneroCore

// Customers' contacts for escalations' answers, and who works each escalation (issue 16).
extension SQLiteCentralStorage {
    static func migrateEscalationContacts(_ db: Database) throws {
        try db.execute(sql: """
            -- Personal data: given with consent at the counter, erased after the retention.
            ALTER TABLE escalations ADD COLUMN contact_phone TEXT;
            ALTER TABLE escalations ADD COLUMN contact_email TEXT;
            ALTER TABLE escalations ADD COLUMN contact_consent_at INTEGER;
            ALTER TABLE escalations ADD COLUMN contact_erased_at INTEGER;
            ALTER TABLE escalations ADD COLUMN worked_by TEXT;
            """)
    }

    public func storeEscalationContact(
        kioskId: String, escalationId: String, contact: CustomerContact, consentAt: Date, closedSince: Date, now: Date
    ) async throws -> ContactStorageResult {
        try await pool.write { db in
            guard let row = try Row.fetchOne(
                db, sql: "SELECT closed_at, contact_erased_at FROM escalations WHERE escalation_id = ? AND kiosk_id = ?",
                arguments: [escalationId, kioskId])
            else { return .unknown }
            if row[1] as Int64? != nil { return .discarded }
            if let closed = row[0] as Int64?, closed < closedSince.milliseconds { return .discarded }
            try db.execute(
                sql: """
                    UPDATE escalations SET contact_phone = ?, contact_email = ?, contact_consent_at = ?, contact_given = 1
                    WHERE escalation_id = ? AND kiosk_id = ?
                    """,
                arguments: [contact.phoneDigits, contact.emailAddress, consentAt.milliseconds, escalationId, kioskId])
            return .stored
        }
    }

    public func eraseEscalationContacts(closedBefore: Date, now: Date) async throws -> Int {
        try await pool.write { db in
            try db.execute(
                sql: """
                    UPDATE escalations SET contact_phone = NULL, contact_email = NULL, contact_erased_at = ?
                    WHERE contact_erased_at IS NULL AND (contact_phone IS NOT NULL OR contact_email IS NOT NULL)
                        AND closed_at IS NOT NULL AND closed_at < ?
                    """,
                arguments: [now.milliseconds, closedBefore.milliseconds])
            return db.changesCount
        }
    }

    public func takeEscalation(id: String, operatorName: String, now: Date) async throws -> Bool {
        try await pool.write { db in
            try db.execute(
                sql: """
                    UPDATE escalations SET worked_by = ?
                    WHERE escalation_id = ? AND closed_at IS NULL AND (worked_by IS NULL OR worked_by = ?)
                    """,
                arguments: [operatorName, id, operatorName])
            return db.changesCount > 0
        }
    }
}
