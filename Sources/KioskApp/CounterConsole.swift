import Foundation
public import TurneroCore
public import TurneroStore

/// `turnero counter --counter N`: the line-based console counter staff use all day.
///
/// One command per line, Spanish or English, first letter enough: `i`ngresar/sign-in [ASESOR],
/// `o` (cerrar sesión)/sign-out, `l`lamar/call, `r`ellamar/recall, `a`tender/start,
/// `f`inalizar/finish (asks the request's types, resolution and area as numbered choices; with
/// resuelto|pendiente|remitido it finishes untyped), `n`o-show, `d`evolver/back,
/// `t`ransferir SERVICIO, `m`is cifras/my figures (the signed-in agent's own figures today),
/// `e`stado/status, `abrir`/open, `cerrar`/close, `s`alir/quit,
/// `?`/ayuda/help. After each command it shows the counter's agent, turn and who is waiting.
public struct CounterConsole: Sendable {
    /// A parsed staff command.
    public enum Action: Sendable, Hashable {
        case call, recall, start, finish(ServiceOutcome), typedFinish, noShow, back, transfer(ServiceCode)
        case signIn(AgentID?), signOut, myFigures
        case status, open, close, quit, help
    }

    public let store: QueueStore
    public let counter: Int
    /// Checks PINs at sign-in (PBKDF2, injected so the store and tests need no crypto).
    public let verify: PINVerifier

    public init(store: QueueStore, counter: Int, verify: @escaping PINVerifier) {
        self.store = store
        self.counter = counter
        self.verify = verify
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
        case "i", "ingresar", "sign-in", "signin", "login":
            return .signIn(argument.map(AgentID.init(rawValue:)))
        case "o", "cerrar-sesion", "cerrar-sesión", "sign-out", "signout", "logout": return .signOut
        case "f", "finalizar", "finish", "terminar":
            switch argument {
            case nil: return .typedFinish
            case "resuelto", "resolved": return .finish(.resolved)
            case "pendiente", "pending": return .finish(.pending)
            case "remitido", "referred": return .finish(.referred)
            default:
                throw CounterConsoleError(
                    es: "resultado desconocido '\(argument!.prefix(20))': use resuelto, pendiente o remitido",
                    en: "unknown outcome '\(argument!.prefix(20))': use resolved, pending or referred")
            }
        case "n", "no-show", "noshow", "ausente": return .noShow
        case "d", "devolver", "back": return .back
        case "t", "transferir", "transfer":
            guard let argument else {
                throw CounterConsoleError(es: "diga a qué servicio: t SERVICIO", en: "say which service: t SERVICE")
            }
            return .transfer(ServiceCode(argument))
        case "m", "mis-cifras", "cifras", "me", "mine", "my-figures": return .myFigures
        case "e", "estado", "status": return .status
        case "abrir", "open": return .open
        case "cerrar", "close": return .close
        case "s", "salir", "q", "quit", "exit": return .quit
        case "?", "h", "ayuda", "help": return .help
        default:
            throw CounterConsoleError(
                es: "comando desconocido '\(verb.prefix(20))' (? para ayuda)", en: "unknown command '\(verb.prefix(20))' (? for help)")
        }
    }

    /// Performs `action`: the line to show staff, and the question that follows, if any.
    public func perform(_ action: Action) throws(StoreError) -> DialogStep {
        switch action {
        case .signIn(let agent?):
            return DialogStep(message: "", next: agent.isValid ? .pin(agent) : .agent)
        case .signIn(nil):
            return DialogStep(message: "", next: .agent)
        case .typedFinish:
            return DialogStep(message: "", next: try beginTypedFinish())
        case .signOut:
            let agent = try store.signOut(counter: counter)
            return DialogStep(message: agent.map { "Sesión cerrada: \($0.rawValue) / Signed out" } ?? "Nadie había ingresado / Nobody was signed in", next: nil)
        default:
            return DialogStep(message: try message(action), next: nil)
        }
    }

    private func message(_ action: Action) throws(StoreError) -> String {
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
        case .myFigures: return try myFigures()
        case .status, .quit, .typedFinish, .signIn, .signOut: return ""
        case .help: return Self.help
        }
    }

    /// The counter's current turn and who waits for it.
    public func statusLines() throws(StoreError) -> [String] {
        let configuration = store.configuration
        let services = configuration.counter(counter)?.services.compactMap { configuration.service($0)?.name.es } ?? []
        var lines = ["\(configuration.counter(counter)?.displayName ?? "Módulo \(counter)") — \(services.joined(separator: ", "))"]
        if let session = try store.session(counter: counter) {
            lines.append("Asesor: \(session.agent.rawValue)")
        } else {
            lines.append("Asesor: nadie (i para ingresar)\(configuration.staff.signInRequired ? " — requerido para llamar" : "")")
        }
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
        i [ASESOR]  ingresar / sign in            o  cerrar sesión / sign out
        l  llamar / call next        r  rellamar / recall       a  atender / start (arrived)
        f  finalizar / finish (tipo y resolución)  f resuelto|pendiente|remitido  n  no-show
        d  devolver a la fila / back to the queue               t SERVICIO  transferir / transfer
        e  estado / status    abrir / cerrar (open / close)     s  salir / quit   (* = preferencial)
        m  mis cifras de hoy / my figures today
        """

    /// What staff read when the queue refuses a command: Spanish, then English, with the
    /// detail that matters (the turn, the service).
    public static func staffMessage(_ error: StoreError) -> String {
        let pair: (es: String, en: String)
        switch error.code {
        case .emptyQueue:
            pair = ("Nadie espera por los servicios de este módulo", "Nobody is waiting for this counter's services")
        case .noCurrentTurn:
            pair = ("Este módulo no tiene un turno llamado ni en atención: llame uno (l)", "This counter has no turn called or in service: call one (l)")
        case .counterBusy:
            pair = (
                "Este módulo ya tiene un turno: finalícelo (f), márquelo ausente (n) o devuélvalo (d)",
                "This counter already has a turn: finish it (f), mark it no-show (n) or put it back (d)"
            )
        case .unknownService:
            let known = error.message.components(separatedBy: "offers: ").last ?? ""
            pair = ("Servicio desconocido; este punto ofrece: \(known)", "Unknown service; this office offers: \(known)")
        case .transition:
            pair = ("El turno no permite esa acción", "The turn does not allow that (\(error.message))")
        case .signInRequired:
            pair = ("Ingrese primero con su código y PIN (i)", "Sign in first with your id and PIN (i)")
        case .wrongPIN:
            pair = ("Asesor o PIN incorrecto", "Agent or PIN not recognised")
        case .counterLocked:
            pair = ("Demasiados PIN errados: espere unos minutos", "Too many wrong PINs: wait a few minutes")
        case .requestRefused:
            return error.message
        default:
            pair = ("No se pudo", "Could not: \(error.message)")
        }
        return "\(pair.es) / \(pair.en)"
    }
}

/// A staff command that could not be understood, said in Spanish and English.
public struct CounterConsoleError: Error, Sendable, Hashable, CustomStringConvertible {
    public var es: String
    public var en: String
    public init(es: String, en: String) {
        self.es = es
        self.en = en
    }
    public var description: String { "\(es) / \(en)" }
}
