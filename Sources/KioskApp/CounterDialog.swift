public import TurneroCore
public import TurneroStore

/// A question the counter console is waiting for an answer to: the agent's id and PIN at
/// sign-in, or the request's types, resolution and area at a typed finish. Numbered choices,
/// `c` (cancelar) abandons the dialog and changes nothing.
public enum CounterDialog: Sendable, Hashable {
    /// Which agent signs in.
    case agent
    /// The PIN of `agent` (typed without echo).
    case pin(AgentID)
    /// The request's types, from the typology of the service in attention.
    case types(ServiceCode)
    /// How the request ended.
    case resolution(ServiceCode, types: [String])
    /// Where it is escalated.
    case area(ServiceCode, types: [String])
    /// The phone or e-mail the customer agrees to be told the answer by (or none).
    case contact(ServiceCode, types: [String], area: String)

    /// Whether the answer must not be echoed (a PIN).
    public var hidesInput: Bool {
        if case .pin = self { true } else { false }
    }

    /// The resolutions, in the order the console numbers them.
    static let resolutions: [(RequestResolution, String)] = [
        (.firstContact, "Resuelto en primer contacto / Resolved at first contact"),
        (.escalated, "Escalado a un área / Escalated to an area"),
        (.writtenChannel, "Remitido al canal escrito / Referred to the written channel"),
    ]

    /// The question and its numbered choices, for `configuration`.
    public func prompt(_ configuration: OfficeConfiguration) -> String {
        func numbered(_ names: [String]) -> String {
            names.enumerated().map { "  \($0.offset + 1) \($0.element)" }.joined(separator: "\n")
        }
        switch self {
        case .agent:
            return "Asesor (su código) / Agent (your id):"
        case .pin(let agent):
            return "PIN de \(agent.rawValue) (no se muestra / not shown):"
        case .types(let service):
            let names = configuration.requestTypes(for: service).map { "\($0.name.es) / \($0.name.en)" }
            let skip = configuration.requests.typeRequired ? "" : " (Enter: ninguno / none)"
            return "Tipo de solicitud / Request type (c: cancelar)\n" + numbered(names)
                + "\nNúmeros separados por coma / comma-separated numbers\(skip)"
        case .resolution:
            return "Resolución / Resolution (c: cancelar)\n" + numbered(Self.resolutions.map(\.1))
        case .area:
            return "Área a la que escala / Escalate to (c: cancelar)\n"
                + numbered(configuration.requests.areas.map { "\($0.name.es) / \($0.name.en)" })
        case .contact:
            return """
                Solo si el cliente autoriza que le den la respuesta por teléfono o correo: escriba el número o el correo \
                (Enter: no autoriza) / Only with the customer's consent: phone or e-mail for the answer (Enter: none)
                """
        }
    }

    /// Reads numbered choices (`1,3` or `1 3`) within `1...count`; nil when any is not one.
    static func choices(_ line: String, count: Int) -> [Int]? {
        let words = line.split { $0 == "," || $0.isWhitespace }
        let numbers = words.compactMap { Int($0) }
        guard numbers.count == words.count, numbers.allSatisfy({ (1...count).contains($0) }) else { return nil }
        return numbers.map { $0 - 1 }
    }
}

extension CounterConsole {
    /// What the console says after an answer, and the next question (nil: the dialog ended).
    public struct DialogStep: Sendable, Hashable {
        public var message: String
        public var next: CounterDialog?
    }

    /// Takes the answer to `dialog`: a bad answer asks again, `c` cancels.
    public func answer(_ dialog: CounterDialog, _ line: String) throws(StoreError) -> DialogStep {
        let text = line.trimmingWhitespace()
        let configuration = store.configuration
        if !dialog.hidesInput, ["c", "cancelar", "cancel"].contains(text.lowercased()) {
            return DialogStep(message: "Cancelado / Cancelled", next: nil)
        }
        func again(_ es: String, _ en: String) -> DialogStep { DialogStep(message: "? \(es) / \(en)", next: dialog) }
        switch dialog {
        case .agent:
            let agent = AgentID(text.lowercased())
            guard agent.isValid else { return again("código de asesor inválido", "invalid agent id") }
            return DialogStep(message: "", next: .pin(agent))
        case .pin(let agent):
            let events = try store.signIn(agent, pin: text, counter: counter, verify: verify)
            let moved = events.contains { if case .agentSignedOut(agent, _, .moved) = $0 { true } else { false } }
            let replaced = events.compactMap { event -> AgentID? in
                if case .agentSignedOut(let other, _, .replaced) = event { other } else { nil }
            }
            var message = "Sesión iniciada: \(agent.rawValue) / Signed in"
            if moved { message += " (su sesión en otro módulo se cerró / your session elsewhere was closed)" }
            if let other = replaced.first { message += " (se cerró la sesión de \(other.rawValue) / \(other.rawValue) was signed out)" }
            return DialogStep(message: message, next: nil)
        case .types(let service):
            let typology = configuration.requestTypes(for: service)
            if text.isEmpty && configuration.requests.typeRequired {
                return again("elija al menos un tipo", "choose at least one type")
            }
            guard let picked = text.isEmpty ? [] : CounterDialog.choices(text, count: typology.count), Set(picked).count == picked.count
            else { return again("use los números de la lista, sin repetir", "use the numbers listed, once each") }
            return DialogStep(message: "", next: .resolution(service, types: picked.map { typology[$0].code }))
        case .resolution(let service, let types):
            guard let picked = CounterDialog.choices(text, count: CounterDialog.resolutions.count), picked.count == 1 else {
                return again("elija un número de la lista", "choose one number from the list")
            }
            let resolution = CounterDialog.resolutions[picked[0]].0
            if resolution == .escalated { return DialogStep(message: "", next: .area(service, types: types)) }
            return DialogStep(message: try finish(FinishRecord(types: types, resolution: resolution)), next: nil)
        case .area(let service, let types):
            let areas = configuration.requests.areas
            guard let picked = CounterDialog.choices(text, count: areas.count), picked.count == 1 else {
                return again("elija un número de la lista", "choose one number from the list")
            }
            return DialogStep(message: "", next: .contact(service, types: types, area: areas[picked[0]].code))
        case .contact(_, let types, let area):
            var contact: CustomerContact?
            if !text.isEmpty {
                guard let parsed = CustomerContact(parsing: text) else {
                    return again("escriba un celular o fijo colombiano, o un correo", "type a Colombian mobile or landline, or an e-mail")
                }
                contact = parsed
            }
            return DialogStep(
                message: try finish(FinishRecord(types: types, resolution: .escalated, area: area, contact: contact)), next: nil)
        }
    }

    /// Starts the typed finish of the turn in attention.
    func beginTypedFinish() throws(StoreError) -> CounterDialog {
        guard let current = try store.currentTurn(counter: counter) else {
            throw StoreError(.noCurrentTurn, "counter \(counter) has no turn in service")
        }
        guard current.state == .serving else {
            throw StoreError(.transition, "\(current.label) is \(current.state.rawValue): start service first (a)")
        }
        return .types(current.service)
    }

    private func finish(_ record: FinishRecord) throws(StoreError) -> String {
        let done = try store.finish(counter: counter, record: record)
        let configuration = store.configuration
        let types = record.types.compactMap { code in configuration.requestTypes(for: done.turn.service).first { $0.code == code }?.name.es }
        var message = "Finalizado \(done.turn.label)"
        if !types.isEmpty { message += " — \(types.joined(separator: ", "))" }
        if let escalation = done.escalation {
            let area = configuration.requests.area(escalation.area)?.name.es ?? escalation.area
            message += " — escalado a \(area), respuesta a más tardar el \(escalation.due.rawValue) / escalated, due \(escalation.due.rawValue)"
            if let contact = record.contact { message += " — contacto autorizado / consented contact: \(contact.masked)" }
        } else {
            message += record.resolution == .firstContact ? " — resuelto / resolved" : " — remitido al canal escrito / referred"
        }
        return message
    }
}
