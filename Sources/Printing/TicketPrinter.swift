public import ESCPOS
public import TurneroCore
public import TurneroStore

/// The kiosk's ticket printer as the front needs it: is it ready, and print this ticket.
public protocol TicketPrinter: Sendable {
    /// nil when the printer can print now; otherwise the reason shown to customers.
    func problem() async -> OutOfServiceReason?
    /// Prints a committed ticket in the language it was issued in (the turn already exists;
    /// see `PrintFailure`).
    func print(_ ticket: IssuedTicket, office: OfficeConfiguration) async throws(PrintFailure)
    /// Prints a committed payment coupon made from the bill cache of `dataAsOf`.
    func print(_ coupon: IssuedCoupon, office: OfficeConfiguration, dataAsOf: LocalDay) async throws(PrintFailure)
    /// The condition last read from the printer, without asking it again (nil: not read yet).
    var lastKnownCondition: PrinterCondition? { get }
}

extension TicketPrinter {
    public var lastKnownCondition: PrinterCondition? { nil }
}

/// A ticket that did not print. The turn stays committed; its print job can be retried or
/// reprinted by staff.
public struct PrintFailure: Error, Sendable, Hashable, CustomStringConvertible {
    public var reason: OutOfServiceReason?
    public var detail: String
    /// The bytes went out but the printer never confirmed them: the paper may already be in
    /// the customer's hand (the job is recorded `unknown`; staff look before any reprint).
    public var unconfirmed: Bool

    public init(reason: OutOfServiceReason?, detail: String, unconfirmed: Bool = false) {
        self.reason = reason
        self.detail = detail
        self.unconfirmed = unconfirmed
    }

    public var description: String { detail }
}

extension TicketLayout.Strings {
    /// The ticket's fixed texts in `language`.
    public static func `for`(_ language: Language) -> Self {
        switch language {
        case .spanish: .spanish
        case .english: .english
        }
    }
}
