/// The three coupons a customer can print.
public enum CouponKind: String, Codable, Sendable, Hashable, CaseIterable {
    /// Pay the whole bill.
    case full
    /// Pay a share of it ("abono").
    case partial
    /// A copy of the current bill, payable in full.
    case duplicate

    /// Digit appended to the payment reference when the banks want the kind.
    public var referenceDigit: Character {
        switch self {
        case .full: "1"
        case .partial: "2"
        case .duplicate: "3"
        }
    }

    /// Spanish title printed under "CUPÓN DE PAGO".
    public var spanishTitle: String {
        switch self {
        case .full: "PAGO TOTAL"
        case .partial: "ABONO"
        case .duplicate: "DUPLICADO DE FACTURA"
        }
    }
}

/// Why a coupon kind is not offered for a bill. The customer sees a short, non-revealing text.
public enum CouponRefusal: String, Error, Sendable, Hashable, Codable {
    /// Nothing to pay.
    case nothingDue = "nothing-due"
    /// The account is in a payment agreement: no partial payments.
    case paymentAgreement = "payment-agreement"
    /// Suspended accounts pay in full to be reconnected.
    case suspended
    /// The bill is below the minimum partial payment.
    case belowPartialMinimum = "below-partial-minimum"
    /// The bill is overdue and this office sends overdue bills to the counter.
    case overdue
}

/// A coupon ready to print: the amount, its due date and the bank barcode data.
public struct Coupon: Sendable, Hashable {
    public var kind: CouponKind
    public var bill: Bill
    public var amount: Pesos
    /// The date the bank checks, AI (96).
    public var dueDate: LocalDay
    public var barcode: GS1PaymentCode
    /// The bill-cache dataset version the coupon was made from.
    public var datasetVersion: String
}
