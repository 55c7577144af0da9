import Foundation
import Hummingbird
import SyncProtocol
import TurneroCore

// The managers' staff page (issue 16): each office's agents, as the `staff` dataset delivers
// them to its kiosks. Adding, disabling, enabling and resetting a PIN publish a new version of
// the office's dataset (as `turnero-central publish-dataset staff` does). PINs are hashed on
// arrival and never shown or logged.
extension OperatorSite {
    /// The staff routes (managers).
    func addStaffRoutes(to managers: RouteRecorder) {
        managers.get("/staff", answers: [200, 303, 400, 403]) { request, context in
            try await self.staffPage(office: request.query("office"), context)
        }
        managers.post("/staff", answers: [303, 400, 403, 413, 415]) { try await self.changeStaff($0, $1) }
    }

    struct StaffForm: Decodable {
        var office: String?
        /// `add`, `disable`, `enable` or `pin`.
        var action: String?
        var agent: String?
        var name: String?
        var pin: String?
    }

    /// The office's agents, from its latest `staff` dataset (or every office's).
    func agents(office: String) async throws -> [Agent] {
        let rows = try await storage.dataset(name: DatasetName.staff, officeId: office)?.rows ?? []
        return rows.compactMap { try? JSONDecoder().decode(Agent.self, from: Data($0.value.utf8)) }.sorted { $0.id < $1.id }
    }

    /// `GET /dashboard/staff?office=ID`.
    func staffPage(
        office: String?, _ context: CentralRequestContext, message: String? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let session = try context.requireOperator()
        let offices = try await storage.officeIds()
        guard let office = office ?? offices.first else {
            return Page(title: "Asesores", body: "<h1>Asesores</h1><p>Sin oficinas todavía.</p>", navigation: Page.navigation(session)).response()
        }
        guard Identifier.isValid(office) else { throw APIError(.badRequest, ErrorCode.badRequest, "office must be an office id") }
        func form(_ action: String, _ agent: AgentID?, _ fields: HTML, _ button: String) -> HTML {
            let target: HTML = agent.map { "<input type=\"hidden\" name=\"agent\" value=\"\($0.rawValue)\">" } ?? .empty
            return """
                <form method="post" action="/dashboard/staff"><input type="hidden" name="csrf" value="\(session.csrfToken)">\
                <input type="hidden" name="office" value="\(office)"><input type="hidden" name="action" value="\(action)">\
                \(target)\(fields)<button type="submit">\(button)</button></form>
                """
        }
        let pinField: HTML = "<input type=\"password\" name=\"pin\" inputmode=\"numeric\" pattern=\"[0-9]{4,8}\" autocomplete=\"off\" required aria-label=\"PIN nuevo (4 a 8 dígitos)\">"
        let rows = try await agents(office: office).map { agent -> HTML in
            let toggle = agent.active ? form("disable", agent.id, .empty, "Desactivar") : form("enable", agent.id, .empty, "Activar")
            return """
                <tr data-agent="\(agent.id.rawValue)"><td>\(agent.id.rawValue)</td><td>\(agent.name)</td>\
                <td data-state="\(agent.active ? "active" : "disabled")">\(agent.active ? "activo" : "desactivado")</td>\
                <td>\(toggle)</td><td>\(form("pin", agent.id, pinField, "Cambiar PIN"))</td></tr>
                """
        }.joined()
        let choices = offices.map { id -> HTML in "<option value=\"\(id)\"\(id == office ? " selected" : "")>\(id)</option>" }.joined()
        let notice: HTML = message.map { "<p class=\"bad\">\($0)</p>" } ?? .empty
        let addFields: HTML = """
            <label>Código <input name="agent" required maxlength="32" pattern="[a-z0-9._-]{1,32}"></label> \
            <label>Nombre <input name="name" required maxlength="60"></label> <label>PIN \(pinField)</label>
            """
        let body: HTML = """
            <h1>Asesores — \(office)</h1>
            <p class="sub">Los asesores que ingresan con su PIN en los módulos de la oficina. Cada cambio publica una nueva versión \
            del conjunto <code>staff</code> de la oficina, que sus kioscos reciben en la siguiente sincronización. El PIN se guarda \
            cifrado (PBKDF2) y nunca se muestra.</p>
            <form class="card" method="get" action="/dashboard/staff"><label for="office">Oficina</label>\
            <select id="office" name="office">\(choices)</select><button type="submit">Ver</button></form>
            \(notice)<table><tr><th>Código</th><th>Nombre</th><th>Estado</th><th></th><th>PIN</th></tr>\(rows)</table>
            <h2>Agregar asesor</h2>\(form("add", nil, addFields, "Agregar"))
            """
        return Page(title: "Asesores", body: body, navigation: Page.navigation(session)).response(status: status)
    }

    /// `POST /dashboard/staff`: add an agent, disable or enable one, or reset their PIN.
    func changeStaff(_ request: Request, _ context: CentralRequestContext) async throws -> Response {
        let session = try context.requireOperator()
        let form = try await request.form(StaffForm.self)
        guard let office = form.office, Identifier.isValid(office) else {
            throw APIError(.badRequest, ErrorCode.badRequest, "office must be an office id")
        }
        func refuse(_ message: String) async throws -> Response {
            try await staffPage(office: office, context, message: message, status: .badRequest)
        }
        let id = AgentID((form.agent ?? "").trimmingWhitespace().lowercased())
        var agents = try await agents(office: office)
        let index = agents.firstIndex { $0.id == id }
        func hashed() throws -> String? {
            guard let pin = form.pin, AgentPIN.isWellFormed(pin) else { return nil }
            return try PasswordHash.make(pin, rounds: configuration.pinRounds)
        }
        switch form.action {
        case "add":
            guard index == nil else { return try await refuse("Ya existe un asesor con ese código.") }
            guard let hash = try hashed() else { return try await refuse("El PIN debe tener de 4 a 8 dígitos.") }
            let agent = Agent(id: id, name: (form.name ?? "").trimmingWhitespace(), pinHash: hash)
            if let problem = agent.problem { return try await refuse("Asesor no válido: \(problem).") }
            agents.append(agent)
        case "disable", "enable":
            guard let index else { return try await refuse("No hay un asesor con ese código en la oficina.") }
            agents[index].active = form.action == "enable"
        case "pin":
            guard let index else { return try await refuse("No hay un asesor con ese código en la oficina.") }
            guard let hash = try hashed() else { return try await refuse("El PIN debe tener de 4 a 8 dígitos.") }
            agents[index].pinHash = hash
        default:
            return try await refuse("Acción desconocida.")
        }
        let rows = try agents.map { DatasetRow(key: $0.id.rawValue, value: String(decoding: try JSONEncoder.sorted.encode($0), as: UTF8.self)) }
        let snapshot = try await storage.publishDataset(name: DatasetName.staff, officeId: office, rows: rows, now: context.now)
        logger.info("staff changed", metadata: [
            "office": "\(office)", "agent": "\(id.rawValue)", "action": "\(form.action ?? "")", "operator": "\(session.operatorName)",
            "version": "\(snapshot.version)",
        ])
        return .seeOther("/dashboard/staff?office=\(HTML.percentEncoded(office))")
    }
}
