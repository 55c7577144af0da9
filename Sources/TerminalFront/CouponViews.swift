public import TurneroCore

/// What the coupon screen shows about a bill: masked, and only what paying needs.
public struct CouponOffer: Sendable, Hashable {
    /// The typed account, kept only until the coupon is printed or the screen times out.
    public var account: String
    public var maskedAccount: String
    public var maskedName: String
    public var billNumber: String
    public var totalDue: String
    public var dueDate: String
    public var overdue: Bool
    public var suspended: Bool
    /// The kinds offered with their amounts, in screen order.
    public var options: [Option]
    /// "datos al 20/03/2026": the date of the cached data.
    public var dataDate: String

    public struct Option: Sendable, Hashable {
        public var kind: CouponKind
        public var amount: String

        public init(kind: CouponKind, amount: String) {
            self.kind = kind
            self.amount = amount
        }
    }

    public init(
        account: String, maskedAccount: String, maskedName: String, billNumber: String, totalDue: String, dueDate: String,
        overdue: Bool, suspended: Bool, options: [Option], dataDate: String
    ) {
        self.account = account
        self.maskedAccount = maskedAccount
        self.maskedName = maskedName
        self.billNumber = billNumber
        self.totalDue = totalDue
        self.dueDate = dueDate
        self.overdue = overdue
        self.suspended = suspended
        self.options = options
        self.dataDate = dataDate
    }
}

/// The answer to a typed account number.
public enum CouponLookup: Sendable, Hashable {
    case found(CouponOffer)
    /// Unknown account or no bill: one message for both, so the kiosk reveals nothing.
    case notFound
    /// Not 6–10 digits (or the office's lengths).
    case invalidFormat
    /// Too many lookups from this kiosk in the last minute.
    case tooManyLookups
    /// The bill exists but needs the counter (overdue under `refuse`, nothing printable).
    case goToCounter
}

/// A coupon just printed, for the confirmation screen.
public struct PrintedCoupon: Sendable, Hashable {
    public var kind: CouponKind
    public var amount: String
    public var maskedAccount: String

    public init(kind: CouponKind, amount: String, maskedAccount: String) {
        self.kind = kind
        self.amount = amount
        self.maskedAccount = maskedAccount
    }
}
