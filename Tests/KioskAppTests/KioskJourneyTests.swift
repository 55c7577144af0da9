import Foundation
import Glibc
import TestSupport
import Testing
import TurneroCore

/// The customer front driven exactly as a touch screen would: a real `turnero kiosk` process
/// on a pseudo-terminal, taps sent as SGR mouse reports, the screen read back through a model.
@Suite("Kiosk front on a pseudo-terminal", .serialized)
struct KioskJourneyTests {
    static func kiosk(_ cli: TurneroProcess, _ extra: [String] = []) throws -> PseudoTerminal {
        try cli.initialize()
        let terminal = try cli.startOnTerminal(["kiosk"] + extra)
        #expect(terminal.wait(for: "Tomar un turno"), "home screen never appeared:\n\(terminal.screen)")
        return terminal
    }

    static func stop(_ terminal: PseudoTerminal) {
        terminal.process.terminate()  // SIGTERM, as systemd stops it
        #expect(terminal.waitForExit() == 0)
        #expect(terminal.isCanonicalWithEcho, "the terminal was left in raw mode")
        #expect(!terminal.modes.contains("1000") && !terminal.modes.contains("1006"), "mouse reporting left on")
        #expect(!terminal.modes.contains("1049"), "alternate screen left on")
    }

    @Test func preferentialTurnByTouchPrintsTheTicket() throws {
        let cli = try TurneroProcess()
        defer { cli.remove() }
        let terminal = try Self.kiosk(cli)
        #expect(terminal.tap(on: "Tomar un turno"))
        #expect(terminal.wait(for: "Elija el servicio"))
        #expect(terminal.tap(on: "Reclamos y PQR"))
        #expect(terminal.wait(for: "¿Atención preferencial?"))
        #expect(terminal.screen.contains("Adultos mayores"))
        #expect(terminal.tap(on: "1  Sí"))
        #expect(terminal.wait(for: "Recoja su turno"), "\(terminal.screen)")
        #expect(terminal.screen.contains("Atención preferencial") && terminal.screen.contains("Personas antes de usted: 0"))
        // The ticket went to the virtual printer: a picture and a transcript with the label.
        let tickets = cli.stateDirectory.appendingPathComponent("tickets")
        let transcript = try String(contentsOf: tickets.appendingPathComponent("0001.txt"), encoding: .utf8)
        #expect(transcript.replacingOccurrences(of: " ", with: "").contains("R-001"), "\(transcript)")
        #expect(transcript.uppercased().contains("ATENCIÓN PREFERENCIAL"))
        #expect(FileManager.default.fileExists(atPath: tickets.appendingPathComponent("0001.png").path))
        let listed = try cli.run(["turn", "list", "--json"])
        #expect(listed.stdout.contains("\"preferential\" : true") && listed.stdout.contains("R-001"))
        Self.stop(terminal)
    }

    @Test func keyboardPathAndEnglishSwitch() throws {
        let cli = try TurneroProcess()
        defer { cli.remove() }
        let terminal = try Self.kiosk(cli)
        terminal.type("*\r")
        #expect(terminal.wait(for: "Take a turn"))
        terminal.type("1\r")
        #expect(terminal.wait(for: "Choose the service"))
        terminal.type("1\r")
        #expect(terminal.wait(for: "Priority service?"))
        terminal.type("2\n")
        #expect(terminal.wait(for: "Take your ticket"))
        #expect(terminal.screen.contains("People ahead of you: 0"))
        // The paper speaks the customer's language too (the service, the texts, the footer).
        let transcript = try String(contentsOf: cli.stateDirectory.appendingPathComponent("tickets/0001.txt"), encoding: .utf8)
        for english in ["Payments and coupons", "Your turn", "People ahead of you: 0", "Keep this ticket until you are served."] {
            #expect(transcript.contains(english), "'\(english)' missing:\n\(transcript)")
        }
        #expect(!transcript.contains("Su turno") && !transcript.contains("Pagos y cupones"), "\(transcript)")
        terminal.type("1\r")
        // Back home, the next customer gets Spanish again.
        #expect(terminal.wait(for: "Tomar un turno"))
        Self.stop(terminal)
    }

    @Test func outOfPaperShowsOutOfServiceAndRecovers() throws {
        let cli = try TurneroProcess()
        defer { cli.remove() }
        let terminal = try Self.kiosk(cli)
        let faults = cli.stateDirectory.appendingPathComponent("tickets/FAULTS")
        try "paper-out".write(to: faults, atomically: true, encoding: .utf8)
        #expect(terminal.wait(for: "FUERA DE SERVICIO"), "\(terminal.screen)")
        #expect(terminal.screen.contains("La impresora no tiene papel") && terminal.screen.contains("diríjase al mostrador"))
        // Touching the screen does nothing while out of service: no number is handed out.
        terminal.tap(column: 40, row: 12)
        terminal.type("1\r")
        try "".write(to: faults, atomically: true, encoding: .utf8)
        #expect(terminal.wait(for: "Tomar un turno"), "\(terminal.screen)")
        #expect(try cli.run(["turn", "list", "--json"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "[\n\n]")
        Self.stop(terminal)
    }

    @Test func idleScreenGoesHomeAndForgetsTypedDigits() throws {
        let cli = try TurneroProcess()
        defer { cli.remove() }
        let terminal = try Self.kiosk(cli, ["--idle-seconds", "10"])
        #expect(terminal.tap(on: "Calificar mi atención"))
        #expect(terminal.wait(for: "Escriba el número de su turno"))
        terminal.type("P12")
        #expect(terminal.wait(for: "P12"))
        #expect(terminal.wait(for: "¿Necesita más tiempo?", timeout: 8))
        #expect(terminal.wait(for: "Bienvenido", timeout: 8))
        #expect(!terminal.screen.contains("P12"))
        // Nothing of the previous customer is left on screen or in the line editor.
        #expect(terminal.tap(on: "Calificar mi atención"))
        #expect(terminal.wait(for: "Escriba el número de su turno"))
        #expect(!terminal.screen.contains("P12"))
        Self.stop(terminal)
    }

    @Test func counterFinishBringsUpTheRatingPromptWithinASecond() throws {
        let cli = try TurneroProcess()
        defer { cli.remove() }
        try cli.initialize()
        let rating = try cli.startOnTerminal(["rate-terminal", "--counter", "1"])
        #expect(rating.wait(for: "Bienvenido"))
        try cli.run(["turn", "issue", "--service", "pagos"])
        try cli.run(["counter", "call", "--counter", "1"])
        try cli.run(["counter", "start", "--counter", "1"])
        try cli.run(["counter", "finish", "--counter", "1"])
        // Timed from the commit (the command has exited), not from starting a process.
        let finished = Date()
        #expect(rating.wait(for: "¿Cómo calificaría la atención?", timeout: 5), "\(rating.screen)")
        #expect(Date().timeIntervalSince(finished) < 1.5)
        #expect(rating.screen.contains("P-001"))
        #expect(rating.tap(on: " 9 "))
        #expect(rating.wait(for: "¡Gracias!"))
        let report = try cli.run(["report", "--json"]).stdout
        #expect(report.contains("\"ratings\" : 1"), "\(report)")
        #expect(rating.wait(for: "Bienvenido", timeout: 8))
        Self.stop(rating)
    }

    /// Seeded random bytes, broken and valid escape sequences, control keys and a 10 KB paste:
    /// the front must stay up and give the terminal back intact.
    @Test func fuzzedInputNeitherCrashesNorLeavesRawMode() throws {
        let seed = ProcessInfo.processInfo.environment["TURNERO_FUZZ_SEED"].flatMap(UInt64.init) ?? 7_700_777
        var random = SplitMix64(seed: seed)
        let cli = try TurneroProcess()
        defer { cli.remove() }
        let terminal = try Self.kiosk(cli)
        let fragments: [[UInt8]] = [
            Array("\u{1B}[<0;".utf8), Array("\u{1B}[".utf8), [0x1B], [0x03], [0x1A], [0x1C], [0x04], [0x7F],
            Array("\u{1B}[<0;99999;1M".utf8), Array("\u{1B}[<64;5;5M".utf8), Array("\u{1B}[?1049l".utf8),
            Array("\u{1B}]0;title\u{07}".utf8), [0xC3], [0xFF, 0xFE], Array("ñÑ€¿¡".utf8), Array("\r\n".utf8),
        ]
        for round in 0..<400 {
            var bytes: [UInt8] = []
            switch random.next() % 4 {
            case 0: bytes = (0..<Int(random.next() % 64)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            case 1: bytes = fragments[Int(random.next() % UInt64(fragments.count))]
            case 2:
                let column = Int(random.next() % 90), row = Int(random.next() % 30)
                bytes = Array("\u{1B}[<0;\(column);\(row)M\u{1B}[<0;\(column);\(row)m".utf8)
            default: bytes = Array(String(repeating: "9", count: Int(random.next() % 40)).utf8)
            }
            if round == 200 { bytes = Array(String(repeating: "A1-", count: 3400).utf8) }  // a 10 KB paste
            terminal.send(bytes)
            // Now and then the front catches up, so input arrives in many reads, not one.
            if round % 50 == 0 { terminal.waitUntilInputRead() }
        }
        #expect(terminal.waitUntilInputRead(), "the front stopped reading its input (seed \(seed))")
        #expect(terminal.process.isRunning, "the front died (seed \(seed))")
        Self.stop(terminal)
    }
}
