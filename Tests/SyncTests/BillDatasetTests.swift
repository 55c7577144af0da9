import Foundation
import TestSupport
import Testing

/// The bill cache published at the centre reaches the kiosk's coupons through sync.
@Suite("Bill cache download", .serialized)
struct BillDatasetTests {
    @Test func billsPublishedCentrallyPrintCouponsAtTheKiosk() throws {
        let directory = try TempDirectory("turnero-bills")
        defer { directory.remove() }
        let database = directory.path("central.sqlite")
        let (server, port) = try ProcessTests.startCentral(database: database)
        defer { server.stop(SIGKILL) }
        let cli = try TurneroProcess()
        defer { cli.remove() }
        try cli.initialize()
        let code = try ProcessTests.Child.run(ProcessTests.central, ["enroll-code", "--database", database, "--office", "office-1"])
        let enrolled = try cli.run(["sync", "enroll", "--server", "http://127.0.0.1:\(port)", "--code",
                                    code.stdout.trimmingCharacters(in: .whitespacesAndNewlines)])
        #expect(enrolled.status == 0, "\(enrolled.stderr)")

        // A bad export is refused at the centre, so it never reaches a kiosk.
        let bad = directory.path("bad.json")
        try #"[{"account": "12", "holder_name": "X", "bill_number": "F", "total_due": 5, "due_date": "2026-12-01"}]"#
            .write(toFile: bad, atomically: true, encoding: .utf8)
        let refused = try ProcessTests.Child.run(
            ProcessTests.central, ["publish-dataset", "bills", bad, "--database", database, "--office", "office-1"])
        #expect(refused.status != 0 && refused.stderr.contains("account must be 4 to 18 digits"), "\(refused.stderr)")

        let bills = directory.path("bills.json")
        try """
            [{"account": "12345678", "holder_name": "JUAN CARLOS PÉREZ", "bill_number": "F-1", "total_due": 131225, "due_date": "2099-12-05"},
             {"account": "20481234", "holder_name": "MARÍA RODRÍGUEZ", "bill_number": "F-2", "total_due": 87450, "due_date": "2099-12-05", "in_agreement": true}]
            """.write(toFile: bills, atomically: true, encoding: .utf8)
        let published = try ProcessTests.Child.run(
            ProcessTests.central, ["publish-dataset", "bills", bills, "--database", database, "--office", "office-1"])
        #expect(published.status == 0, "\(published.stderr)")
        let synced = try cli.run(["sync", "once"])
        #expect(synced.status == 0, "\(synced.stderr)")
        let status = try cli.run(["bills", "status"])
        #expect(status.stdout.contains("central-v") && status.stdout.contains("2 bill(s)"), "\(status.stdout) \(status.stderr)")
        let coupon = try cli.run(["coupon", "--account", "12345678", "--kind", "partial", "--json", "--no-print"])
        #expect(coupon.status == 0 && coupon.stdout.contains("\"amount\" : 91900") && coupon.stdout.contains("central-v"),
                "\(coupon.stdout) \(coupon.stderr)")
        let refusedPartial = try cli.run(["coupon", "--account", "20481234", "--kind", "partial", "--no-print"])
        #expect(refusedPartial.stderr.contains("payment-agreement"))
    }
}
