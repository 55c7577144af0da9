import Foundation
import Glibc
import TestSupport
import Testing

/// The kiosk front on a real pseudo-terminal, as the independent checks drove it (issue 13,
/// findings 6 and 8): what reaches the terminal, the home screen's timeout. The ticket's
/// language (finding 7) is checked in `KioskJourneyTests.keyboardPathAndEnglishSwitch`.
@Suite("Kiosk front: logs off the screen, home timeout", .serialized)
struct FrontFindingsTests {
    /// Like a demo or foot under cage: standard error is the customer's terminal, and nothing
    /// says the process runs under systemd.
    static func kiosk(_ cli: TurneroProcess, _ extra: [String] = [], rows: Int = 24) throws -> PseudoTerminal {
        try cli.initialize()
        var environment = cli.environment
        for name in ["INVOCATION_ID", "JOURNAL_STREAM", "TURNERO_LOG_FILE"] { environment[name] = nil }
        let terminal = try PseudoTerminal(columns: 80, rows: rows)
        try terminal.start(TurneroProcess.binary, ["kiosk"] + extra, environment: environment)
        #expect(terminal.wait(for: "Tomar un turno"), "home screen never appeared:\n\(terminal.screen)")
        return terminal
    }

    static func stop(_ terminal: PseudoTerminal) {
        terminal.process.terminate()
        #expect(terminal.waitForExit() == 0)
    }

    @Test func logLinesNeverReachTheCustomersTerminal() throws {
        let cli = try TurneroProcess()
        defer { cli.remove() }
        let terminal = try Self.kiosk(cli, ["--log-level", "info"])
        // 13 coupon lookups within a minute: the 13th is refused and logged (12 allowed).
        for round in 1...13 {
            terminal.type("2\r")
            #expect(terminal.wait(for: "Escriba su número de cuenta"), "round \(round):\n\(terminal.screen)")
            terminal.type("123456\r")
            if round < 13 {
                #expect(terminal.wait(for: "No encontramos una factura"), "round \(round):\n\(terminal.screen)")
                terminal.type("1\r")
                #expect(terminal.wait(for: "Tomar un turno"))
            }
        }
        #expect(terminal.wait(for: "Demasiadas consultas"), "\(terminal.screen)")
        let log = cli.stateDirectory.appendingPathComponent("turnero.log")
        let logged = terminal.waitUntil { _ in
            ((try? String(contentsOf: log, encoding: .utf8)) ?? "").contains("coupon lookups rate-limited")
        }
        #expect(logged, "the warning must be in \(log.path)")
        let output = terminal.output
        for logText in ["rate-limited", "turnero.kiosk", "coupon lookup", "front starting", "terminal is 80×24"] {
            #expect(!output.contains(logText), "'\(logText)' was written to the customer's terminal")
        }
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        #expect(text.contains("terminal is 80×24") && text.contains("front starting"), "\(text)")
        Self.stop(terminal)
    }

    @Test func theHomeScreenForgetsTypedDigitsAndEnglishAfterTheIdleTimeout() throws {
        let cli = try TurneroProcess()
        defer { cli.remove() }
        let terminal = try Self.kiosk(cli, ["--idle-seconds", "10"])
        terminal.type("*\r")
        #expect(terminal.wait(for: "Take a turn"))
        terminal.type("1")
        #expect(terminal.wait(for: "> 1"))
        // Someone walks away; the next person finds Spanish and an empty entry.
        #expect(terminal.wait(for: "Tomar un turno", timeout: 20), "\(terminal.screen)")
        #expect(!terminal.screen.contains("> 1"))
        terminal.type("1\r")
        #expect(terminal.wait(for: "Elija el servicio"), "their 1⏎ is a 1, not an 11:\n\(terminal.screen)")
        Self.stop(terminal)
    }
}
