import Foundation
import Glibc
import TestSupport
import Testing

/// The office board, the counter console and terminal resizes, driven as people use them.
@Suite("Board, counter console and resize", .serialized)
struct DisplayTests {
    @Test func boardShowsACallWithinASecond() throws {
        let cli = try TurneroProcess()
        defer { cli.remove() }
        try cli.initialize()
        let board = try cli.startOnTerminal(["board"], columns: 80, rows: 24)
        #expect(board.wait(for: "Esperando el primer llamado"))
        try cli.run(["turn", "issue", "--service", "reclamos", "--no-print"])
        try cli.run(["turn", "issue", "--service", "reclamos", "--no-print"])
        try cli.run(["counter", "call", "--counter", "3"])
        // Timed from the commit (the command has exited), not from starting a process.
        let called = Date()
        #expect(board.wait(for: "→ Módulo 3", timeout: 3), "\(board.screen)")
        #expect(Date().timeIntervalSince(called) < 1.5)
        #expect(board.screen.contains("En espera / Waiting: 1"))
        board.process.terminate()
        #expect(board.waitForExit() == 0)
        #expect(board.isCanonicalWithEcho)
    }

    @Test func boardShowsWhoWaitsForEachServiceBeforeTheFirstCall() throws {
        let cli = try TurneroProcess()
        defer { cli.remove() }
        try cli.initialize()
        for service in ["reclamos", "reclamos", "pagos"] { try cli.run(["turn", "issue", "--service", service, "--no-print"]) }
        let board = try cli.startOnTerminal(["board"], columns: 80, rows: 24)
        #expect(board.wait(for: "Esperando el primer llamado"))
        #expect(board.waitUntil { screen in
            let lines = screen.split(separator: "\n")
            return lines.contains { $0.contains("Reclamos y PQR") && $0.hasSuffix("2") } && lines.contains { $0.contains("Pagos y cupones") && $0.hasSuffix("1") }
        }, "\(board.screen)")
        #expect(board.screen.contains("En espera / Waiting: 3"))
        board.process.terminate()
        #expect(board.waitForExit() == 0)
    }

    @Test func counterConsoleServesATurnFromTypedCommands() throws {
        let cli = try TurneroProcess()
        defer { cli.remove() }
        try cli.initialize()
        try cli.run(["turn", "issue", "--service", "pagos", "--no-print"])
        try cli.run(["turn", "issue", "--service", "pagos", "--preferential", "--no-print"])
        // Feed a whole shift's worth of commands on standard input.
        let run = Process()
        run.executableURL = TurneroProcess.binary
        run.arguments = ["counter", "--counter", "1"]
        run.environment = cli.environment
        let stdin = Pipe()
        let stdout = Pipe()
        run.standardInput = stdin
        run.standardOutput = stdout
        run.standardError = FileHandle.nullDevice
        try run.run()
        stdin.fileHandleForWriting.write(Data("l\na\nf pendiente\nbailar\nl\nn\nl\ns\n".utf8))
        try stdin.fileHandleForWriting.close()
        let text = String(decoding: stdout.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        run.waitUntilExit()
        #expect(run.terminationStatus == 0)
        #expect(text.contains("Llamando P-002 (Pagos y cupones, preferencial)"), "\(text)")
        #expect(text.contains("Atendiendo P-002") && text.contains("Finalizado P-002"))
        // Staff read refusals in both languages (commands are accepted in both).
        #expect(text.contains("? comando desconocido 'bailar'") && text.contains("unknown command 'bailar'"), "\(text)")
        #expect(text.contains("! Nadie espera") && text.contains("Nobody is waiting"), "\(text)")
        #expect(text.contains("Llamando P-001") && text.contains("No se presentó: P-001"))
        #expect(text.contains("En espera (0): nadie"))
    }

    @Test func frontRedrawsForTheNewSizeAfterSIGWINCH() throws {
        let cli = try TurneroProcess()
        defer { cli.remove() }
        try cli.initialize()
        let terminal = try cli.startOnTerminal(["kiosk"], columns: 80, rows: 24)
        #expect(terminal.wait(for: "Tomar un turno"))
        let wide = terminal.screen.split(separator: "\n").first { $0.contains("Tomar un turno") }.map(String.init) ?? ""
        var size = winsize(ws_row: 20, ws_col: 50, ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(terminal.master, UInt(TIOCSWINSZ), &size)
        kill(terminal.process.processIdentifier, SIGWINCH)
        #expect(terminal.waitUntil { screen in
            guard let line = screen.split(separator: "\n").first(where: { $0.contains("Tomar un turno") }) else { return false }
            return line != wide && line.count <= 50
        }, "\(terminal.screen)")
        terminal.process.terminate()
        _ = terminal.waitForExit()
    }
}
