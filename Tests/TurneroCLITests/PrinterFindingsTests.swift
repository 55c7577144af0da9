import Foundation
import GRDB
import TestSupport
import Testing

/// The technician's commands as independent checks used them (issue 13, findings 1 and 4).
@Suite("turnero printer: what technicians and staff are told")
struct PrinterFindingsTests {
    @Test("a 58 mm test page on the virtual printer is a picture, not just a message", arguments: ["generic-58mm", "pos-5890"])
    func testPageOn58mm(profile: String) throws {
        let cli = try TurneroProcess()
        defer { cli.remove() }
        let folder = cli.stateDirectory.appendingPathComponent("out58")
        let result = try cli.run(["printer", "test", "--printer", "virtual:\(folder.path)", "--printer-profile", profile])
        #expect(result.status == 0 && result.stdout.contains("Test page printed"), "\(result.stdout)\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("0001.png").path), "no picture written")
        let transcript = try String(contentsOf: folder.appendingPathComponent("0001.txt"), encoding: .utf8)
        #expect(transcript.contains("ÁÉÍÓÚ"), "\(transcript)")
    }

    @Test func jobsNamesEveryTicketThatNeedsStaffOnceAndForgetsWhatWasReprinted() throws {
        let cli = try TurneroProcess()
        defer { cli.remove() }
        try cli.initialize()
        let folder = cli.stateDirectory.appendingPathComponent("paper")
        let printer = ["--printer", "virtual:\(folder.path)", "--printer-profile", "epson-tm-t20iii"]
        for _ in 0..<3 { #expect(try cli.run(["turn", "issue", "--service", "pagos"] + printer).status == 0) }
        // Two tickets did not print, the printer never confirmed the third (as the kiosk records it).
        let queue = try DatabaseQueue(path: cli.databasePath)
        try queue.write { db in
            try db.execute(sql: "UPDATE print_jobs SET state = 'failed', last_error = 'cover open' WHERE id IN (1, 2)")
            try db.execute(sql: "UPDATE print_jobs SET state = 'unknown', last_error = 'no status after the job' WHERE id = 3")
        }
        let listed = try cli.run(["printer", "jobs"]).stdout
        #expect(listed.contains("turnero printer reprint P-001") && listed.contains("turnero printer reprint P-002"), "\(listed)")
        #expect(listed.contains("turnero printer verify P-003") && !listed.contains("reprint P-003`"), "\(listed)")
        #expect(try cli.run(["printer", "reprint", "P-001"] + printer).status == 0)
        let after = try cli.run(["printer", "jobs"]).stdout
        #expect(!after.contains("P-001:") && after.contains("reprint P-002"), "a reprinted ticket is no longer suggested:\n\(after)")
        // The unconfirmed one: look first.
        let refused = try cli.run(["printer", "reprint", "P-003"] + printer)
        #expect(refused.status == 1 && refused.stderr.contains("may already hold the ticket"), "\(refused.stderr)")
        let verified = try cli.run(["printer", "verify", "P-003", "not-printed"])
        #expect(verified.status == 0 && verified.stdout.contains("turnero printer reprint P-003"), "\(verified.stdout)\(verified.stderr)")
        #expect(try cli.run(["printer", "reprint", "P-003"] + printer).status == 0)
        #expect(try cli.run(["printer", "verify", "P-003", "printed"]).status != 0, "nothing left to verify")
    }

    @Test(arguments: ["status", "test", "doctor"])
    func helpNamesTheDefaultTheCommandUses(command: String) throws {
        let cli = try TurneroProcess()
        defer { cli.remove() }
        let help = try cli.run(["printer", command, "--help"]).stdout.replacingOccurrences(of: "\n", with: " ")
            .split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        #expect(help.contains("else the first USB printer"), "\(help)")
        #expect(!help.contains("else virtual)"), "\(help)")
    }

    @Test func profileErrorsSayWhereAndWhat() throws {
        let cli = try TurneroProcess()
        defer { cli.remove() }
        let empty = cli.stateDirectory.appendingPathComponent("no-profiles")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let none = try cli.run(["printer", "profiles", "--devices", empty.path])
        #expect(none.status == 78 && none.stderr.contains("no printer profiles"), "\(none.stdout)\(none.stderr)")
        let broken = cli.stateDirectory.appendingPathComponent("broken")
        try FileManager.default.createDirectory(at: broken, withIntermediateDirectories: true)
        try Data("{\n  \"id\": \"broken\",\n  \"vendor\": Epson\n}\n".utf8).write(to: broken.appendingPathComponent("broken.json"))
        let invalid = try cli.run(["printer", "profiles", "--devices", broken.path])
        #expect(invalid.status == 78 && invalid.stderr.contains("line 3, column 13"), "\(invalid.stderr)")
        var object = try JSONSerialization.jsonObject(
            with: Data(contentsOf: TurneroProcess.repositoryRoot.appendingPathComponent("devices/pos-5890.json"))) as! [String: Any]
        object["codePage"] = ["name": "CP1252", "escT": 16]
        try JSONSerialization.data(withJSONObject: object).write(to: broken.appendingPathComponent("pos-5890.json"))
        let codePage = try cli.run(["printer", "profiles", "--devices", broken.path])
        #expect(codePage.stderr.contains("unknown code page 'CP1252'") && codePage.stderr.contains("WPC1252"), "\(codePage.stderr)")
    }

    @Test func nearEndOnAModelWithoutTheSensorIsRefused() throws {
        let cli = try TurneroProcess()
        defer { cli.remove() }
        // Accepted, the emulator would serve until stopped: 30 s and it is killed.
        let refused = try ChildProcess.run(
            TurneroProcess.binary,
            ["printer", "emulate", "--port", "0", "--profile", "generic-80mm", "--fault", "near-end",
             "--out", cli.stateDirectory.appendingPathComponent("jobs").path],
            environment: cli.environment, timeout: 30)
        #expect(refused.status == 64 && refused.stderr.contains("no paper near-end sensor"), "\(refused.stderr)")
        #expect(refused.stderr.contains("epson-tm-t88vi"), "the hint names profiles that have one: \(refused.stderr)")
    }
}
