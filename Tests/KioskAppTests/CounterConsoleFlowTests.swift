import Foundation
import Testing
import TestSupport
import TurneroCore
import TurneroStore

/// The counter console driven through a real pseudo-terminal (issue 16): an agent added with
/// `turnero staff add` signs in with a PIN nobody sees, serves a claim, types it and escalates
/// it by numbered choices; signing in at another counter signs them out of the first.
@Suite("Counter console with agents, in a pseudo-terminal")
struct CounterConsoleFlowTests {
    /// Waits until `text` was written at least `count` times.
    static func wait(_ terminal: PseudoTerminal, for text: String, count: Int = 1) -> Bool {
        terminal.waitUntil { _ in terminal.output.components(separatedBy: text).count - 1 >= count }
    }

    @Test func anAgentSignsInTypesAndEscalatesAClaim() throws {
        let cli = try TurneroProcess()
        defer { cli.remove() }
        try cli.initialize()
        // The PIN is typed twice on a terminal, never echoed.
        let adding = try cli.startOnTerminal(["staff", "add", "--id", "ana", "--name", "Ana Pérez", "--pbkdf2-rounds", "1000"])
        #expect(Self.wait(adding, for: "PIN (4"))
        adding.type("4821\r")
        #expect(Self.wait(adding, for: "PIN otra vez"))
        adding.type("4821\r")
        #expect(adding.waitForExit() == 0, "\(adding.output)")
        #expect(!adding.output.contains("4821") && adding.output.contains("Agent ana saved."))
        let listed = try cli.run(["staff", "list"])
        #expect(listed.stdout.contains("ana") && listed.stdout.contains("Ana Pérez — active"))

        try cli.run(["turn", "issue", "--service", "reclamos"])
        let console = try cli.startOnTerminal(["counter", "--counter", "3"], rows: 40)
        #expect(Self.wait(console, for: "Asesor: nadie"), "\(console.screen)")
        console.type("i ana\r")
        #expect(Self.wait(console, for: "PIN de ana"))
        console.type("0000\r")
        #expect(Self.wait(console, for: "Asesor o PIN incorrecto"), "\(console.screen)")
        console.type("i ana\r")
        #expect(Self.wait(console, for: "PIN de ana", count: 2))
        console.type("4821\r")
        #expect(Self.wait(console, for: "Sesión iniciada: ana"), "\(console.screen)")
        #expect(!console.output.contains("4821") && !console.output.contains("0000"))
        console.type("l\r")
        #expect(Self.wait(console, for: "Llamando R-001"))
        console.type("a\r")
        #expect(Self.wait(console, for: "Atendiendo R-001"))
        console.type("f\r")
        #expect(Self.wait(console, for: "Números separados por coma"))
        #expect(console.output.contains("  3 Reclamo / Claim\r\n"))
        console.type("9\r")  // not on the list: asked again
        #expect(Self.wait(console, for: "use los números de la lista"))
        console.type("3\r")
        #expect(Self.wait(console, for: "Resolución / Resolution"))
        console.type("2\r")
        #expect(Self.wait(console, for: "Área a la que escala"))
        console.type("1\r")
        #expect(Self.wait(console, for: "Solo si el cliente autoriza"))
        console.type("3001\r")  // neither a phone nor an e-mail: asked again
        #expect(Self.wait(console, for: "escriba un celular o fijo colombiano, o un correo"))
        console.type("\r")  // no consent: no contact
        #expect(Self.wait(console, for: "Finalizado R-001 — Reclamo — escalado a Facturación"), "\(console.screen)")
        #expect(!console.output.contains("contacto autorizado"))

        // Ana signs in at counter 1: her session at counter 3 ends.
        let other = try cli.startOnTerminal(["counter", "--counter", "1"], rows: 40)
        #expect(Self.wait(other, for: "Asesor: nadie"))
        other.type("i ana\r")
        #expect(Self.wait(other, for: "PIN de ana"))
        other.type("4821\r")
        #expect(Self.wait(other, for: "su sesión en otro módulo se cerró"), "\(other.screen)")
        console.type("\r")
        #expect(Self.wait(console, for: "Asesor: nadie", count: 2))
        for terminal in [console, other] {
            terminal.type("s\r")
            #expect(terminal.waitForExit() == 0)
            #expect(terminal.isCanonicalWithEcho)
        }

        // The events, read from the database the consoles wrote.
        let configuration = try OfficeConfiguration.load(json: Data(contentsOf: URL(fileURLWithPath: TurneroProcess.exampleConfig)))
        let store = QueueStore(database: try TurneroDatabase.open(at: cli.databasePath), configuration: configuration)
        let events = try store.outboxEntries().map(\.event)
        let staffEvents = events.filter { $0.payload.type.hasPrefix("agent.") }.map(\.payload)
        #expect(staffEvents == [
            .agentSignedIn(agent: "ana", counter: 3), .agentSignedOut(agent: "ana", counter: 3, reason: .moved),
            .agentSignedIn(agent: "ana", counter: 1),
        ])
        let byAna = events.filter { $0.agent == "ana" }.map(\.payload.type)
        #expect(byAna == ["turn.called", "turn.started", "turn.finished", "turn.request_typed", "escalation.opened"])
        guard case .escalationOpened(_, let turn, let area, let types, let due, false)? = events.last(where: { $0.payload.type == "escalation.opened" })?.payload
        else {
            Issue.record("no escalation")
            return
        }
        #expect(turn.label == "R-001" && area == "facturacion" && types == ["reclamo"])
        // 15 business days after the filing day, counted here day by day.
        let filed = events.first { $0.payload.type == "escalation.opened" }!.day
        var day = filed
        var counted = 0
        while counted < 15 {
            day = day.adding(days: 1)
            if !day.weekday.isWeekend && !ColombianHolidays.holidays(in: day.year).contains(day) { counted += 1 }
        }
        #expect(due == day)

        // An office without a centre works it from the command line.
        let open = try cli.run(["escalations"])
        #expect(open.status == 0 && open.stdout.contains("\(day.rawValue)  open     R-001  facturacion  reclamo  ana"), "\(open.stdout)")
        let escalationID = try #require(try store.escalations().first?.id.uuidString.lowercased())
        #expect(try cli.run(["escalations", "close", escalationID, "--answer", "Se ajustó la factura"]).status == 0)
        #expect(try cli.run(["escalations", "close", escalationID, "--answer", "otra vez"]).status == 64)
        #expect(try cli.run(["escalations"]).stdout.contains("No open escalations."))
        #expect(try store.outboxEntries().last?.event.payload == .escalationClosed(escalation: UUID(uuidString: escalationID)!, answer: "Se ajustó la factura"))
    }

    /// Adds an agent with `turnero staff add`, the PIN typed twice on a terminal.
    static func addAgent(_ cli: TurneroProcess, _ id: String, pin: String) throws {
        let adding = try cli.startOnTerminal(["staff", "add", "--id", id, "--name", id.capitalized, "--pbkdf2-rounds", "1000"])
        #expect(wait(adding, for: "PIN (4"))
        adding.type("\(pin)\r")
        #expect(wait(adding, for: "PIN otra vez"))
        adding.type("\(pin)\r")
        #expect(adding.waitForExit() == 0, "\(adding.output)")
    }

    /// Types `line` and waits for the `count`-th `answer`.
    static func say(_ terminal: PseudoTerminal, _ line: String, _ answer: String, count: Int = 1) {
        terminal.type("\(line)\r")
        #expect(wait(terminal, for: answer, count: count), "no '\(answer)': \(terminal.screen)")
    }

    @Test func anAgentSeesOnlyTheirOwnFiguresForToday() throws {
        let cli = try TurneroProcess()
        defer { cli.remove() }
        try cli.initialize()
        try Self.addAgent(cli, "ana", pin: "4821")
        try Self.addAgent(cli, "luis", pin: "7305")
        for service in ["pagos", "reclamos", "pagos"] { try cli.run(["turn", "issue", "--service", service]) }
        let ana = try cli.startOnTerminal(["counter", "--counter", "1"], rows: 40)
        let luis = try cli.startOnTerminal(["counter", "--counter", "3"], rows: 40)
        Self.say(ana, "m", "Ingrese primero con su código y PIN")  // nobody signed in: nobody's figures
        Self.say(ana, "i ana", "PIN de ana")
        Self.say(ana, "4821", "Sesión iniciada: ana")
        Self.say(ana, "m", "atendidos / attended 0 ·")
        Self.say(luis, "i luis", "PIN de luis")
        Self.say(luis, "7305", "Sesión iniciada: luis")
        for (console, label) in [(ana, "P-001"), (luis, "R-001"), (ana, "P-002")] {
            Self.say(console, "l", "Llamando \(label)")
            Self.say(console, "a", "Atendiendo \(label)")
            Self.say(console, "f", "Números separados por coma")
            Self.say(console, "1", "Resolución")
            Self.say(console, label == "P-002" ? "3" : "1", "Finalizado \(label)")
        }
        #expect(try cli.run(["rate", "--turn", "P-001", "--score", "10"]).status == 0)
        #expect(try cli.run(["rate", "--turn", "P-002", "--score", "7"]).status == 0)
        #expect(try cli.run(["rate", "--turn", "R-001", "--score", "2"]).status == 0)

        // Ana's handling times, from the times her console recorded.
        let configuration = try OfficeConfiguration.load(json: Data(contentsOf: URL(fileURLWithPath: TurneroProcess.exampleConfig)))
        let store = QueueStore(database: try TurneroDatabase.open(at: cli.databasePath), configuration: configuration)
        var started: [UUID: Date] = [:], handling: [Double] = []
        for event in try store.outboxEntries().map(\.event) {
            if case .turnStarted(let turn, _) = event.payload { started[turn.id] = event.occurredAt }
            if case .turnFinished(let turn, _, _) = event.payload, event.agent == "ana", let start = started[turn.id] {
                handling.append(event.occurredAt.timeIntervalSince(start))
            }
        }
        #expect(handling.count == 2)
        let average = String(format: "%.1f", handling.reduce(0, +) / 2 / 60).replacingOccurrences(of: ".", with: ",")
        Self.say(ana, "m", "escalados / escalated", count: 2)  // the second time she asks
        let line = ana.output.components(separatedBy: "Sus cifras de hoy (ana)").last ?? ""
        // Two attended, ratings 10 and 7, one of two at first contact, nothing escalated.
        #expect(line.contains("atendidos / attended 2 · atención promedio / avg handling \(average) min · calificación / rating 8,5 (2) · primer contacto / first contact 50 % · escalados / escalated 0"), "\(line)")
        Self.say(luis, "mis-cifras", "escalados / escalated")
        let theirs = luis.output.components(separatedBy: "Sus cifras de hoy (luis)").last ?? ""
        #expect(theirs.contains("atendidos / attended 1 ·") && theirs.contains("calificación / rating 2,0 (1)"), "\(theirs)")
        Self.say(ana, "o", "Sesión cerrada: ana")
        Self.say(ana, "m", "Ingrese primero con su código y PIN", count: 2)
        for terminal in [ana, luis] {
            terminal.type("s\r")
            #expect(terminal.waitForExit() == 0)
        }
    }
}
