import Foundation
import TestSupport
import Testing

/// Account numbers never appear in clear in logs: a whole coupon session at debug log level,
/// every account of the sample dataset looked up, and stderr scanned.
@Suite("Privacy of account numbers")
struct PrivacyTests {
    @Test func logsNeverContainAccountNumbers() throws {
        let cli = try TurneroProcess()
        defer { cli.remove() }
        try cli.initialize()
        let sample = TurneroProcess.repositoryRoot.appendingPathComponent("kiosk-scripts/data/bills.sample.csv")
        let debug = ["TURNERO_LOG_LEVEL": "trace"]
        var logs = try cli.run(["bills", "import", sample.path], environment: debug).stderr
        let accounts = try String(contentsOf: sample, encoding: .utf8).split(separator: "\n").dropFirst()
            .compactMap { $0.split(separator: ",").first.map(String.init) }
        #expect(accounts.count == 40)
        for account in accounts.prefix(12) {
            for kind in ["full", "partial", "duplicate"] {
                let result = try cli.run(["coupon", "--account", account, "--kind", kind, "--json"], environment: debug)
                logs += result.stderr
                #expect(!result.stdout.contains("\"account\" : \"\(account)\""), "stdout shows the account in clear")
            }
        }
        logs += try cli.run(["coupon", "--account", "99999999"], environment: debug).stderr
        logs += try cli.run(["db", "outbox", "--limit", "1000"], environment: debug).stdout
        for account in accounts {
            #expect(!logs.contains(account), "account ****\(account.suffix(4)) appears in clear in logs or events")
        }
        #expect(logs.contains("no bill for account ****9999"))
    }

    /// (arguments, exit status, words) for coupons asked with bad input.
    static let badCoupons: [([String], Int32, String)] = [
        (["--account", "abc"], 64, "6 to 10 digits"),
        (["--account", ""], 64, "6 to 10 digits"),
        (["--account", String(repeating: "9", count: 500)], 64, "6 to 10 digits"),
        (["--account", "1' OR '1'='1"], 64, "6 to 10 digits"),
        (["--account", "99999999"], 1, "no bill for account ****9999"),
        (["--account", "50998877"], 1, "nothing-due"),
        (["--account", "20481234", "--kind", "partial"], 1, "payment-agreement"),
        (["--account", "12345678", "--kind", "half"], 64, "full, partial or duplicate"),
    ]

    @Test(arguments: badCoupons)
    func badCouponRequestsAreRefusedClearly(arguments: [String], status: Int32, words: String) throws {
        let cli = try TurneroProcess()
        defer { cli.remove() }
        try cli.initialize()
        let sample = TurneroProcess.repositoryRoot.appendingPathComponent("kiosk-scripts/data/bills.sample.csv")
        try cli.run(["bills", "import", sample.path])
        let result = try cli.run(["coupon"] + arguments)
        #expect(result.status == status, "\(result.stderr)")
        #expect(result.stderr.contains(words), "\(result.stderr)")
        #expect(try cli.run(["db", "outbox"]).stdout.isEmpty, "a refused coupon records nothing")
    }
}
