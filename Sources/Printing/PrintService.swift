public import ESCPOS
import Foundation
public import Logging
public import PrinterTransport
import Synchronization
public import TurneroCore
public import TurneroStore

/// Prints tickets reliably: status before issuing, the job committed with the turn, bytes
/// written with a size-based timeout, status after the job, one retry after a reset when the
/// write broke off, and every attempt recorded on the job (reprints are separate jobs).
public final class PrintService: Sendable {
    public let transport: any PrinterTransport
    public let profile: PrinterProfile
    /// Where attempts are recorded; nil for technician commands run without a database.
    public let store: QueueStore?
    private let logger: Logger
    /// Set after a timeout or a broken write: the next job starts with `ESC @`.
    private let needsReset = Mutex(false)
    private let lastCondition = Mutex<PrinterCondition?>(nil)

    public init(transport: any PrinterTransport, profile: PrinterProfile, store: QueueStore, logger: Logger) {
        self.transport = transport
        self.profile = profile
        self.store = store
        self.logger = logger
    }

    /// A service that records no attempts: `turnero printer test` and `status` on a machine
    /// without a kiosk database yet.
    public init(transport: any PrinterTransport, profile: PrinterProfile, logger: Logger) {
        self.transport = transport
        self.profile = profile
        self.store = nil
        self.logger = logger
    }

    /// The condition last read from the printer (nil before the first reading).
    public var lastKnownCondition: PrinterCondition? { lastCondition.withLock { $0 } }

    /// Asks the printer (DLE EOT 1–4, stale replies drained first, short timeouts).
    public func condition() async -> PrinterCondition {
        let condition = await query()
        let previous = lastCondition.withLock { state in
            defer { state = condition }
            return state
        }
        if previous != condition {
            switch condition {
            case .ready(nearEnd: true):
                logger.warning("printer paper near end: change the roll soon", metadata: ["printer": "\(transport.endpoint)"])
            case .notReady(let reason, let detail):
                logger.error("printer not ready", metadata: ["reason": "\(reason.rawValue)", "detail": "\(detail)"])
            default:
                logger.info("printer ready", metadata: ["printer": "\(transport.endpoint)"])
            }
        }
        return condition
    }

    private func query() async -> PrinterCondition {
        guard profile.status.dleEot else { return .unknown }
        // A printer restarted or unplugged since the last job leaves a dead connection behind:
        // one fresh attempt tells "gone" from "back again".
        var result = await queryOnce()
        if case .failure = result {
            await transport.close()
            needsReset.withLock { $0 = true }
            result = await queryOnce()
        }
        switch result {
        case .success(let reading): return PrinterCondition(reading.status)
        case .failure(.failed(let detail)):
            await transport.close()
            return .notReady(.printerOffline, detail: detail)
        }
    }

    enum QueryFailure: Error { case failed(String) }

    /// The status right after a job, without reconnecting: nil (with why) when the printer
    /// does not answer, which says nothing about whether the job printed.
    private func afterJobCondition() async -> (PrinterCondition?, String) {
        switch await queryOnce() {
        case .success(let reading):
            let condition = PrinterCondition(reading.status)
            lastCondition.withLock { $0 = condition }
            return (condition, "")
        case .failure(.failed(let detail)):
            await transport.close()
            return (nil, detail)
        }
    }

    func queryOnce() async -> Result<PrinterStatusReading, QueryFailure> {
        await transport.drain()
        do {
            try await transport.write(StatusQuery.allCommands, timeout: .milliseconds(800))
            var replies: [UInt8] = []
            let deadline = ContinuousClock.now + .milliseconds(800)
            while replies.count < 4 && ContinuousClock.now < deadline {
                replies += try await transport.read(maximum: 4 - replies.count, timeout: deadline - .now)
            }
            return .success(PrinterStatusReading(replies: replies, status: try PrinterStatus(replies: replies)))
        } catch let error as TransportError {
            return .failure(.failed(error.description))
        } catch {
            return .failure(.failed("no usable status reply (\(error)); is the printer stuck?"))
        }
    }

    /// Prints a ticket for print job `job` and records the outcome on the job.
    public func print(_ content: TicketContent, strings: TicketLayout.Strings = .spanish, job: Int64) async throws(PrintFailure) {
        try await print(TicketLayout(strings: strings).document(for: content, profile: profile), job: job)
    }

    /// Prints a payment coupon for print job `job`.
    public func print(_ content: CouponContent, job: Int64) async throws(PrintFailure) {
        try await print(CouponLayout().document(for: content, profile: profile), job: job)
    }

    /// Encodes `document` for the profile, prints it and records the outcome on job `job` (nil:
    /// a test page nobody keeps track of). See `PrintJobAttempt` for what counts as printed.
    public func print(_ document: Document, job: Int64?) async throws(PrintFailure) {
        let encoded: EncodedDocument
        do {
            encoded = try ESCPOSEncoder(profile: profile).encode(document)
        } catch {
            record(job, .failed(error.description))
            throw PrintFailure(reason: nil, detail: "the ticket cannot be laid out for \(profile.id): \(error)")
        }
        var attempt = PrintJobAttempt(statusSupported: profile.status.dleEot)
        var action = attempt.start(needsReset: needsReset.withLock { $0 })
        while true {
            switch action {
            case .write(let number, let reset):
                let bytes = (reset ? [0x1B, 0x40] : []) + encoded.bytes
                do {
                    try await transport.write(bytes, timeout: writeTimeout(bytes.count))
                    needsReset.withLock { $0 = false }
                    action = attempt.written()
                } catch {
                    needsReset.withLock { $0 = true }
                    logger.error("print write failed", metadata: ["job": "\(job.map(String.init) ?? "-")", "attempt": "\(number)", "error": "\(error)"])
                    await transport.close()
                    action = attempt.writeFailed(error)
                    // A retry is another attempt on the same job: the first one is counted too.
                    if case .write = action { record(job, .failed(error.description)) }
                }
            case .askStatus:
                // Did it come out? Asked on the same connection: a printer that ran out of paper or
                // opened mid-job says so now; one that stalled or reset cannot answer at all, and a
                // fresh connection would only say the printer is back, not that the ticket printed.
                let (condition, detail) = await afterJobCondition()
                action = attempt.status(condition, detail: detail)
            case .finish(.printed):
                record(job, .printed)
                return
            case .finish(.failed(let reason, let detail)):
                needsReset.withLock { $0 = true }
                record(job, .failed(detail))
                throw PrintFailure(reason: reason, detail: detail)
            case .finish(.unconfirmed(let detail)):
                needsReset.withLock { $0 = true }
                logger.warning("print not confirmed: look at the printer before any reprint", metadata: ["job": "\(job.map(String.init) ?? "-")", "detail": "\(detail)"])
                record(job, .unknown(detail))
                throw PrintFailure(reason: .printerOffline, detail: detail, unconfirmed: true)
            }
        }
    }

    /// Records an attempt's outcome when there is a job and a store to record it in.
    private func record(_ job: Int64?, _ outcome: PrintJob.Outcome) {
        guard let job, let store else { return }
        do {
            try store.recordPrintAttempt(job: job, outcome: outcome)
        } catch {
            logger.error("print outcome not recorded", metadata: ["job": "\(job)", "outcome": "\(outcome)", "error": "\(error)"])
        }
    }

    /// A write timeout that grows with the job: 2 s plus the time a slow printer takes to
    /// consume `count` bytes (text is cheap, raster is not).
    func writeTimeout(_ count: Int) -> Duration {
        // ~8 bytes per mm of raster paper at 576 dots; text is far lighter. Be generous.
        let millimetres = Double(count) / 8
        let seconds = 2 + millimetres / Double(max(30, profile.speedMmPerSecond))
        return .milliseconds(Int(seconds * 1000))
    }
}

extension PrintService: TicketPrinter {
    public func problem() async -> OutOfServiceReason? {
        await condition().problem
    }

    public func print(_ ticket: IssuedTicket, office: OfficeConfiguration) async throws(PrintFailure) {
        try await print(TicketContent(ticket, office: office), strings: .for(ticket.language), job: ticket.printJob)
    }

    public func print(_ coupon: IssuedCoupon, office: OfficeConfiguration, dataAsOf: LocalDay) async throws(PrintFailure) {
        try await print(CouponContent(coupon, office: office, dataAsOf: dataAsOf, now: Date()), job: coupon.printJob)
    }
}

extension TicketContent {
    /// What the ticket of an issued turn says, in the language the customer chose.
    public init(_ ticket: IssuedTicket, office: OfficeConfiguration) {
        self.init(
            turn: ticket.turn, serviceName: ticket.service.name.text(in: ticket.language), ahead: ticket.ahead,
            estimate: ticket.estimate?.text, office: office, language: ticket.language, ratingCode: ticket.ratingCode,
            qrPayload: ticket.qrPayload)
    }

    /// What a ticket for `turn` says (also used for reprints, with the original figures and
    /// language); `qrPayload` from ``QueueStore/ticketPayload(for:)``.
    public init(
        turn: Turn, serviceName: String, ahead: Int, estimate: String?, office: OfficeConfiguration, language: Language = .spanish,
        ratingCode: String = "", qrPayload: String = ""
    ) {
        let t = LocalTime(turn.issuedAt, in: office.resolvedTimeZone)
        let issued = String(format: "%02d/%02d/%04d %02d:%02d", t.day, t.month, t.year, t.hour, t.minute)
        self.init(
            companyName: office.companyName, officeName: office.officeName, serviceName: serviceName, label: turn.label,
            preferential: turn.preferential, issuedText: issued, peopleAhead: ahead,
            estimateText: estimate, qrPayload: qrPayload, ratingCode: ratingCode,
            footer: office.ticketFooter.text(in: language))
    }
}
