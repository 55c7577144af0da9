/// One account's current bill, as the kiosk's bill cache holds it (downloaded from the
/// utility). Holds nothing a coupon does not need: no ID number, no address, no history.
public struct Bill: Codable, Sendable, Hashable {
    /// The account number ("NIU") customers type: digits only.
    public var account: String
    /// The holder's name as the utility sends it; it is masked before being shown or printed.
    public var holderName: String
    public var billNumber: String
    public var totalDue: Pesos
    public var dueDate: LocalDay
    /// The account is in a payment agreement ("acuerdo de pago"): no partial payments.
    public var inPaymentAgreement: Bool
    /// Service suspended for non-payment: the coupon says how to get it reconnected.
    public var suspended: Bool

    public init(
        account: String, holderName: String, billNumber: String, totalDue: Pesos, dueDate: LocalDay,
        inPaymentAgreement: Bool = false, suspended: Bool = false
    ) {
        self.account = account
        self.holderName = holderName
        self.billNumber = billNumber
        self.totalDue = totalDue
        self.dueDate = dueDate
        self.inPaymentAgreement = inPaymentAgreement
        self.suspended = suspended
    }
}
