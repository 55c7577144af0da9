import ESCPOS
import Foundation
import KioskApp
import Printing
import PrinterTransport
import TerminalFront
import Testing
import TurneroCore
import TurneroStore

@Suite("Coupon lookups at the kiosk backend")
struct CouponBackendTests {
    /// The lookup limit's clock stands still: a loaded machine must not refill the bucket.
    static let frozen = ContinuousClock.now

    static func backend(limit: Int) throws -> (OfficeBackend, QueueStore) {
        var office = PrintServiceTests.office
        office.coupons.lookupsPerMinute = limit
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("turnero-coupon-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let store = QueueStore(
            database: try TurneroDatabase.create(at: directory.appendingPathComponent("t.sqlite").path, kioskId: "k"),
            configuration: office)
        try store.replaceBills(
            [Bill(account: "12345678", holderName: "JUAN PÉREZ", billNumber: "F-1", totalDue: Pesos(131_225),
                  dueDate: LocalDay(rawValue: "2099-12-05")!)],
            version: "v7", asOf: LocalDay(rawValue: "2026-11-20")!)
        let transport = MemoryTransport { bytes in bytes == StatusQuery.allCommands ? [0x12, 0x12, 0x12, 0x12] : [] }
        let service = PrintService(transport: transport, profile: PrintServiceTests.profile, store: store, logger: .init(label: "t"))
        return (OfficeBackend(store: store, printer: service, now: { frozen }), store)
    }

    @Test func lookupsAreRateLimitedPerKiosk() async throws {
        let (backend, _) = try Self.backend(limit: 3)
        for _ in 0..<3 {
            guard case .found = await backend.lookUpBill(typed: "12345678") else { Issue.record("lookup refused early"); return }
        }
        #expect(await backend.lookUpBill(typed: "12345678") == .tooManyLookups)
        // Malformed input is refused before it costs a lookup.
        #expect(await backend.lookUpBill(typed: "abc") == .invalidFormat)
    }

    @Test func unknownAccountsAndAccountsWithoutBillsLookTheSame() async throws {
        let (backend, _) = try Self.backend(limit: 10)
        #expect(await backend.lookUpBill(typed: "99999999") == .notFound)
        guard case .found(let offer) = await backend.lookUpBill(typed: "12345678") else { Issue.record("no offer"); return }
        #expect(offer.maskedAccount == "****5678" && offer.maskedName == "JUA* PÉR**")
        #expect(offer.options.map(\.kind) == [.full, .partial, .duplicate])
        #expect(offer.options.map(\.amount) == ["$ 131.225", "$ 91.900", "$ 131.225"])
    }

    @Test func printedCouponRecordsItsDatasetVersion() async throws {
        let (backend, store) = try Self.backend(limit: 10)
        guard case .success(let printed) = await backend.printCoupon(account: "12345678", kind: .partial) else {
            Issue.record("coupon not printed")
            return
        }
        #expect(printed.amount == "$ 91.900" && printed.maskedAccount == "****5678")
        let event = try #require(try store.outboxEntries().last)
        #expect(event.event.payload.type == "coupon.issued" && event.payloadJSON.contains("\"datasetVersion\":\"v7\""))
        #expect(try store.recentPrintJobs(limit: 1).first?.state == .printed)
    }
}
