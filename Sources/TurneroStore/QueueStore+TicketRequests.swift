public import Foundation
import GRDB
public import TurneroCore

/// What became of a request a customer made on their ticket's page at the centre.
public enum TicketRequestOutcome: Sendable, Hashable {
    /// Recorded here as this office's own event.
    case recorded
    /// Not applicable any more (the turn was called, served, already rated…): nothing recorded.
    case moot
    /// This database does not know the turn (a replaced database).
    case unknownTurn
}

extension QueueStore {
    /// A customer left the queue from the ticket's page: the turn is cancelled if it still
    /// waits, recorded as `turn.cancelled` (which tells the centre the office knows). A turn
    /// already called stays as it is: the counter will mark it a no-show.
    public func recordTicketCancellation(turn id: UUID) throws(StoreError) -> TicketRequestOutcome {
        try transaction { context in
            guard var turn = try TurnRow.fetchOne(context.db, where: "id = ?", [id.uuidString]) else { return .unknownTurn }
            guard turn.state == .waiting else { return .moot }
            let payload = try apply(.cancel, to: &turn, at: context.now)
            try TurnRow.update(turn, context.db)
            try context.record(payload, day: turn.day)
            return .recorded
        }
    }

    /// A customer rated on the ticket's page: recorded here as at the kiosk (`turn.rated`, and
    /// for a detractor the call-back the centre named, with `callback.contact_given` when the
    /// customer left a number there). The first rating of a turn wins, wherever it was given.
    public func recordTicketRating(
        turn id: UUID, score: RatingScore, callback: UUID?, contactGiven: Bool
    ) throws(StoreError) -> TicketRequestOutcome {
        try transaction { context in
            guard let turn = try TurnRow.fetchOne(context.db, where: "id = ?", [id.uuidString]) else { return .unknownTurn }
            let rated = try context.db.value(Int.self, "SELECT 1 FROM ratings WHERE turn_id = ?", [id.uuidString]) != nil
            guard turn.state == .served, turn.outcome != .unrecorded, !rated else { return .moot }
            if let callback, try context.db.value(Int.self, "SELECT 1 FROM callbacks WHERE id = ?", [callback.uuidString]) != nil {
                return .moot
            }
            let opened = try context.storeRating(turn, score: score, callback: callback)
            if let opened, contactGiven {
                // The number stays at the centre; the event counts the call-back as one with a contact.
                try context.record(.callbackContactGiven(callback: opened.id))
            }
            return .recorded
        }
    }
}
