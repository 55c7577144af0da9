import Foundation
public import Logging
public import TerminalFront
public import TurneroCore
public import TurneroStore
public import Printing

/// The real backend: the office queue on SQLite and the ticket printer.
public struct OfficeBackend: KioskBackend {
    public let store: QueueStore
    public let printer: any TicketPrinter
    let database = BlockingExecutor(label: "turnero.database")
    let logger: Logger
    /// Coupon lookups allowed per minute on this kiosk (typing random account numbers to
    /// harvest names is the abuse to slow down).
    let couponLookups: RateLimiter
    /// Called after each event is committed (the sync service uploads right away).
    let onRecorded: @Sendable () -> Void

    public init(
        store: QueueStore, printer: any TicketPrinter, logger: Logger = Logger(label: "turnero.kiosk"),
        onRecorded: @escaping @Sendable () -> Void = {}
    ) {
        self.store = store
        self.printer = printer
        self.logger = logger
        self.onRecorded = onRecorded
        couponLookups = RateLimiter(perMinute: store.configuration.coupons.lookupsPerMinute)
    }

    public func health() async -> OutOfServiceReason? {
        if let problem = await printer.problem() { return problem }
        do {
            try await database.run { [store] in try store.ping() }
            return nil
        } catch {
            logger.error("database unavailable", metadata: ["error": "\(error)"])
            return .database
        }
    }

    public func issueTicket(service: ServiceCode, preferential: Bool, language: Language) async -> Result<TicketView, IssueFailure> {
        // Check the printer first: a customer must not get a number that cannot be printed.
        if let problem = await printer.problem() {
            logger.notice("ticket refused", metadata: ["reason": "\(problem.rawValue)"])
            return .failure(IssueFailure(reason: problem, detail: "printer not ready"))
        }
        let ticket: IssuedTicket
        do {
            ticket = try await database.run { [store] in
                try store.issueTurn(service: service, preferential: preferential, language: language)
            }
        } catch let error as StoreError {
            logger.error("ticket not issued", metadata: ["error": "\(error.message)"])
            return .failure(IssueFailure(reason: error.isStorageFailure ? .database : nil, detail: error.message))
        } catch {
            return .failure(IssueFailure(reason: .database, detail: "\(error)"))
        }
        onRecorded()
        do {
            try await printer.print(ticket, office: store.configuration)
        } catch {
            let metadata: Logger.Metadata = ["turn": "\(ticket.turn.id)", "label": "\(ticket.turn.label)", "error": "\(error.detail)"]
            if error.unconfirmed {
                logger.warning("ticket sent but not confirmed by the printer: staff must look before any reprint", metadata: metadata)
            } else {
                logger.error("ticket committed but not printed", metadata: metadata)
            }
            return .failure(IssueFailure(reason: error.reason, detail: error.detail, label: ticket.turn.label, unconfirmed: error.unconfirmed))
        }
        logger.info("ticket issued", metadata: ["turn": "\(ticket.turn.id)", "label": "\(ticket.turn.label)"])
        return .success(
            TicketView(
                label: ticket.turn.label, serviceName: ticket.service.name, preferential: ticket.turn.preferential,
                ahead: ticket.ahead, estimate: ticket.estimate?.text))
    }

    public func lookUpForRating(label: String) async -> RatingLookup {
        guard let lookup = TurnLookup(label) else { return .failed(.turnNotFound) }
        do {
            switch try await database.run({ [store] in try store.rateability(of: lookup) }) {
            case .rateable(let turn): return .rateable(label: turn.label)
            case .notFound: return .failed(.turnNotFound)
            case .notServed: return .failed(.notRateable)
            case .alreadyRated: return .failed(.alreadyRated)
            }
        } catch {
            return .failed(.turnNotFound)
        }
    }

    public func rate(label: String, score: Int) async -> Bool {
        guard let lookup = TurnLookup(label), let value = RatingScore(score) else { return false }
        do {
            let rating = try await database.run { [store] in try store.rate(lookup, score: value) }
            logger.info("rated", metadata: ["turn": "\(rating.turn.id)", "score": "\(score)"])
            onRecorded()
            return true
        } catch {
            logger.warning("rating not stored", metadata: ["error": "\(error)"])
            return false
        }
    }
}
