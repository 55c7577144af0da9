public import Foundation
public import TerminalFront
public import TurneroCore

/// What the customer front needs from the office: health, tickets and ratings. The runtime
/// never touches SQL or the printer directly; tests can stand in a fake backend.
public protocol KioskBackend: Sendable {
    /// nil when a ticket can be issued and printed right now; otherwise why not.
    func health() async -> OutOfServiceReason?
    /// Issues (commits) and prints a ticket in the customer's `language`. A printer or database
    /// that is not ready must be reported as `.failure` with its reason *before* a number is taken.
    func issueTicket(service: ServiceCode, preferential: Bool, language: Language) async -> Result<TicketView, IssueFailure>
    /// Whether the typed label names a served, unrated turn whose ticket carries `code`
    /// (failed attempts are rate-limited per kiosk).
    func lookUpForRating(label: String, code: String) async -> RatingLookup
    /// The label and rating code of today's turn whose ticket link carries `token` (a QR scanned
    /// at the kiosk), or nil (unknown tokens are rate-limited like wrong codes).
    func resolveTicketLink(token: String) async -> ScannedTicket?
    /// Stores a rating (the code checked again); nil when it could not be stored.
    func rate(label: String, code: String, score: Int) async -> StoredRating?
    /// Keeps the number a detractor gave, with their consent; false when it could not be kept.
    func saveContact(callback: UUID, phone: ColombianPhone) async -> Bool
    /// Looks up the bill of a typed account number (rate-limited; answers never reveal whether
    /// an account exists without a bill).
    func lookUpBill(typed: String) async -> CouponLookup
    /// Commits and prints a payment coupon; the printer is checked first.
    func printCoupon(account: String, kind: CouponKind) async -> Result<PrintedCoupon, IssueFailure>
}

/// A stored rating, and the call-back it opened for a detractor.
public struct StoredRating: Sendable, Hashable {
    public var callback: UUID?

    public init(callback: UUID?) { self.callback = callback }
}

extension KioskBackend {
    /// No ticket links (a backend without a store).
    public func resolveTicketLink(token: String) async -> ScannedTicket? { nil }

    /// A ticket in Spanish.
    public func issueTicket(service: ServiceCode, preferential: Bool) async -> Result<TicketView, IssueFailure> {
        await issueTicket(service: service, preferential: preferential, language: .spanish)
    }
}

/// Why a ticket was not handed out. `reason` nil: a one-off failure worth retrying.
public struct IssueFailure: Error, Sendable, Hashable {
    public var reason: OutOfServiceReason?
    public var detail: String
    /// Set when the turn was committed but its ticket did not print.
    public var label: String?
    /// The ticket (or coupon) was sent but the printer never confirmed it: it may have printed.
    public var unconfirmed: Bool

    public init(reason: OutOfServiceReason?, detail: String, label: String? = nil, unconfirmed: Bool = false) {
        self.reason = reason
        self.detail = detail
        self.label = label
        self.unconfirmed = unconfirmed
    }
}
