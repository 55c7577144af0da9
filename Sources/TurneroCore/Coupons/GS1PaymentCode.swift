/// The GS1-128 payment barcode of Colombian utility bills:
/// (415) company GLN · (8020) payment reference · (3900) amount · (96) due date.
public struct GS1PaymentCode: Sendable, Hashable {
    public var gln: String
    public var reference: String
    public var amount: String
    public var dueDate: String

    /// `(415)7709998000018(8020)0012345678(3900)0000131225(96)20260331`: the line printed
    /// under the bars, and the input form barcode encoders take.
    public var humanReadable: String { "(415)\(gln)(8020)\(reference)(3900)\(amount)(96)\(dueDate)" }

    /// The data as a scanner reports it: FNC1 (GS, 0x1D) after each variable-length field that
    /// another field follows.
    public var scannedData: String { "415\(gln)8020\(reference)\u{1D}3900\(amount)\u{1D}96\(dueDate)" }

    /// Builds the code for an amount payable by `dueDate` on `account`'s coupon of `kind`.
    public init(account: String, kind: CouponKind, amount: Pesos, dueDate: LocalDay, configuration: CouponConfiguration) {
        gln = configuration.companyGLN
        let padded = String(repeating: "0", count: max(0, configuration.referenceDigits - account.count)) + account
        reference = configuration.referenceKindDigit ? padded + String(kind.referenceDigit) : padded
        let digits = String(amount.rawValue)
        self.amount = String(repeating: "0", count: max(0, configuration.amountDigits - digits.count)) + digits
        self.dueDate = dueDate.rawValue.replacingOccurrences(of: "-", with: "")
    }
}
