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
    /// Whether the typed label names a served, unrated turn.
    func lookUpForRating(label: String) async -> RatingLookup
    /// Stores a rating; false when it could not be stored.
    func rate(label: String, score: Int) async -> Bool
    /// Looks up the bill of a typed account number (rate-limited; answers never reveal whether
    /// an account exists without a bill).
    func lookUpBill(typed: String) async -> CouponLookup
    /// Commits and prints a payment coupon; the printer is checked first.
    func printCoupon(account: String, kind: CouponKind) async -> Result<PrintedCoupon, IssueFailure>
}

extension KioskBackend {
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
