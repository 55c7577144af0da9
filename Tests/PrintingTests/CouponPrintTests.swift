import ESCPOS
import Foundation
import PrinterEmulator
import Printing
import TestSupport
import Testing
import TurneroCore

/// The printed coupon, on every printer model, read back by an independent decoder as a bank
/// scanner would: GS1-128 (`]C1`) with the same application identifiers and values.
@Suite("Payment coupon on every printer profile")
struct CouponPrintTests {
    static let catalog = try! ProfileCatalog.load(directory: TurneroProcess.repositoryRoot.appendingPathComponent("devices"))
    static let configuration = CouponConfiguration(enabled: true, companyGLN: "7709998000018")

    static func content(_ coupon: Coupon) -> CouponContent {
        CouponContent(
            companyName: "Aguas y Energía del Valle S.A. E.S.P.", officeName: "Oficina Centro", kindTitle: coupon.kind.spanishTitle,
            maskedAccount: PersonalData.maskAccount(coupon.bill.account), maskedName: PersonalData.maskName(coupon.bill.holderName),
            billNumber: coupon.bill.billNumber, amountText: coupon.amount.description, dueDateText: "31/03/2026",
            barcode: coupon.barcode.humanReadable, dataDateText: "Datos al 20/03/2026", issuedText: "Impreso 20/03/2026 09:41",
            footer: "Pague en bancos y corresponsales autorizados.")
    }

    @Test(arguments: catalog.profiles.map(\.id))
    func couponBarcodeScansOnEveryProfile(profileID: String) throws {
        let profile = try Self.catalog.requireProfile(id: profileID)
        let bill = Bill(
            account: "12345678", holderName: "JUAN CARLOS PÉREZ", billNumber: "F-889900", totalDue: Pesos(131_225),
            dueDate: LocalDay(rawValue: "2026-03-31")!)
        let coupon = try CouponCalculator(configuration: Self.configuration)
            .coupon(.full, for: bill, today: LocalDay(rawValue: "2026-03-20")!, datasetVersion: "v1").get()
        let encoded = try CouponLayout().encode(Self.content(coupon), profile: profile)
        var printer = try VirtualPrinter(profile: profile)
        let jobs = printer.process(encoded.bytes)
        #expect(jobs.count == 1 && jobs[0].diagnostics.isEmpty, "\(jobs.first?.diagnostics ?? [])")
        let png = FileManager.default.temporaryDirectory.appendingPathComponent("coupon-\(profileID)-\(UUID().uuidString).png")
        try Data(jobs[0].pngData()).write(to: png)
        defer { try? FileManager.default.removeItem(at: png) }
        let symbols = try BarcodeDecoder.decode(png)
        #expect(symbols.contains { $0.symbologyIdentifier == "]C1" && $0.text == "(415)7709998000018(8020)0012345678(3900)0000131225(96)20260331" },
                "\(profileID): \(symbols)")
        // The same data in clear under the bars, and nothing personal beyond the masked values.
        // Under the bars the same data a cashier can read, broken only between element strings.
        let text = jobs[0].transcript
        let flat = text.replacingOccurrences(of: "\n", with: "").replacingOccurrences(of: " ", with: "")
        #expect(flat.contains("(415)7709998000018(8020)0012345678(3900)0000131225(96)20260331"))
        for element in ["(415)7709998000018", "(8020)0012345678", "(3900)0000131225", "(96)20260331"] {
            #expect(text.contains(element), "\(profileID): \(element) is split across lines")
        }
        #expect(text.contains("****5678") && !text.contains("JUAN CARLOS"))
        #expect(flat.contains("$131.225"))
    }
}

extension CouponPrintTests {
    @Test func startUpRejectsCouponSettingsThatCannotPrint() throws {
        let profile = try Self.catalog.requireProfile(id: "epson-tm-t20iii")
        try CouponSelfTest.run(Self.configuration, profile: profile)
        var badGLN = Self.configuration
        badGLN.companyGLN = "7709998000019"
        #expect((#expect(throws: ConfigurationError.self) { try CouponSelfTest.run(badGLN, profile: profile) })?.field == "coupons.companyGLN")
        // 15 amount digits and a 25-character reference: still a valid symbol, printed rotated.
        var longest = Self.configuration
        longest.amountDigits = 15
        longest.referenceDigits = 24
        longest.referenceKindDigit = true
        try CouponSelfTest.run(longest, profile: try Self.catalog.requireProfile(id: "pos-5890"))
    }
}
