import Foundation
import Hummingbird
import SyncProtocol
import TurneroCore

// Escalations to closure (issue 16): requests escalated at counters, by due day, the overdue
// ones flagged, closed here with the answer given to the customer.
extension OperatorSite {
    /// The escalations' routes (any signed-in operator: the areas answering them are not managers).
    func addEscalationRoutes(to dashboard: RouteRecorder) {
        dashboard.get("/escalations", answers: [200, 303]) { try await self.escalationsPage($0, $1) }
        dashboard.post("/escalations/{id}/close", answers: [303, 400, 403, 404, 413, 415]) { try await self.closeEscalation($0, $1) }
        dashboard.post("/escalations/{id}/take", answers: [303, 403, 409, 413, 415]) { try await self.takeEscalation($0, $1) }
    }

    static let defaultRequests = RequestRules()

    struct EscalationCloseForm: Decodable {
        var answer: String?
    }

    /// `GET /dashboard/escalations[?office=ID&state=all]`.
    func escalationsPage(_ request: Request, _ context: CentralRequestContext, message: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let session = try context.requireOperator()
        let office = request.query("office").flatMap { Identifier.isValid($0) ? $0 : nil }
        let all = request.query("state") == "all"
        let records = try await storage.escalations(officeId: office, openOnly: !all, limit: 500)
        let names = try await board.configurations(now: context.now)
        let today = LocalDay(containing: context.now, in: Self.zone)
        let overdue = records.count { $0.isOverdue(on: today) }
        let rows = records.map { record -> HTML in
            let o = record.opening
            let state: HTML = record.closedAt != nil
                ? "<span class=\"ok\">cerrado</span>"
                : record.isOverdue(on: today) ? "<span class=\"bad\" data-overdue=\"1\">vencido</span>" : "abierto"
            // An office whose configuration the centre does not hold reads with the default typology.
            let configuration = names[record.officeId]
            let area = (configuration?.requests ?? Self.defaultRequests).area(o.area)?.name.es ?? o.area
            let typology = configuration?.requestTypes(for: ServiceCode(o.service)) ?? Self.defaultRequests.types
            let types = o.types.map { code in typology.first { $0.code == code }?.name.es ?? code }
            let action: HTML = record.closedAt == nil
                ? """
                    <form method="post" action="/dashboard/escalations/\(pathSegment: o.id)/close">\
                    <input type="hidden" name="csrf" value="\(session.csrfToken)">\
                    <textarea name="answer" maxlength="500" required aria-label="Respuesta al cliente"></textarea>\
                    <button type="submit">Cerrar con respuesta</button></form>
                    """
                : "\(record.answer ?? "") <span class=\"sub\">(\(record.closedBy == "kiosk" ? "en la oficina" : record.closedBy ?? ""))</span>"
            return """
                <tr data-escalation="\(o.id)"><td>\(o.due)</td><td>\(state)</td><td>\(Self.officeName(record.officeId, names))</td>\
                <td>\(o.label)</td><td>\(area)</td><td>\(types.joined(separator: ", "))</td><td>\(o.agent ?? "—")</td>\
                <td>\(o.openedDay)</td><td>\(Self.escalationContact(record, session: session))</td><td>\(action)</td></tr>
                """
        }.joined()
        let notice: HTML = message.map { "<p class=\"bad\">\($0)</p>" } ?? .empty
        let body: HTML = """
            <h1>Escalamientos</h1>
            <p class="sub">Solicitudes escaladas en los módulos, por fecha de vencimiento (días hábiles, Ley 1755 de 2015). \
            <a href="/dashboard/escalations\(all ? "" : "?state=all")">\(all ? "Solo abiertos" : "Ver también los cerrados")</a></p>
            \(notice)<p data-kpi="escalations-overdue" class="\(overdue > 0 ? "bad" : "ok")">Vencidos: \(overdue)</p>
            <table><tr><th>Vence</th><th>Estado</th><th>Oficina</th><th>Turno</th><th>Área</th><th>Tipo</th><th>Asesor</th>\
            <th>Escalado</th><th>Contacto autorizado (lo ve completo quien lo atiende)</th><th>Respuesta</th></tr>\(rows)</table>
            """
        return Page(title: "Escalamientos", body: body, navigation: Page.navigation(session)).response(status: status)
    }

    /// `POST /dashboard/escalations/{id}/close`.
    func closeEscalation(_ request: Request, _ context: CentralRequestContext) async throws -> Response {
        let session = try context.requireOperator()
        let id = context.parameters.get("id") ?? ""
        let answer = (try await request.form(EscalationCloseForm.self).answer ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !answer.isEmpty, answer.count <= Escalation.maxAnswerLength,
            !answer.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && $0 != "\n" })
        else {
            return try await escalationsPage(
                request, context, message: "Escriba la respuesta dada al cliente (hasta \(Escalation.maxAnswerLength) caracteres).", status: .badRequest)
        }
        guard UUID(uuidString: id) != nil,
            try await storage.closeEscalation(id: id, answer: answer, operatorName: session.operatorName, now: context.now)
        else {
            return try await escalationsPage(request, context, message: "Ese escalamiento no existe o ya estaba cerrado.", status: .notFound)
        }
        logger.info("escalation closed", metadata: ["escalation": "\(id)", "operator": "\(session.operatorName)"])
        return .seeOther("/dashboard/escalations")
    }
}
