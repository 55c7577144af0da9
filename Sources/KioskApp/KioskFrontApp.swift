public import Foundation
public import TerminalFront
public import TurneroCore

/// The customer front as a `TerminalApp`: `KioskFlow` for state, a `KioskBackend` for work.
/// Printer and database health arrive as `.health` messages from the ``PrinterWatcher``.
public struct KioskFrontApp: TerminalApp {
    public var backend: any KioskBackend
    public var officeName: String
    public var timeZone: TimeZone
    public var services: [Service]
    public var options: KioskOptions

    public init(backend: any KioskBackend, officeName: String, timeZone: TimeZone, services: [Service], options: KioskOptions) {
        self.backend = backend
        self.officeName = officeName
        self.timeZone = timeZone
        self.services = services
        self.options = options
    }

    public func initialState(now: Date) -> KioskFlow {
        KioskFlow(services: services, options: options, now: now)
    }

    public func handle(
        _ event: TerminalEvent<FlowEvent>, state: inout KioskFlow, now: Date, post: @escaping @Sendable (FlowEvent) -> Void
    ) -> [TerminalCommand] {
        let flowEvent: FlowEvent
        switch event {
        case .press(let id): flowEvent = .press(id)
        case .release(let id): flowEvent = .release(id)
        case .key(let input): flowEvent = .key(input)
        case .tick: flowEvent = .tick
        case .message(let message): flowEvent = message
        }
        var commands: [TerminalCommand] = []
        for effect in state.handle(flowEvent, at: now) {
            switch effect {
            case .wipeScreen:
                commands.append(.wipe)
            case .issueTurn(let service, let preferential, let language):
                Task { [backend] in
                    switch await backend.issueTicket(service: service, preferential: preferential, language: language) {
                    case .success(let ticket): post(.ticketIssued(ticket))
                    case .failure(let failure):
                        if failure.unconfirmed, let label = failure.label {
                            post(.issueUnconfirmed(label: label))
                        } else {
                            post(.issueFailed(failure.reason, label: failure.label))
                        }
                    }
                }
            case .lookUpTurnForRating(let label, let code):
                Task { [backend] in post(.ratingTarget(await backend.lookUpForRating(label: label, code: code))) }
            case .resolveTicketLink(let token):
                Task { [backend] in post(.ticketLinkResolved(await backend.resolveTicketLink(token: token))) }
            case .rate(let label, let code, let score):
                Task { [backend] in
                    if let stored = await backend.rate(label: label, code: code, score: score) { post(.rated(callback: stored.callback)) }
                }
            case .saveContact(let callback, let phone):
                Task { [backend] in _ = await backend.saveContact(callback: callback, phone: phone) }
            case .lookUpBill(let typed):
                Task { [backend] in post(.couponLookup(await backend.lookUpBill(typed: typed))) }
            case .printCoupon(let account, let kind):
                Task { [backend] in
                    switch await backend.printCoupon(account: account, kind: kind) {
                    case .success(let coupon): post(.couponPrinted(coupon))
                    case .failure(let failure): post(failure.unconfirmed ? .couponUnconfirmed : .couponFailed(failure.reason))
                    }
                }
            }
        }
        return commands
    }

    public func render(_ state: KioskFlow, columns: Int, rows: Int, now: Date) -> RenderedScreen {
        KioskRenderer(officeName: officeName).render(state, columns: columns, rows: rows, clock: clockText(now, timeZone))
    }

    /// The flow's next timeout, else the clock's next minute.
    public func nextWake(_ state: KioskFlow, now: Date) -> Date? {
        earliest(state.nextDeadline, nextMinute(after: now))
    }
}
