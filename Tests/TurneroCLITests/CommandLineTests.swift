import Foundation
import GRDB
import TestSupport
import Testing

@Suite("turnero command line")
struct CommandLineTests {
    @Test func issueCallFinishRateAndReportThroughTheBinary() throws {
        let cli = try TurneroProcess()
        defer { cli.remove() }
        try cli.initialize()
        let issued = try cli.run(["turn", "issue", "--service", "pagos", "--preferential", "--json"])
        #expect(issued.status == 0, "\(issued.stderr)")
        let ticket = try #require(try JSONSerialization.jsonObject(with: Data(issued.stdout.utf8)) as? [String: Any])
        #expect(ticket["label"] as? String == "P-001")
        #expect(ticket["service"] as? String == "pagos")
        #expect(ticket["ahead"] as? Int == 0)
        #expect(ticket.keys.contains("estimate") || ticket["estimate"] == nil)
        #expect((ticket["id"] as? String).flatMap(UUID.init(uuidString:)) != nil)
        let text = try cli.run(["turn", "issue", "--service", "reclamos"])
        #expect(text.stdout.contains("TURNO  R-001") && text.stdout.contains("Personas antes de usted: 0"))

        #expect(try cli.run(["counter", "call", "--counter", "1"]).stdout.contains("P-001"))
        #expect(try cli.run(["counter", "start", "--counter", "1"]).status == 0)
        #expect(try cli.run(["counter", "finish", "--counter", "1", "--outcome", "pending"]).status == 0)
        let rated = try cli.run(["rate", "--turn", "P-001", "--score", "4"])
        #expect(rated.status == 0 && rated.stdout.contains("call-back opened"))
        let callbacks = try cli.run(["callbacks", "--json"])
        let list = try #require(try JSONSerialization.jsonObject(with: Data(callbacks.stdout.utf8)) as? [[String: Any]])
        #expect(list.count == 1 && list[0]["label"] as? String == "P-001" && list[0]["score"] as? Int == 4)
        let report = try cli.run(["report", "--json"])
        let kpis = try #require(try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any])
        let total = try #require(kpis["total"] as? [String: Any])
        #expect(total["issued"] as? Int == 2 && total["served"] as? Int == 1 && total["nps"] as? Double == -100)
        #expect(try cli.run(["report"]).stdout.contains("TOTAL"))
        #expect(try cli.run(["db", "check"]).status == 0)
    }

    /// (arguments, expected exit status, words the message must contain)
    static let refusals: [([String], Int32, String)] = [
        (["turn", "issue", "--service", "caja"], 64, "unknown service 'caja'"),
        (["rate", "--turn", "P-001", "--score", "11"], 64, "whole number from 1 to 10"),
        (["rate", "--turn", "P-001", "--score", "siete"], 64, "whole number from 1 to 10"),
        (["rate", "--turn", "nobody", "--score", "7"], 64, "not a turn label"),
        (["rate", "--turn", "P-001", "--score", "7"], 1, "only served turns can be rated"),
        (["counter", "call", "--counter", "3"], 1, "nobody is waiting for counter 3"),
        (["counter", "finish", "--counter", "1"], 1, "has no turn called"),
        (["counter", "call", "--counter", "42"], 64, "unknown counter 42"),
        (["report", "--date", "2026-02-30"], 64, "YYYY-MM-DD"),
        (["turn", "issue", "--service", String(repeating: "9", count: 500)], 64, "unknown service"),
    ]

    @Test(arguments: refusals)
    func refusalsHaveAClearMessageAndStatus(arguments: [String], status: Int32, words: String) throws {
        let cli = try TurneroProcess()
        defer { cli.remove() }
        try cli.initialize()
        try cli.run(["turn", "issue", "--service", "pagos"])
        let before = try cli.run(["db", "outbox", "--limit", "1000"]).stdout
        let result = try cli.run(arguments)
        #expect(result.status == status, "\(arguments): \(result.stderr)")
        #expect(result.stderr.contains(words), "\(result.stderr)")
        #expect(!result.stderr.contains("Fatal error") && !result.stderr.contains("Stack"))
        #expect(try cli.run(["db", "outbox", "--limit", "1000"]).stdout == before, "a refusal must record nothing")
    }

    @Test func finishingACalledTurnSaysItIsNotBeingServed() throws {
        let cli = try TurneroProcess()
        defer { cli.remove() }
        try cli.initialize()
        try cli.run(["turn", "issue", "--service", "pagos"])
        try cli.run(["counter", "call", "--counter", "1"])
        let result = try cli.run(["counter", "finish", "--counter", "1"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("cannot finish P-001: it is called"))
    }

    @Test func missingDatabaseSaysRunInit() throws {
        let cli = try TurneroProcess()
        defer { cli.remove() }
        let result = try cli.run(["turn", "issue", "--service", "pagos", "--config", TurneroProcess.exampleConfig])
        #expect(result.status == 66)
        #expect(result.stderr.contains("turnero init"))
    }

    @Test func corruptDatabaseIsReportedNotCrashedOn() throws {
        let cli = try TurneroProcess()
        defer { cli.remove() }
        try cli.initialize()
        var bytes = try Data(contentsOf: URL(fileURLWithPath: cli.databasePath))
        bytes.replaceSubrange(0..<16, with: Data(repeating: 0x5A, count: 16))  // destroy the SQLite header
        try bytes.write(to: URL(fileURLWithPath: cli.databasePath))
        let result = try cli.run(["turn", "issue", "--service", "pagos"])
        #expect(result.status == 65)
        #expect(result.stderr.contains("damaged or not a database"))
    }

    @Test func lockedDatabaseExitsWithTryAgain() throws {
        let cli = try TurneroProcess()
        defer { cli.remove() }
        try cli.initialize()
        let holder = try DatabaseQueue(path: cli.databasePath)
        try holder.writeWithoutTransaction { db in
            try db.execute(sql: "BEGIN IMMEDIATE")
            let result = try cli.run(["turn", "issue", "--service", "pagos"], environment: ["TURNERO_BUSY_TIMEOUT_MS": "300"])
            #expect(result.status == 75)
            #expect(result.stderr.contains("locked by another process"))
            try db.execute(sql: "ROLLBACK")
        }
        #expect(try cli.run(["turn", "issue", "--service", "pagos", "--json"]).stdout.contains("P-001"))
    }

    @Test(arguments: [
        (#"{"officeId": "x", "officeName": "X", "services": [{"code": "pagos", "prefix": "p", "name": {"es": "Pagos", "en": ""}}], "counters": []}"#, "services[0].prefix"),
        (#"{"officeId": "x", "officeName": "X", "services": [], "counters": [}"#, "(file)"),
        (#"{"officeId": "x", "services": [], "counters": []}"#, "officeName"),
    ])
    func malformedConfigNamesTheField(json: String, field: String) throws {
        let cli = try TurneroProcess()
        defer { cli.remove() }
        let file = cli.stateDirectory.appendingPathComponent("bad.json")
        try json.write(to: file, atomically: true, encoding: .utf8)
        let result = try cli.run(["init", "--config", file.path])
        #expect(result.status == 78)
        #expect(result.stderr.contains("\(field):"), "\(result.stderr)")
    }

    @Test func labelsStayGaplessAcrossProcesses() throws {
        let cli = try TurneroProcess()
        defer { cli.remove() }
        try cli.initialize()
        var labels: [String] = []
        for _ in 0..<6 {
            let result = try cli.run(["--state-dir", cli.stateDirectory.path, "turn", "issue", "--service", "asesoria", "--json"])
            let ticket = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            labels.append(ticket["label"] as! String)
        }
        #expect(labels == (1...6).map { "A-00\($0)" })
    }
}
