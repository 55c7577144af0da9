import Foundation
import GRDB
import Testing
import TurneroCore
@testable import TurneroStore

@Suite("Bill cache and coupons on SQLite")
struct BillCacheTests {
    static func coupons() -> OfficeConfiguration {
        var office = StoreFixture.office
        office.coupons = CouponConfiguration(enabled: true, companyGLN: "7709998000018")
        return office
    }

    static let bills = [
        Bill(account: "12345678", holderName: "JUAN PÉREZ", billNumber: "F-1", totalDue: Pesos(131_225),
             dueDate: LocalDay(rawValue: "2026-12-05")!),
        Bill(account: "87654321", holderName: "ANA GÓMEZ", billNumber: "F-2", totalDue: Pesos(50_000),
             dueDate: LocalDay(rawValue: "2026-12-05")!, inPaymentAgreement: true),
    ]

    @Test func replacingTheCacheIsAllOrNothing() throws {
        let fixture = try StoreFixture(configuration: Self.coupons())
        let store = try fixture.store()
        #expect(try store.billDataset() == nil)
        try store.replaceBills(Self.bills, version: "v1", asOf: LocalDay(rawValue: "2026-11-20")!)
        #expect(try store.billDataset() == BillDataset(version: "v1", asOf: LocalDay(rawValue: "2026-11-20")!, count: 2))
        #expect(try store.bill(account: "87654321")?.inPaymentAgreement == true)
        try store.replaceBills([Self.bills[0]], version: "v2", asOf: LocalDay(rawValue: "2026-11-21")!)
        #expect(try store.bill(account: "87654321") == nil)
        #expect(try store.bill(account: "12345678")?.totalDue == Pesos(131_225))
    }

    @Test func aCouponIsOneTransactionWithAnEventThatHidesTheAccount() throws {
        let fixture = try StoreFixture(configuration: Self.coupons())
        let store = try fixture.store()
        try store.replaceBills(Self.bills, version: "v1", asOf: LocalDay(rawValue: "2026-11-20")!)
        let calculator = CouponCalculator(configuration: Self.coupons().coupons)
        let coupon = try calculator.coupon(.partial, for: Self.bills[0], today: store.day(at: fixture.now), datasetVersion: "v1").get()
        let issued = try store.recordCoupon(coupon)
        let events = try store.outboxEntries()
        #expect(events.count == 1 && events[0].event.payload.type == "coupon.issued")
        #expect(!events[0].payloadJSON.contains("12345678"), "the account must not travel in clear")
        #expect(events[0].payloadJSON.contains("\"datasetVersion\":\"v1\"") && events[0].payloadJSON.contains("91900"))
        let hash = try store.accountHash("12345678")
        #expect(hash.count == 24 && events[0].payloadJSON.contains(hash))
        #expect(try store.unprintedJobs().map(\.kind) == [.coupon])
        #expect(issued.coupon.amount == Pesos(91_900))
    }

    @Test(arguments: [
        "account,holder_name,bill_number,total_due,due_date\n12345678,JUAN,F-1,100,2026-13-01\n",
        "account,holder_name,bill_number,total_due,due_date\n12345678,JUAN,F-1,-5,2026-12-01\n",
        "account,holder_name,bill_number,total_due,due_date\n1234567'; DROP TABLE bills;--,JUAN,F-1,5,2026-12-01\n",
        "account,holder_name,total_due,due_date\n12345678,JUAN,5,2026-12-01\n",
        "account,holder_name,bill_number,total_due,due_date\n12345678,JUAN,F-1,5,2026-12-01\n12345678,JUAN,F-2,6,2026-12-01\n",
        "[{\"account\": \"12\"}]",
        "",
    ])
    func badExportsAreRejectedWhole(text: String) {
        guard case .failure(let rejection) = BillFile.parse(Data(text.utf8)) else {
            Issue.record("accepted: \(text)")
            return
        }
        #expect(!rejection.problems.isEmpty && rejection.problems.allSatisfy { $0.line >= 1 })
    }

    @Test func theSampleDatasetLoads() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("kiosk-scripts/data/bills.sample.csv")
        let bills = try BillFile.parse(Data(contentsOf: url)).get()
        #expect(bills.count == 40)
        #expect(bills.contains { $0.inPaymentAgreement } && bills.contains { $0.suspended } && bills.contains { $0.totalDue == Pesos(0) })
    }
}
