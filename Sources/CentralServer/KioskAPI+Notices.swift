import Foundation
import Hummingbird
import SyncProtocol

// What the centre holds for a kiosk: call-backs closed here, and what customers asked on their
// tickets' pages. The kiosk records each as its own event, whose ingest settles it here.
extension KioskAPI {
    /// Requests older than this are no longer offered (their day is long closed at the office).
    static let noticeHorizon: TimeInterval = 36 * 3600
    /// How often a waiting long-poll looks at the database (notices queued by another instance).
    static let noticePoll: Duration = .seconds(1)

    /// How long a notice handed to a long-poll is not handed to the next one (the kiosk records
    /// it and sends its event up well within this; one it did not record comes again after it).
    static let noticeLease: TimeInterval = 10

    /// The notices of `kioskId` as of `now`; `offering`: for a long-poll (only those not offered
    /// within the lease, marked offered now).
    func notices(kioskId: String, now: Date, offering: Bool = false) async throws -> KioskNotices {
        let closed = try await storage.closuresToDeliver(kioskId: kioskId, limit: 50).compactMap { record in
            record.outcome.map { outcome in
                ClosedCallback(callbackId: record.opening.id, outcome: outcome.rawValue, closedAt: (record.closedAt ?? now).milliseconds)
            }
        }
        let since = now.addingTimeInterval(-Self.noticeHorizon)
        let requests = offering
            ? try await storage.offerTicketRequests(
                kioskId: kioskId, since: since, offeredBefore: now.addingTimeInterval(-Self.noticeLease), now: now, limit: 100)
            : try await storage.pendingTicketRequests(kioskId: kioskId, since: since, limit: 100)
        var notices = KioskNotices(serverTime: now.milliseconds, closedCallbacks: closed)
        for request in requests {
            switch request.kind {
            case .cancel:
                notices.cancelledTurns.append(TicketCancellation(turnId: request.turnId, requestedAt: request.requestedAt.milliseconds))
            case .rate:
                guard let score = request.score else { continue }
                notices.ticketRatings.append(TicketRating(
                    turnId: request.turnId, score: score, callbackId: request.callbackId, contactGiven: request.contactGiven,
                    ratedAt: request.requestedAt.milliseconds))
            }
        }
        return notices
    }

    /// `GET /v1/kiosks/{id}/notices?wait=S`: answers as soon as there is something, or after `S`
    /// seconds (at most ``KioskNotices/maximumWait``) with empty lists. Woken at once by a
    /// notice queued in this process; one from another instance is found within a second.
    func noticesLongPoll(_ request: Request, _ context: CentralRequestContext) async throws -> Response {
        let kioskId = try context.requireKiosk().kioskId
        let wait: Int
        switch request.query("wait") {
        case nil: wait = 0
        case let text?:
            guard let seconds = Int(text), seconds >= 0 else {
                throw APIError(.badRequest, ErrorCode.badRequest, "wait must be a whole number of seconds")
            }
            wait = min(seconds, KioskNotices.maximumWait)
        }
        let started = ContinuousClock.now
        let deadline = started + .seconds(wait)
        while true {
            let now = context.now.addingTimeInterval((ContinuousClock.now - started).timeInterval)
            let notices = try await self.notices(kioskId: kioskId, now: now, offering: true)
            let left = deadline - ContinuousClock.now
            if !notices.isEmpty || left <= .zero || drain.isDraining || Task.isCancelled { return .json(.ok, notices) }
            await signal.wait(kioskId: kioskId, upTo: min(left, Self.noticePoll))
        }
    }
}

extension Duration {
    /// The duration in seconds.
    var timeInterval: TimeInterval {
        let parts = components
        return TimeInterval(parts.seconds) + TimeInterval(parts.attoseconds) / 1e18
    }
}
