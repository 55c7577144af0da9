import Foundation
import TestSupport
import Testing

/// The technician's printer commands through the real binary, on the virtual printer (the USB
/// path runs under umockdev in USBTests).
@Suite("turnero printer: technician commands")
struct PrinterCommandTests {
    static let rulesFile = TurneroProcess.repositoryRoot.appendingPathComponent("kiosk-scripts/udev/70-turnero-printers.rules")

    private func transcript(_ folder: URL) throws -> String {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".txt") }.sorted()
        let last = try #require(names.last, "no job in \(folder.path)")
        return try String(contentsOf: folder.appendingPathComponent(last), encoding: .utf8)
    }

    @Test func theCommittedUdevRulesAreWhatTheProfilesGenerate() throws {
        let cli = try TurneroProcess()
        defer { cli.remove() }
        let generated = try cli.run(["printer", "udev-rules", "--devices", TurneroProcess.repositoryRoot.appendingPathComponent("devices").path])
        #expect(generated.status == 0, "\(generated.stderr)")
        let committed = try String(contentsOf: Self.rulesFile, encoding: .utf8)
        #expect(generated.stdout == committed, "regenerate: turnero printer udev-rules --devices devices > kiosk-scripts/udev/70-turnero-printers.rules")
        for pair in [("04b8", "0e28"), ("04b8", "0202"), ("0416", "5011"), ("1504", "001f"), ("0519", "0001")] {
            #expect(
                committed.contains(
                    #"ATTR{idVendor}=="\#(pair.0)", ATTR{idProduct}=="\#(pair.1)", GROUP="lp", MODE="0660", SYMLINK+="turnero-printer""#),
                "no rule for \(pair.0):\(pair.1)")
        }
        #expect(committed.contains(#"ENV{ID_USB_INTERFACES}=="*:0701*""#))
        #expect(committed.contains(#"SUBSYSTEM=="usbmisc", KERNEL=="lp[0-9]*", GROUP="lp", MODE="0660""#))
        // The package installs the committed file; installations by hand use the command.
        #expect(try cli.run(["printer", "--help"]).stdout.contains("udev-rules"))
        #expect(try cli.run(["printer", "udev-rules", "--group", "lp; rm -rf /"]).status == 64)
    }

    @Test func aTestPagePrintsWithoutADatabaseAndIsRecordedWithOne() throws {
        let cli = try TurneroProcess()
        defer { cli.remove() }
        let folder = cli.stateDirectory.appendingPathComponent("paper")
        let arguments = ["printer", "test", "--printer", "virtual:\(folder.path)", "--printer-profile", "epson-tm-t20iii"]
        let bare = try cli.run(arguments)
        #expect(bare.status == 0, "\(bare.stderr)")
        #expect(bare.stdout.contains("Test page printed"))
        let page = try transcript(folder)
        for expected in ["P Á G I N A", "Caracteres", "ÁÉÍÓÚ áéíóú Ññ Üü", "¿? ¡! € $ º ª", "[CODE128] TURNERO-128", "[QR M", "partial cut"] {
            #expect(page.contains(expected), "the test page lacks '\(expected)'")
        }
        try cli.initialize()
        #expect(try cli.run(arguments).status == 0)
        let jobs = try cli.run(["printer", "jobs", "--json"])
        let list = try #require(try JSONSerialization.jsonObject(with: Data(jobs.stdout.utf8)) as? [[String: Any]], "\(jobs.stderr)")
        #expect(list.first?["kind"] as? String == "test" && list.first?["state"] as? String == "printed")
    }

    @Test func aTurnIsReprintedMarkedAsAReprintAndListedAsAJob() throws {
        let cli = try TurneroProcess()
        defer { cli.remove() }
        try cli.initialize()
        let folder = cli.stateDirectory.appendingPathComponent("paper")
        let printer = ["--printer", "virtual:\(folder.path)", "--printer-profile", "epson-tm-t20iii"]
        #expect(try cli.run(["turn", "issue", "--service", "pagos"] + printer).status == 0)
        #expect(!(try transcript(folder)).contains("REIMPRESIÓN"))
        let reprint = try cli.run(["printer", "reprint", "P-001"] + printer)
        #expect(reprint.status == 0, "\(reprint.stderr)")
        #expect(reprint.stdout.contains("P-001 reprinted (job 2, a reprint of job 1)"))
        let copy = try transcript(folder)
        #expect(copy.contains("REIMPRESIÓN") && copy.contains("Su turno"), "\(copy)")
        let jobs = try cli.run(["printer", "jobs", "--json"])
        let list = try #require(try JSONSerialization.jsonObject(with: Data(jobs.stdout.utf8)) as? [[String: Any]])
        #expect(list.compactMap { $0["kind"] as? String } == ["reprint", "ticket"])
        #expect(list.first?["reprintOf"] as? Int == 1 && list.first?["turn"] as? String == "P-001")
        #expect(try cli.run(["printer", "jobs"]).stdout.contains("reprint"))
        let unknown = try cli.run(["printer", "reprint", "P-999"] + printer)
        #expect(unknown.status != 0 && unknown.stderr.contains("P-999"))
        #expect(try cli.run(["printer", "reprint", "no es un turno"] + printer).status == 64)
    }

    @Test func aReprintWaitsForPaper() throws {
        let cli = try TurneroProcess()
        defer { cli.remove() }
        try cli.initialize()
        let folder = cli.stateDirectory.appendingPathComponent("paper")
        let printer = ["--printer", "virtual:\(folder.path)", "--printer-profile", "epson-tm-t20iii"]
        #expect(try cli.run(["turn", "issue", "--service", "pagos"] + printer).status == 0)
        try "paper-out".write(to: folder.appendingPathComponent("FAULTS"), atomically: true, encoding: .utf8)
        let refused = try cli.run(["printer", "reprint", "P-001"] + printer)
        #expect(refused.status == 69 && refused.stderr.contains("paper-out"), "\(refused.stderr)")
        let jobs = try cli.run(["printer", "jobs", "--json"])
        let list = try #require(try JSONSerialization.jsonObject(with: Data(jobs.stdout.utf8)) as? [[String: Any]])
        #expect(list.count == 1, "no reprint job is created while the printer cannot print")
    }

    @Test func statusShowsNearEndAsAStaffAlertAndPaperOutAsAFailure() throws {
        let cli = try TurneroProcess()
        defer { cli.remove() }
        let folder = cli.stateDirectory.appendingPathComponent("paper")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // The TM-T88V has a near-end sensor (the TM-T20III has none to report with).
        let arguments = ["printer", "status", "--printer", "virtual:\(folder.path)", "--printer-profile", "epson-tm-t88v"]
        let ready = try cli.run(arguments)
        #expect(ready.status == 0 && ready.stdout.contains("Status:  ready (online)"), "\(ready.stdout)\(ready.stderr)")
        try "near-end".write(to: folder.appendingPathComponent("FAULTS"), atomically: true, encoding: .utf8)
        let nearEnd = try cli.run(arguments)
        #expect(nearEnd.status == 0 && nearEnd.stdout.contains("STAFF ALERT: paper near end"), "\(nearEnd.stdout)")
        try "paper-out".write(to: folder.appendingPathComponent("FAULTS"), atomically: true, encoding: .utf8)
        let out = try cli.run(arguments)
        #expect(out.status == 69 && out.stdout.contains("PAPER OUT") && out.stdout.contains("load a new roll"), "\(out.stdout)")
    }

    @Test func doctorAndListWorkWithoutAnyPrinter() throws {
        let cli = try TurneroProcess()
        defer { cli.remove() }
        let virtual = try cli.run(["printer", "doctor", "--printer", "virtual"])
        #expect(virtual.status == 0 && virtual.stdout.contains("nothing comes out on paper"), "\(virtual.stdout)")
        let refused = try cli.run(["printer", "doctor", "--printer", "tcp://127.0.0.1:1"])
        #expect(refused.status == 69 && refused.stdout.contains("Nothing answers at tcp://127.0.0.1:1"), "\(refused.stdout)")
        let list = try cli.run(["printer", "list", "--json"])
        #expect(list.status == 0, "\(list.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [String: Any])
        #expect(object["printers"] is [Any] && object["deviceFiles"] is [Any])
        #expect(try cli.run(["printer", "status", "--printer", "bogus"]).status == 64)
    }
}
