public import Foundation
import GRDB
public import TurneroCore

/// A contact a customer gave with consent for an escalation's answer, waiting to reach the
/// centre (or, on an office without a centre, to be used here).
public struct PendingEscalationContact: Sendable, Hashable {
    public var escalation: UUID
    public var contact: CustomerContact
    public var consentedAt: Date
}

extension QueueStore {
    /// Contacts still on this kiosk, oldest consent first.
    public func escalationContacts(limit: Int = 100) throws(StoreError) -> [PendingEscalationContact] {
        try read { db in
            try db.rows("SELECT * FROM escalation_contacts ORDER BY consented_at, escalation_id LIMIT ?", [limit]).compactMap { row in
                guard let id = UUID(uuidString: row["escalation_id"]),
                    let contact = CustomerContact(phone: row["phone"], email: row["email"])
                else { return nil }
                return PendingEscalationContact(escalation: id, contact: contact, consentedAt: Date(millisecondsSince1970: row["consented_at"]))
            }
        }
    }

    /// The contact kept for one escalation (offices without a centre answer from here).
    public func escalationContact(_ id: UUID) throws(StoreError) -> CustomerContact? {
        try read { db in
            try db.row("SELECT phone, email FROM escalation_contacts WHERE escalation_id = ?", [id.uuidString])
                .flatMap { CustomerContact(phone: $0["phone"], email: $0["email"]) }
        }
    }

    /// Deletes contacts this kiosk no longer needs (the centre stored them, or discarded them).
    public func forgetEscalationContacts(_ ids: [UUID]) throws(StoreError) {
        guard !ids.isEmpty else { return }
        try TurneroDatabase.storage {
            try database.writer.write { db in
                for id in ids { try db.execute(sql: "DELETE FROM escalation_contacts WHERE escalation_id = ?", arguments: [id.uuidString]) }
            }
        }
    }
}
