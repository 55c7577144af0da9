import Foundation
public import TurneroCore
public import TurneroStore

/// `turnero counter --counter N`: the line-based console counter staff use all day.
///
/// One command per line, Spanish or English, first letter enough: `l`lamar/call,
/// `r`ellamar/recall, `a`tender/start, `f`inalizar/finish [resuelto|pendiente|remitido],
/// `n`o-show, `d`evolver/back, `t`ransferir SERVICIO, `e`stado/status, `abrir`/open,
/// `cerrar`/close, `s`alir/quit, `?`/ayuda/help. After each command it shows the counter's
/// turn and who is waiting for it.
public struct CounterConsole: Sendable {
    /// A parsed staff command.
    public enum Action: Sendable, Hashable {
        case call, recall, start, finish(ServiceOutcome), noShow, back, transfer(ServiceCode)
        case status, open, close, quit, help
    }

    public let store: QueueStore
    public let counter: Int

    public init(store: QueueStore, counter: Int) {
        self.store = store
        self.counter = counter
    }

    /// Parses one line; nil for an empty line (just refresh); throws a message for nonsense.
    public static func parse(_ line: String) throws(CounterConsoleError) -> Action? {
        let words = line.trimmingWhitespace().lowercased().split(whereSeparator: \.isWhitespace).map(String.init)
        guard let verb = words.first else { return nil }
        let argument = words.dropFirst().first
        switch verb {
        case "l", "llamar", "call", "siguiente", "next": return .call
        case "r", "rellamar", "recall": return .recall
        case "a", "atender", "start", "iniciar": return .start
        case "f", "finalizar", "finish", "terminar":
            switch argument {
            case nil, "resuelto", "resolved": return .finish(.resolved)
            case "pendiente", "pending": return .finish(.pending)
            case "remitido", "referred": return .finish(.referred)
            default: throw CounterConsoleError("unknown outcome '\(argument!.prefix(20))': use resuelto, pendiente or remitido")
            }
        case "n", "no-show", "noshow", "ausente": return .noShow
        case "d", "devolver", "back": return .back
        case "t", "transferir", "transfer":
            guard let argument else { throw CounterConsoleError("say which service: t SERVICIO") }
            return .transfer(ServiceCode(argument))
        case "e", "estado", "status": return .status
        case "abrir", "open": return .open
        case "cerrar", "close": return .close
        case "s", "salir", "q", "quit", "exit": return .quit
        case "?", "h", "ayuda", "help": return .help
        default: throw CounterConsoleError("unknown command '\(verb.prefix(20))' (? for help)")
        }
    }

    /// Performs `action`; returns the line to show staff.
    public func perform(_ action: Action) throws(StoreError) -> String {
        func name(_ turn: Turn) -> String {
            let service = store.configuration.service(turn.service)?.name.es ?? turn.service.rawValue
            return "\(turn.label) (\(service)\(turn.preferential ? ", preferencial" : ""))"
        }
        switch action {
        case .call:
            let called = try store.call(counter: counter)
            return "Llamando \(name(called.turn))"
        case .recall: return "Rellamando \(name(try store.recall(counter: counter)))"
        case .start: return "Atendiendo \(name(try store.start(counter: counter)))"
        case .finish(let outcome): return "Finalizado \(name(try store.finish(counter: counter, outcome: outcome)))"
        case .noShow: return "No se presentó: \(name(try store.noShow(counter: counter)))"
        case .back: return "Devuelto a la fila: \(name(try store.returnToQueue(counter: counter)))"
        case .transfer(let service): return "Transferido: \(name(try store.transfer(counter: counter, to: service)))"
        case .open:
            try store.openCounter(counter)
            return "Módulo abierto"
        case .close:
            try store.closeCounter(counter)
            return "Módulo cerrado"
        case .status, .quit: return ""
        case .help: return Self.help
        }
    }

    /// The counter's current turn and who waits for it.
    public func statusLines() throws(StoreError) -> [String] {
        let configuration = store.configuration
        let services = configuration.counter(counter)?.services.compactMap { configuration.service($0)?.name.es } ?? []
        var lines = ["\(configuration.counter(counter)?.displayName ?? "Módulo \(counter)") — \(services.joined(separator: ", "))"]
        if let current = try store.currentTurn(counter: counter) {
            lines.append("Actual: \(current.label) \(current.state.spanishName)\(current.calls > 1 ? " (\(current.calls) llamados)" : "")")
        } else {
            lines.append("Actual: ninguno")
        }
        let waiting = try store.waitingTurns(counter: counter)
        let shown = waiting.prefix(12).map { $0.preferential ? "\($0.label)*" : $0.label }.joined(separator: " ")
        lines.append("En espera (\(waiting.count)): \(waiting.isEmpty ? "nadie" : shown)\(waiting.count > 12 ? " …" : "")")
        return lines
    }

    public static let help = """
        l  llamar siguiente        r  rellamar           a  atender (llegó)
        f  finalizar [resuelto|pendiente|remitido]      n  no se presentó
        d  devolver a la fila      t SERVICIO  transferir
        e  estado   abrir / cerrar módulo   s  salir     (* = preferencial)
        """
}

/// A staff command that could not be understood.
public struct CounterConsoleError: Error, Sendable, Hashable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
