import ArgumentParser
import ESCPOS
import Foundation
import Printing
import TurneroCore
import TurneroStore

/// `turnero coupon --account N --kind full|partial|duplicate`: a coupon for staff and scripts.
struct CouponCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coupon", abstract: "Print a payment coupon for an account (full, partial or duplicate).")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var devices: DevicesOption
    @OptionGroup var printer: PrinterSelection
    @Option(help: "The account number on the bill.") var account: String
    @Option(help: "full, partial or duplicate.") var kind: String = "full"
    @Flag(help: "Print JSON.") var json = false
    @Flag(help: "Do not print (only show the coupon's data).") var noPrint = false

    mutating func run() async throws {
        let (global, devices, printer, accountText, kindText, json, noPrint) =
            (self.global, self.devices, self.printer, self.account, self.kind, self.json, self.noPrint)
        try await reportingFailures {
            let store = try global.openStore()
            let settings = store.configuration.coupons
            guard settings.enabled else {
                throw CLIFailure(status: ExitStatus.configuration, message: "coupons are not enabled in the office configuration")
            }
            guard let kind = CouponKind(rawValue: kindText) else {
                throw CLIFailure(status: ExitStatus.usage, message: "--kind must be full, partial or duplicate")
            }
            let calculator = CouponCalculator(configuration: settings)
            try store.loadBillsFromDataset()  // a cache downloaded by sync counts as loaded
            guard let account = calculator.account(fromTyped: accountText) else {
                throw CLIFailure(
                    status: ExitStatus.usage,
                    message: "the account number must have \(settings.accountMinimumDigits) to \(settings.accountMaximumDigits) digits")
            }
            guard let dataset = try store.billDataset() else {
                throw CLIFailure(status: ExitStatus.unavailable, message: "no bill cache loaded (turnero bills import FILE)")
            }
            guard let bill = try store.bill(account: account) else {
                throw CLIFailure(status: ExitStatus.refused, message: "no bill for account \(PersonalData.maskAccount(account))")
            }
            let coupon: Coupon
            switch calculator.coupon(kind, for: bill, today: store.day(at: Date()), datasetVersion: dataset.version) {
            case .success(let made): coupon = made
            case .failure(let refusal):
                throw CLIFailure(status: ExitStatus.refused, message: "no \(kind.rawValue) coupon for this bill: \(refusal.rawValue)")
            }
            let printService = noPrint ? nil : try PrinterSetup.printService(global: global, devices: devices, selection: printer, store: store)
            if let printService, case .notReady(let reason, let detail) = await printService.condition() {
                throw CLIFailure(status: ExitStatus.unavailable, message: "the printer cannot print (\(reason.rawValue)): \(detail)")
            }
            let issued = try store.recordCoupon(coupon)
            let masked = PersonalData.maskAccount(account, visible: settings.visibleAccountDigits)
            if json {
                struct Answer: Encodable {
                    var id: String; var kind: String; var account: String; var billNumber: String; var amount: Int64
                    var dueDate: String; var barcode: String; var scannedData: String; var datasetVersion: String
                }
                try printJSON(Answer(
                    id: issued.id.uuidString.lowercased(), kind: kind.rawValue, account: masked, billNumber: bill.billNumber,
                    amount: coupon.amount.rawValue, dueDate: coupon.dueDate.rawValue, barcode: coupon.barcode.humanReadable,
                    scannedData: coupon.barcode.scannedData, datasetVersion: dataset.version))
            } else {
                print("Cupón \(kind.spanishTitle) · cuenta \(masked) · \(coupon.amount) · vence \(coupon.dueDate)")
                print(coupon.barcode.humanReadable)
            }
            if let printService {
                do throws(PrintFailure) {
                    try await printService.print(issued, office: store.configuration, dataAsOf: dataset.asOf)
                } catch {
                    throw CLIFailure(status: ExitStatus.unavailable, message: "the coupon was recorded but did not print: \(error.detail)")
                }
            }
        }
    }
}
