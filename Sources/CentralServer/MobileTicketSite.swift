import Foundation
import Hummingbird
import Logging
import TurneroCore

/// The customers' side of the centre (issue 17): `/t/<token>`, the page behind a ticket's QR,
/// and its two forms, leaving the queue and rating the attention. Anonymous: no session, the
/// ticket's token is the only key. Public-page middleware: security headers (no script, no
/// caching), a limit per client address and a stricter one on unknown tokens
/// (``TicketMissLimitMiddleware``); forms carry a key derived from the token
/// (``TicketLinkRule/formKey(token:purpose:)``) and must come from this site (`Origin`).
///
/// What customers ask here is not written into any office's books by the centre: it is queued
/// as a notice for the kiosk that issued the turn, which records it as its own event
/// (`turn.cancelled`, `turn.rated`); that event's ingest settles the notice (docs/sync.md).
struct MobileTicketSite: Sendable {
    let storage: any CentralStorage
    let board: LiveBoard
    let configuration: CentralConfiguration
    let logger: Logger
    let signal: NoticeSignal

    /// The pages' routes and middleware.
    func addRoutes(to root: RouteRecorder) {
        let pages = root.publicPages("/t", name: "ticket", limit: configuration.ticketPageLimit, ledger: storage)
            .add(middleware: TicketMissLimitMiddleware(ledger: storage, limit: configuration.ticketMissLimit))
            .add(middleware: BodyLimitMiddleware(maxBytes: 4 * 1024))
        pages.get("/{token}", answers: [200, 404]) { try await self.page($0, $1) }
        pages.post("/{token}/cancel", answers: [303, 400, 403, 404, 409, 413, 415]) { try await self.cancel($0, $1) }
        pages.post("/{token}/rate", answers: [303, 400, 403, 404, 409, 413, 415]) { try await self.rate($0, $1) }
    }

    /// A live ticket: its link, the turn's status and what the page needs around it.
    struct Ticket {
        var token: String
        var link: TicketLink
        var view: MobileTicketView
        var configuration: OfficeConfiguration
    }

    /// The ticket behind `token` as of `now`, or nil for anything that is not a live ticket
    /// (not a token, unknown, or past the end of its office day).
    func ticket(token raw: String, request: Request, now: Date) async throws -> Ticket? {
        let token = raw.lowercased()
        guard let hash = TicketLinkRule.hash(token: token), let link = try await storage.ticketLink(hash: hash),
            let turnId = UUID(uuidString: link.turnId), let day = LocalDay(rawValue: link.day)
        else { return nil }
        var found = try await status(of: turnId, link: link, day: day, now: now, maxAge: configuration.boardFreshness)
        // Just uploaded: the board may not hold the turn yet.
        if found == nil { found = try await status(of: turnId, link: link, day: day, now: now, maxAge: 0) }
        guard case let (status, office, kiosks)? = found else { return nil }
        let zone = office.resolvedTimeZone
        guard now < day.interval(in: zone).end else { return nil }
        let requests = try await storage.ticketRequests(kioskId: link.kioskId, turnId: link.turnId)
        let language = request.query("lang").flatMap(Language.init(rawValue:)) ?? status.language ?? .spanish
        let lastContact = kiosks.first { $0.kioskId == link.kioskId }?.lastContact
        let silent = lastContact.flatMap { now.timeIntervalSince($0) > configuration.onlineWindow ? $0 : nil }
        let view = MobileTicketView(
            status: status, language: language,
            serviceName: office.services.first { $0.code == status.service }?.name.text(in: language) ?? status.service.rawValue,
            officeName: office.officeName, timeZone: zone, now: now, silentSince: silent,
            cancelRequested: requests.contains { $0.kind == .cancel }, ratedHere: requests.contains { $0.kind == .rate },
            detractorMaxScore: office.rating.detractorMaxScore)
        return Ticket(token: token, link: link, view: view, configuration: office)
    }

    private func status(
        of turnId: UUID, link: TicketLink, day: LocalDay, now: Date, maxAge: TimeInterval
    ) async throws -> (TicketStatus, OfficeConfiguration, [KioskOverview])? {
        let data = try await board.ticketDay(officeId: link.officeId, day: day.rawValue, now: now, maxAge: maxAge)
        let office = data.configuration ?? OfficeSnapshot.fallbackConfiguration(officeId: link.officeId, events: data.events)
        var replay = TicketReplay()
        for event in data.events { replay.record(event) }
        return replay.status(of: turnId, configuration: office, now: now).map { ($0, office, data.kiosks) }
    }

    /// `GET /t/{token}`: the page, or the same plain 404 for anything that is not a live ticket.
    func page(_ request: Request, _ context: CentralRequestContext) async throws -> Response {
        let token = context.parameters.get("token") ?? ""
        guard let ticket = try await ticket(token: token, request: request, now: context.now) else {
            return MobileTicketPage.respond(MobileTicketPage.notFound, status: .notFound)
        }
        return MobileTicketPage(view: ticket.view, token: ticket.token).response()
    }
}
