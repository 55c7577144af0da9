import Foundation
import GRDB
import TestSupport
import Testing

/// Issue 12, findings 3 and 5, on a real `turnero kiosk` in a pseudo-terminal: only the customer
/// holding a ticket can rate it from the kiosk's home screen (the code printed on it), guessing is
/// rate-limited and rates nothing, and a detractor may leave a number with their consent.
@Suite("Rating at the kiosk: the ticket's code, and a detractor's contact", .serialized)
struct RatingByCodeTests {
    struct Served {
        var label: String
        var code: String
    }

    /// Issues and serves `count` turns at counter 1; their labels and printed codes.
    static func serve(_ cli: TurneroProcess, count: Int) throws -> [Served] {
        var served: [Served] = []
        for _ in 0..<count {
            let issued = try cli.run(["turn", "issue", "--service", "pagos", "--json", "--no-print"])
            let json = try #require(try JSONSerialization.jsonObject(with: Data(issued.stdout.utf8)) as? [String: Any])
            served.append(Served(label: try #require(json["label"] as? String), code: try #require(json["ratingCode"] as? String)))
            try cli.run(["counter", "call", "--counter", "1"])
            try cli.run(["counter", "start", "--counter", "1"])
            try cli.run(["counter", "finish", "--counter", "1"])
        }
        return served
    }

    static func ratings(_ cli: TurneroProcess) throws -> (ratings: Int, callbacks: Int) {
        let queue = try DatabaseQueue(path: cli.databasePath)
        return try queue.read { db in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM ratings") ?? -1, try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM callbacks") ?? -1)
        }
    }

    /// The run of the finding: "P1⏎1⏎", "P2⏎1⏎"… and codes guessed at random rate nothing, and
    /// after five wrong codes the kiosk stops taking them.
    @Test func guessingLabelsAndCodesRatesNothing() throws {
        let cli = try TurneroProcess()
        defer { cli.remove() }
        try cli.initialize()
        let served = try Self.serve(cli, count: 4)
        let terminal = try cli.startOnTerminal(["kiosk"])
        defer { terminal.process.terminate(); _ = terminal.waitForExit() }
        #expect(terminal.wait(for: "Tomar un turno"), "\(terminal.screen)")
        for (index, turn) in served.enumerated() {
            terminal.type("3\r")
            #expect(terminal.wait(for: "Escriba el número de su turno"), "\(terminal.screen)")
            terminal.type("P\(index + 1)\r")
            #expect(terminal.wait(for: "Escriba el código para calificar"), "\(terminal.screen)")
            // The old run typed "1" as the score; a short code never reaches the store.
            terminal.type("1\r")
            #expect(terminal.wait(for: "No encontramos ese turno"), "\(terminal.screen)")
            terminal.type("1\r")
            #expect(terminal.wait(for: "Tomar un turno"), "\(terminal.screen)")
            _ = turn
        }
        // Five-digit guesses: wrong ones say "not found", then the kiosk stops taking codes.
        var sawLimit = false
        for guess in 0..<8 {
            let code = String(format: "%05d", (guess * 7919 + 12_345) % 100_000)
            if served.contains(where: { $0.code == code }) { continue }
            terminal.type("3\rP1\r\(code)\r")
            #expect(terminal.waitUntil { $0.contains("No encontramos ese turno") || $0.contains("Demasiados intentos") }, "\(terminal.screen)")
            if terminal.screen.contains("Demasiados intentos") { sawLimit = true }
            terminal.type("1\r")
            #expect(terminal.wait(for: "Tomar un turno"), "\(terminal.screen)")
        }
        #expect(sawLimit, "eight wrong codes in a row were never limited")
        #expect(try Self.ratings(cli) == (0, 0))
    }

    /// The customer with the ticket rates it; as a detractor they agree to be called and type
    /// their number on the keypad. The number is kept (for the centre), never shown back whole.
    @Test func theTicketHolderRatesAndLeavesANumber() throws {
        let cli = try TurneroProcess()
        defer { cli.remove() }
        try cli.initialize()
        let turn = try #require(try Self.serve(cli, count: 1).first)
        let terminal = try cli.startOnTerminal(["kiosk"])
        defer { terminal.process.terminate(); _ = terminal.waitForExit() }
        #expect(terminal.wait(for: "Tomar un turno"), "\(terminal.screen)")
        #expect(terminal.tap(on: "Calificar mi atención"))
        #expect(terminal.wait(for: "Escriba el número de su turno"))
        terminal.type("\(turn.label)\r")
        #expect(terminal.wait(for: "Escriba el código para calificar"), "\(terminal.screen)")
        terminal.type("\(turn.code)\r")
        #expect(terminal.wait(for: "¿Cómo calificaría la atención?"), "\(terminal.screen)")
        terminal.type("3\r")
        #expect(terminal.wait(for: "¿Podemos llamarle?"), "\(terminal.screen)")
        #expect(terminal.screen.contains("Ley 1581 de 2012"))
        #expect(terminal.tap(on: "Sí, pueden llamarme"))
        #expect(terminal.wait(for: "Escriba su número de celular o fijo"), "\(terminal.screen)")
        terminal.type("555\r")
        #expect(terminal.wait(for: "no es válido"), "\(terminal.screen)")
        terminal.type("3001234567\r")
        #expect(terminal.wait(for: "¡Gracias!"), "\(terminal.screen)")
        #expect(!terminal.screen.contains("3001234567"))
        let queue = try DatabaseQueue(path: cli.databasePath)
        // The thanks are shown while the number is stored (the front does not wait for the disk):
        // wait for the row, not for a fixed time.
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline, try queue.read({ db in try String.fetchOne(db, sql: "SELECT phone FROM callback_contacts") }) == nil {
            usleep(20_000)
        }
        let (phone, events) = try queue.read { db in
            (try String.fetchOne(db, sql: "SELECT phone FROM callback_contacts"),
             try String.fetchAll(db, sql: "SELECT payload FROM outbox ORDER BY seq"))
        }
        #expect(phone == "3001234567")
        #expect(events.contains { $0.contains("callback.contact_given") })
        #expect(!events.contains { $0.contains("3001234567") }, "the number travelled in an event")
        let listed = try cli.run(["callbacks"]).stdout
        #expect(listed.contains(turn.label) && !listed.contains("3001234567"), "\(listed)")
    }
}

/// The counter's rating screen asks a detractor the same question (issue 12, finding 3).
@Suite("Counter rating screen: a detractor's contact", .serialized)
struct CounterContactTests {
    @Test func aDetractorAtTheCounterLeavesANumber() throws {
        let cli = try TurneroProcess()
        defer { cli.remove() }
        try cli.initialize()
        let rating = try cli.startOnTerminal(["rate-terminal", "--counter", "1"])
        defer { rating.process.terminate(); _ = rating.waitForExit() }
        #expect(rating.wait(for: "Bienvenido"))
        _ = try RatingByCodeTests.serve(cli, count: 1)
        #expect(rating.wait(for: "¿Cómo calificaría la atención?", timeout: 5), "\(rating.screen)")
        #expect(rating.tap(on: " 2 "))
        #expect(rating.wait(for: "¿Podemos llamarle?"), "\(rating.screen)")
        #expect(rating.screen.contains("Ley 1581 de 2012"))
        rating.type("1\r")
        #expect(rating.wait(for: "Escriba su número de celular o fijo"), "\(rating.screen)")
        rating.type("6014567890\r")
        #expect(rating.wait(for: "¡Gracias!"), "\(rating.screen)")
        let listed = try cli.run(["callbacks"]).stdout
        #expect(listed.contains("601 *** **90"), "\(listed)")
        let id = try #require(listed.split(separator: " ").first.map(String.init))
        #expect(try cli.run(["callbacks", "contact", "--id", id]).stdout.contains("601 456 7890"))
    }
}
