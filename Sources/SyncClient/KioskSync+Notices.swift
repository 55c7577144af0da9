import Foundation
import SyncProtocol
import TurneroCore
import TurneroStore

// What customers and call-back agents did at the centre comes down to the office: closures,
// cancellations and ratings from the ticket's page. The kiosk records each as its own event,
// which tells the centre it knows (and ends the centre's list).
extension KioskSync {
    /// Records everything in `notices`; returns whether anything new was recorded (to upload).
    func recordNotices(_ notices: KioskNotices) async throws(SyncError) -> Bool {
        let closures = try await recordCentreClosures(notices.closedCallbacks)
        let requests = try await recordTicketRequests(cancellations: notices.cancelledTurns, ratings: notices.ticketRatings)
        return closures || requests
    }

    /// Cancellations and ratings made on tickets' pages, recorded as this office's own events.
    func recordTicketRequests(cancellations: [TicketCancellation], ratings: [TicketRating]) async throws(SyncError) -> Bool {
        guard let office, !(cancellations.isEmpty && ratings.isEmpty) else { return false }
        var recorded = 0
        for cancellation in cancellations {
            guard let id = UUID(uuidString: cancellation.turnId) else {
                logger.warning("the centre sent an unreadable cancellation", metadata: ["turn": "\(cancellation.turnId.prefix(40))"])
                continue
            }
            let outcome = try await store { try office.recordTicketCancellation(turn: id) }
            if outcome == .recorded {
                recorded += 1
                logger.notice("turn cancelled from the ticket's page", metadata: ["turn": "\(id)"])
            }
        }
        for rating in ratings {
            guard let id = UUID(uuidString: rating.turnId), let score = RatingScore(rating.score) else {
                logger.warning("the centre sent an unreadable rating", metadata: ["turn": "\(rating.turnId.prefix(40))"])
                continue
            }
            let callback = rating.callbackId.flatMap(UUID.init(uuidString:))
            let outcome = try await store {
                try office.recordTicketRating(turn: id, score: score, callback: callback, contactGiven: rating.contactGiven)
            }
            if outcome == .recorded {
                recorded += 1
                logger.info("rating from the ticket's page recorded", metadata: ["turn": "\(id)", "score": "\(rating.score)"])
            }
        }
        return recorded > 0
    }

    /// What the centre holds for this kiosk, waiting up to `wait` seconds for something to
    /// arrive; nil when the centre does not offer notices (an older centre).
    func fetchNotices(wait: Int) async throws(SyncError) -> KioskNotices? {
        let seconds = min(max(0, wait), KioskNotices.maximumWait)
        let response = try await signedSend("GET", SyncPaths.notices(kioskId: credentials.kioskId, wait: seconds), body: [])
        switch response.status {
        case 200:
            return try decode(response) as KioskNotices
        case 404, 405:
            return nil
        default:
            throw failure(response)
        }
    }

    /// What one long-poll brought.
    public enum ListenOutcome: Sendable, Hashable {
        /// The wait ended with nothing new.
        case nothing
        /// Notices were recorded as the office's own events (to upload now).
        case recorded
        /// Notices came but none could be recorded here (no office store, or all moot): the
        /// centre will answer with them again at once, so the listener must pause.
        case unrecorded
    }

    /// One long-poll: waits for notices and records them; nil when the centre does not offer
    /// notices.
    public func listenOnce(wait: Int) async throws(SyncError) -> ListenOutcome? {
        guard let notices = try await fetchNotices(wait: wait) else { return nil }
        if notices.isEmpty { return .nothing }
        return try await recordNotices(notices) ? .recorded : .unrecorded
    }
}
