public import Foundation
import SystemIO
import Synchronization
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
    let couponLookups: SharedBucket
    /// Called after each event is committed (the sync service uploads right away).
    let onRecorded: @Sendable () -> Void
    /// Called when the printer's condition changes (the centre hears of it at once).
    let onPrinterChange: @Sendable () -> Void
    /// Called when a ticket or coupon fails for a reason that puts the kiosk out of service
    /// (the printer watcher looks again and keeps looking until it can serve).
    let onOutOfService: @Sendable () -> Void
    /// Failed rating-code attempts allowed per kiosk (guessing codes is the abuse to slow down).
    let ratingAttempts: SharedBucket
    private let lastPrinterCondition = LastCondition()
    /// The clock the lookup and rating-code limits run on (tests freeze it).
    let now: @Sendable () -> ContinuousClock.Instant
    /// Where the limits' seconds count from.
    let origin: ContinuousClock.Instant

    /// - Parameters:
    ///   - onOutOfService: see the property; the printer watcher's recheck.
    ///   - now: the clock of the coupon lookup limit; the system's unless a test freezes it.
    public init(
        store: QueueStore, printer: any TicketPrinter, logger: Logger = Logger(label: "turnero.kiosk"),
        onRecorded: @escaping @Sendable () -> Void = {}, onPrinterChange: @escaping @Sendable () -> Void = {},
        onOutOfService: @escaping @Sendable () -> Void = {}, failedRatingCodesPerMinute: Int = 5, now: @escaping @Sendable () -> ContinuousClock.Instant = { .now }
    ) {
        self.store = store
        self.printer = printer
        self.logger = logger
        self.onRecorded = onRecorded
        self.onPrinterChange = onPrinterChange
        self.onOutOfService = onOutOfService
        self.now = now
        origin = now()
        couponLookups = SharedBucket(TokenBucket(perMinute: store.configuration.coupons.lookupsPerMinute, now: 0))
        ratingAttempts = SharedBucket(TokenBucket(perMinute: failedRatingCodesPerMinute, now: 0))
    }

    /// Seconds since the backend started, on the limits' clock.
    func limitClock() -> Double { (now() - origin).seconds }

    public func health() async -> OutOfServiceReason? {
        let problem = await printer.problem()
        if lastPrinterCondition.swap(printer.lastKnownCondition) { onPrinterChange() }
        if let problem { return problem }
        do {
            try await database.run { [store] in try store.ping() }
            return nil
        } catch {
            logger.error("database unavailable", metadata: ["error": "\(error)"])
            return .database
        }
    }

    public func issueTicket(service: ServiceCode, preferential: Bool, language: Language) async -> Result<TicketView, IssueFailure> {
        watched(await issue(service: service, preferential: preferential, language: language))
    }

    /// `result`, after telling the watcher when it put the kiosk out of service.
    func watched<T>(_ result: Result<T, IssueFailure>) -> Result<T, IssueFailure> {
        if case .failure(let failure) = result, failure.reason != nil { onOutOfService() }
        return result
    }

    private func issue(service: ServiceCode, preferential: Bool, language: Language) async -> Result<TicketView, IssueFailure> {
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

    public func lookUpForRating(label: String, code: String) async -> RatingLookup {
        guard TurnLookup(label) != nil else { return .failed(.turnNotFound) }
        do {
            let found = try await database.run { [store] in try store.rateability(label: label, code: code) }
            if case .notFound = found {
                // Only wrong guesses spend the budget: a customer with the right code is never slowed.
                guard ratingAttempts.allow(at: limitClock()) else {
                    logger.warning("rating codes rate-limited on this kiosk")
                    return .failed(.tooManyAttempts)
                }
                return .failed(.turnNotFound)
            }
            switch found {
            case .rateable(let turn): return .rateable(label: turn.label)
            case .notServed: return .failed(.notRateable)
            case .alreadyRated: return .failed(.alreadyRated)
            case .notFound: return .failed(.turnNotFound)
            }
        } catch {
            return .failed(.turnNotFound)
        }
    }

    public func resolveTicketLink(token: String) async -> ScannedTicket? {
        do {
            let found = try await database.run { [store] () throws -> ScannedTicket? in
                switch try store.rateability(token: token) {
                case .rateable(let turn), .notServed(let turn), .alreadyRated(let turn):
                    return ScannedTicket(label: turn.label, code: try store.ratingCode(for: turn.id))
                case .notFound:
                    return nil
                }
            }
            if found == nil && !ratingAttempts.allow(at: limitClock()) { logger.warning("ticket links rate-limited on this kiosk") }
            return found
        } catch {
            return nil
        }
    }

    public func rate(label: String, code: String, score: Int) async -> StoredRating? {
        guard let value = RatingScore(score) else { return nil }
        do {
            let rating = try await database.run { [store] () throws -> RecordedRating? in
                guard case .rateable(let turn) = try store.rateability(label: label, code: code) else { return nil }
                return try store.rate(.id(turn.id), score: value)
            }
            guard let rating else { return nil }
            logger.info("rated", metadata: ["turn": "\(rating.turn.id)", "score": "\(score)"])
            onRecorded()
            return StoredRating(callback: rating.callback?.id)
        } catch {
            logger.warning("rating not stored", metadata: ["error": "\(error)"])
            return nil
        }
    }

    public func saveContact(callback: UUID, phone: ColombianPhone) async -> Bool {
        do {
            try await database.run { [store] in try store.recordContact(callback: callback, phone: phone) }
            // Never the number itself: it is personal data.
            logger.info("call-back contact recorded", metadata: ["callback": "\(callback)", "kind": "\(phone.kind)"])
            onRecorded()
            return true
        } catch {
            logger.warning("call-back contact not recorded", metadata: ["callback": "\(callback)", "error": "\(error)"])
            return false
        }
    }
}

/// The printer condition seen by the last health check, to notice changes.
final class LastCondition: Sendable {
    private let state = Mutex<PrinterCondition??>(.none)

    /// Stores `condition`; true when it differs from the previous one (the first reading counts).
    func swap(_ condition: PrinterCondition?) -> Bool {
        state.withLock { previous in
            defer { previous = .some(condition) }
            guard case .some(let old) = previous else { return true }
            return old != condition
        }
    }
}
