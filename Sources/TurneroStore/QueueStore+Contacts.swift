public import Foundation
import Crypto
import GRDB
public import TurneroCore

/// A number a detractor gave, waiting to reach the centre (or, offline, to be used here).
public struct CallbackContact: Sendable, Hashable {
    public var callback: UUID
    public var phone: ColombianPhone
    public var consentedAt: Date
}

extension QueueStore {
    /// Records the number a detractor gave for their call-back, with their consent, and the
    /// `callback.contact_given` event (without the number: events are kept for good).
    ///
    /// - Throws: `.callbackNotFound`, `.invalidArgument` when the call-back is closed.
    public func recordContact(callback id: UUID, phone: ColombianPhone) throws(StoreError) {
        try transaction { context in
            guard let closed = try context.db.row("SELECT closed_at FROM callbacks WHERE id = ?", [id.uuidString]) else {
                throw StoreError(.callbackNotFound, "no call-back \(id.uuidString.lowercased())")
            }
            guard (closed["closed_at"] as Int64?) == nil else {
                throw StoreError(.invalidArgument, "the call-back is already closed")
            }
            try context.db.run(
                "INSERT INTO callback_contacts (callback_id, phone, consented_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                [id.uuidString, phone.digits, context.now.millisecondsSince1970])
            if context.db.changesCount > 0 { try context.record(.callbackContactGiven(callback: id)) }
        }
    }

    /// Numbers still on this kiosk, oldest consent first.
    public func callbackContacts(limit: Int = 100) throws(StoreError) -> [CallbackContact] {
        try read { db in
            try db.rows("SELECT callback_id, phone, consented_at FROM callback_contacts ORDER BY consented_at LIMIT ?", [limit])
                .compactMap { row in
                    guard let id = UUID(uuidString: row["callback_id"]), let phone = ColombianPhone(parsing: row["phone"]) else { return nil }
                    return CallbackContact(callback: id, phone: phone, consentedAt: Date(millisecondsSince1970: row["consented_at"]))
                }
        }
    }

    /// The number kept for one call-back (offices without a centre call from here).
    public func callbackContact(_ id: UUID) throws(StoreError) -> ColombianPhone? {
        try read { db in
            try db.value(String.self, "SELECT phone FROM callback_contacts WHERE callback_id = ?", [id.uuidString])
        }.flatMap(ColombianPhone.init(parsing:))
    }

    /// Deletes numbers this kiosk no longer needs (the centre stored them, or discarded them).
    public func forgetContacts(_ ids: [UUID]) throws(StoreError) {
        guard !ids.isEmpty else { return }
        try TurneroDatabase.storage {
            try database.writer.write { db in
                for id in ids { try db.execute(sql: "DELETE FROM callback_contacts WHERE callback_id = ?", arguments: [id.uuidString]) }
            }
        }
    }

    /// Erases numbers of call-backs, and contacts for escalations' answers, closed longer ago
    /// than the retention (Ley 1581 de 2012).
    /// - Returns: how many were erased.
    @discardableResult
    public func eraseExpiredContacts() throws(StoreError) -> Int {
        let before = clock().addingTimeInterval(-TimeInterval(configuration.rating.contactRetentionDays) * 86_400)
        return try TurneroDatabase.storage {
            try database.writer.write { db in
                try db.execute(sql: """
                    DELETE FROM callback_contacts WHERE callback_id IN
                        (SELECT id FROM callbacks WHERE closed_at IS NOT NULL AND closed_at < ?)
                    """, arguments: [before.millisecondsSince1970])
                var erased = db.changesCount
                try db.execute(sql: """
                    DELETE FROM escalation_contacts WHERE escalation_id IN
                        (SELECT id FROM escalations WHERE closed_at IS NOT NULL AND closed_at < ?)
                    """, arguments: [before.millisecondsSince1970])
                erased += db.changesCount
                return erased
            }
        }
    }

    /// The short code printed on a ticket that proves, at the kiosk's rating screen, that the
    /// customer holds that ticket: five digits derived from the turn with this kiosk's secret key,
    /// so it cannot be worked out from the label.
    public func ratingCode(for turn: UUID) throws(StoreError) -> String {
        Self.ratingCode(for: turn, key: try ratingKey())
    }

    static func ratingCode(for turn: UUID, key: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data("rating:\(turn.uuidString)".utf8), using: SymmetricKey(data: Data(key.utf8)))
        let number = mac.prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) } % 100_000
        let digits = String(number)
        return String(repeating: "0", count: 5 - digits.count) + digits
    }
}
