import Foundation
import GRDB
import TestSupport
import Testing

/// Issue 17 on a real `turnero kiosk` in a pseudo-terminal: the ticket's QR, read by a scanner
/// that types it and Enter on the home screen, opens the rating of that turn — the kiosk's own
/// payload without a centre, the centre's link with one — and nothing else.
@Suite("Scanning the ticket's QR at the kiosk", .serialized)
struct ScanAtKioskTests {
    /// Issues, serves and finishes one turn; what its QR holds.
    static func servedTicketQR(_ cli: TurneroProcess) throws -> String {
        let issued = try cli.run(["turn", "issue", "--service", "pagos", "--json", "--no-print"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(issued.stdout.utf8)) as? [String: Any])
        try cli.run(["counter", "call", "--counter", "1"])
        try cli.run(["counter", "start", "--counter", "1"])
        try cli.run(["counter", "finish", "--counter", "1"])
        return try #require(json["qr"] as? String)
    }

    static func scanAndRate(_ cli: TurneroProcess, qr: String) throws {
        let terminal = try cli.startOnTerminal(["kiosk"])
        defer { terminal.process.terminate(); _ = terminal.waitForExit() }
        #expect(terminal.wait(for: "Tomar un turno"), "\(terminal.screen)")
        terminal.type("\(qr)\r")
        #expect(terminal.wait(for: "¿Cómo calificaría la atención?"), "\(terminal.screen)")
        terminal.type("9\r")
        let queue = try DatabaseQueue(path: cli.databasePath)
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline, try queue.read({ db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM ratings") }) == 0 {
            usleep(20_000)
        }
        #expect(try queue.read { db in try Int.fetchOne(db, sql: "SELECT score FROM ratings") } == 9)
    }

    @Test func withoutACentreTheScannedPayloadOpensTheRating() throws {
        let cli = try TurneroProcess()
        defer { cli.remove() }
        try cli.initialize()
        let qr = try Self.servedTicketQR(cli)
        #expect(qr.hasPrefix("P-001 ") && qr.count == 11, "\(qr)")
        try Self.scanAndRate(cli, qr: qr)
    }

    @Test func withACentreTheScannedLinkOpensTheRatingAndAStrangeLinkDoesNot() throws {
        let cli = try TurneroProcess()
        defer { cli.remove() }
        var office = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: TurneroProcess.exampleConfig))) as? [String: Any])
        office["mobileTicket"] = ["baseURL": "https://turnos.example.co"]
        let config = cli.stateDirectory.appendingPathComponent("office-with-centre.json")
        try FileManager.default.createDirectory(at: cli.stateDirectory, withIntermediateDirectories: true)
        try JSONSerialization.data(withJSONObject: office).write(to: config)
        let initialized = try cli.run(["init", "--config", config.path, "--kiosk-id", "kiosk-test"])
        #expect(initialized.status == 0, "\(initialized.stderr)")
        let qr = try Self.servedTicketQR(cli)
        #expect(qr.hasPrefix("https://turnos.example.co/t/") && qr.count == "https://turnos.example.co/t/".count + 26, "\(qr)")
        // A link that names no turn of this office: not found, nothing rated.
        let terminal = try cli.startOnTerminal(["kiosk"])
        #expect(terminal.wait(for: "Tomar un turno"), "\(terminal.screen)")
        terminal.type("https://turnos.example.co/t/\(String(repeating: "a", count: 26))\r")
        #expect(terminal.wait(for: "No encontramos ese turno"), "\(terminal.screen)")
        terminal.process.terminate()
        _ = terminal.waitForExit()
        try Self.scanAndRate(cli, qr: qr)
    }
}
