public import CentralServer
public import Foundation
import Logging
import PostgresNIO
public import TurneroCore

// Customers' contacts for escalations' answers on PostgreSQL (as SQLite's).
extension PostgresCentralStorage {
    static let escalationContactSchema = [
        """
        ALTER TABLE escalations ADD COLUMN contact_phone TEXT, ADD COLUMN contact_email TEXT, ADD COLUMN contact_consent_at BIGINT,
            ADD COLUMN contact_erased_at BIGINT, ADD COLUMN worked_by TEXT
        """,
    ]

    public func storeEscalationContact(
        kioskId: String, escalationId: String, contact: CustomerContact, consentAt: Date, closedSince: Date, now: Date
    ) async throws -> ContactStorageResult {
        try await transaction { connection in
            let found = try await connection.query("""
                SELECT closed_at, contact_erased_at FROM escalations WHERE escalation_id = \(escalationId) AND kiosk_id = \(kioskId)
                FOR UPDATE
                """, logger: self.logger).collect()
            guard let row = found.first else { return .unknown }
            let (closed, erased) = try row.decode((Int64?, Int64?).self)
            if erased != nil { return .discarded }
            if let closed, closed < closedSince.milliseconds { return .discarded }
            try await connection.query("""
                UPDATE escalations SET contact_phone = \(contact.phoneDigits), contact_email = \(contact.emailAddress),
                    contact_consent_at = \(consentAt.milliseconds), contact_given = TRUE
                WHERE escalation_id = \(escalationId) AND kiosk_id = \(kioskId)
                """, logger: self.logger)
            return .stored
        }
    }

    public func eraseEscalationContacts(closedBefore: Date, now: Date) async throws -> Int {
        try await rows("""
            UPDATE escalations SET contact_phone = NULL, contact_email = NULL, contact_erased_at = \(now.milliseconds)
            WHERE contact_erased_at IS NULL AND (contact_phone IS NOT NULL OR contact_email IS NOT NULL)
                AND closed_at IS NOT NULL AND closed_at < \(closedBefore.milliseconds)
            RETURNING escalation_id
            """).count
    }

    public func takeEscalation(id: String, operatorName: String, now: Date) async throws -> Bool {
        try await !rows("""
            UPDATE escalations SET worked_by = \(operatorName)
            WHERE escalation_id = \(id) AND closed_at IS NULL AND (worked_by IS NULL OR worked_by = \(operatorName))
            RETURNING escalation_id
            """).isEmpty
    }
}
