public import ESCPOS
import Symbology
public import TurneroCore

/// Start-up check of the coupon settings: builds the longest coupon this configuration can
/// produce and encodes it for the kiosk's printer, so a bad GLN, reference or amount length
/// fails when the kiosk starts, not at a customer's turn.
public enum CouponSelfTest {
    /// - Throws: `ConfigurationError` naming the coupon settings at fault.
    public static func run(_ configuration: CouponConfiguration, profile: PrinterProfile) throws(ConfigurationError) {
        guard configuration.enabled else { return }
        try configuration.validate()
        let account = String(repeating: "9", count: configuration.accountMaximumDigits)
        let amount = Pesos(Int64(String(repeating: "9", count: min(15, configuration.amountDigits))) ?? 999_999_999)
        let code = GS1PaymentCode(
            account: account, kind: .partial, amount: amount, dueDate: LocalDay(rawValue: "2099-12-31")!,
            configuration: configuration)
        do {
            _ = try SymbolEncoder.gs1_128(code.humanReadable)
        } catch {
            throw ConfigurationError(field: "coupons", reason: "the bank barcode would be invalid: \(error)")
        }
        let content = CouponContent(
            companyName: "", officeName: "", kindTitle: CouponKind.partial.spanishTitle, maskedAccount: account,
            maskedName: "", billNumber: "", amountText: amount.description, dueDateText: "31/12/2099",
            barcode: code.humanReadable, dataDateText: "", issuedText: "")
        do {
            _ = try CouponLayout().encode(content, profile: profile)
        } catch {
            throw ConfigurationError(field: "coupons", reason: "the coupon cannot be printed on \(profile.id): \(error)")
        }
    }
}
