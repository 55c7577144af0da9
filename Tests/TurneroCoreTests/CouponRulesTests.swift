import Foundation
import PropertyBased
import Testing
import TurneroCore

@Suite("Payment coupon rules")
struct CouponRulesTests {
    static let configuration = CouponConfiguration(enabled: true, companyGLN: "7709998000018")
    static let calculator = CouponCalculator(configuration: configuration)
    static let today = LocalDay(rawValue: "2026-03-20")!

    static func bill(_ total: Int64, due: String = "2026-03-31", agreement: Bool = false, suspended: Bool = false) -> Bill {
        Bill(
            account: "12345678", holderName: "JUAN CARLOS PÉREZ", billNumber: "F-889900", totalDue: Pesos(total),
            dueDate: LocalDay(rawValue: due)!, inPaymentAgreement: agreement, suspended: suspended)
    }

    @Test func glnCheckDigit() {
        #expect(GS1.isValidGLN("7709998000018"))
        #expect(!GS1.isValidGLN("7709998000019"))
        #expect(!GS1.isValidGLN("770999800001"))
        #expect(!GS1.isValidGLN("77099980000AB"))
        #expect(GS1.checkDigit(for: "770999800001") == 8)
    }

    @Test func theExactElementStringOfTheNotes() throws {
        let code = GS1PaymentCode(
            account: "12345678", kind: .full, amount: Pesos(131_225), dueDate: LocalDay(rawValue: "2026-03-31")!,
            configuration: Self.configuration)
        #expect(code.humanReadable == "(415)7709998000018(8020)0012345678(3900)0000131225(96)20260331")
        #expect(code.scannedData == "415770999800001880200012345678\u{1D}39000000131225\u{1D}9620260331")
        var withKind = Self.configuration
        withKind.referenceKindDigit = true
        let partial = GS1PaymentCode(
            account: "12345678", kind: .partial, amount: Pesos(91_900), dueDate: LocalDay(rawValue: "2026-03-31")!,
            configuration: withKind)
        #expect(partial.reference == "00123456782")
    }

    @Test func partialIsSeventyPercentRoundedUpToHundreds() throws {
        // 131,225 × 0.70 = 91,857.5 → 91,858 → rounded up to 91,900.
        #expect(Self.calculator.partialAmount(of: Pesos(131_225)) == Pesos(91_900))
        #expect(Self.calculator.partialAmount(of: Pesos(100_000)) == Pesos(70_000))
        // Below the minimum (10,000): only full payment.
        #expect(Self.calculator.partialAmount(of: Pesos(9_999)) == nil)
        // The minimum wins over the share, but never exceeds the bill.
        #expect(Self.calculator.partialAmount(of: Pesos(12_000)) == Pesos(10_000))
    }

    @Test("partial ≤ total, ≥ the share, a multiple of the step or the total, never negative")
    func partialAmountProperties() async {
        await propertyCheck(count: 2000, input: Gen.int64(in: 0...50_000_000_000), Gen.int(in: 1...99), Gen.int64(in: 1...10_000)) {
            total, share, step in
            var configuration = Self.configuration
            configuration.partialSharePercent = share
            configuration.partialRoundUpTo = step
            let calculator = CouponCalculator(configuration: configuration)
            guard let partial = calculator.partialAmount(of: Pesos(total)) else {
                #expect(total < configuration.partialMinimum || total == 0)
                return
            }
            #expect(partial.rawValue > 0 && partial.rawValue <= total)
            // At least the share (compared without rounding: 100 × partial ≥ share × total).
            #expect(partial.rawValue == total || 100 * partial.rawValue >= Int64(share) * total)
            #expect(partial.rawValue == total || partial.rawValue % step == 0 || partial.rawValue == configuration.partialMinimum)
            // Less than one step above the exact share unless the minimum applies.
            let exactTimes100 = Int64(share) * total
            #expect(partial.rawValue == configuration.partialMinimum || partial.rawValue == total
                || 100 * (partial.rawValue - step) < exactTimes100)
        }
    }

    @Test func hugeBillsDoNotOverflow() {
        #expect(Self.calculator.partialAmount(of: Pesos(Int64.max)) != nil)
    }

    @Test func eligibility() {
        let normal = Self.bill(131_225)
        #expect(Self.calculator.offers(for: normal, today: Self.today) == [.full, .partial, .duplicate])
        #expect(Self.calculator.offers(for: Self.bill(131_225, agreement: true), today: Self.today) == [.full, .duplicate])
        #expect(Self.calculator.offers(for: Self.bill(131_225, suspended: true), today: Self.today) == [.full, .duplicate])
        #expect(Self.calculator.offers(for: Self.bill(0), today: Self.today).isEmpty)
        #expect(Self.calculator.offers(for: Self.bill(5_000), today: Self.today) == [.full, .duplicate])
        if case .failure(let refusal) = Self.calculator.amount(.partial, for: Self.bill(50_000, agreement: true), today: Self.today) {
            #expect(refusal == .paymentAgreement)
        } else {
            Issue.record("partial allowed in a payment agreement")
        }
    }

    @Test func overdueBillsFollowTheOfficeRule() throws {
        let overdue = Self.bill(80_000, due: "2026-03-01")
        let allowed = try Self.calculator.coupon(.full, for: overdue, today: Self.today, datasetVersion: "v1").get()
        #expect(allowed.dueDate == Self.today && allowed.barcode.dueDate == "20260320")
        var strict = Self.configuration
        strict.overdueBills = .refuse
        #expect(CouponCalculator(configuration: strict).offers(for: overdue, today: Self.today).isEmpty)
    }

    @Test(arguments: [
        ("12345678", "12345678"), ("1234-5678", "12345678"), ("12 34 56 78", "12345678"), ("abc", nil), ("", nil),
        ("12345", nil), (String(repeating: "9", count: 500), nil), ("1' OR '1'='1", nil), ("１２３４５６７８", nil),
    ])
    func typedAccountNumbersAreChecked(typed: String, account: String?) {
        #expect(Self.calculator.account(fromTyped: typed) == account)
    }

    @Test func maskingKeepsOnlyWhatPayingNeeds() {
        #expect(PersonalData.maskAccount("12345678") == "****5678")
        #expect(PersonalData.maskAccount("123", visible: 4) == "123")
        #expect(PersonalData.maskName("JUAN CARLOS PÉREZ") == "JUA* CAR*** PÉR**")
        #expect(PersonalData.maskName("ANA MA") == "A** M*")
        #expect(Pesos(131_225).description == "$ 131.225")
        #expect(Pesos(5).description == "$ 5")
    }

    @Test(arguments: [
        (#"{"companyGLN":"7709998000019"}"#, "coupons.companyGLN"),
        (#"{"companyGLN":"7709998000018","partialSharePercent":0}"#, "coupons.partialSharePercent"),
        (#"{"companyGLN":"7709998000018","referenceDigits":30}"#, "coupons.referenceDigits"),
        (#"{"companyGLN":"7709998000018","amountDigits":20}"#, "coupons.amountDigits"),
    ])
    func invalidCouponSettingsAreRejectedAtStartUp(json: String, field: String) throws {
        let configuration = try JSONDecoder().decode(CouponConfiguration.self, from: Data(json.utf8))
        let error = #expect(throws: ConfigurationError.self) { try configuration.validate() }
        #expect(error?.field == field)
    }
}
