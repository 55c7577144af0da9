import Foundation
import Hummingbird
import SyncProtocol
import TurneroCore

// Quality audits (issue 16): each month's reproducible sample of attentions per agent, with
// their wait, handling time and rating, and the auditor's checklist (F189 by default).
extension OperatorSite {
    /// The audit routes (managers).
    func addAuditRoutes(to managers: RouteRecorder) {
        managers.get("/audits", answers: [200, 303, 400, 403]) { request, context in
            try await self.auditsPage(office: request.query("office"), month: request.query("month"), context)
        }
        managers.post("/audits", answers: [303, 400, 403, 413, 415]) { try await self.recordAudit($0, $1) }
    }

    /// One office's month: its attentions and the sample per agent.
    struct AuditMonth {
        var office: String
        var month: ReportMonth
        var configuration: OfficeConfiguration
        var samples: [(agent: AgentID, attentions: [Attention])]
    }

    func auditMonth(office: String?, month text: String?, now: Date) async throws -> AuditMonth? {
        let monthText = text ?? String(LocalDay(containing: now, in: Self.zone).rawValue.prefix(7))
        guard let month = ReportMonth(rawValue: monthText), (2000...2100).contains(month.year) else {
            throw APIError(.badRequest, ErrorCode.badRequest, "month must be YYYY-MM")
        }
        let offices = try await storage.officeIds()
        guard let office = office ?? offices.first else { return nil }
        guard Identifier.isValid(office) else { throw APIError(.badRequest, ErrorCode.badRequest, "office must be an office id") }
        let events = try await quality.timeline(office: office, month: month)
        let configuration = try await export.configuration(office) ?? OfficeSnapshot.fallbackConfiguration(officeId: office, events: events)
        let attentions = AgentKPICalculator(configuration: configuration).attentions(events: events)
        let size = self.configuration.auditChecklist.sampleSize
        let agents = Set(attentions.map(\.agent)).sorted()
        return AuditMonth(
            office: office, month: month, configuration: configuration,
            samples: agents.map { ($0, AuditSampler.sample(attentions, agent: $0, month: month.rawValue, size: size)) })
    }

    /// `GET /dashboard/audits?office=ID&month=YYYY-MM`.
    func auditsPage(
        office: String?, month: String?, _ context: CentralRequestContext, message: String? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let session = try context.requireOperator()
        guard let audit = try await auditMonth(office: office, month: month, now: context.now) else {
            return Page(title: "Auditorías", body: "<h1>Auditorías</h1><p>Sin oficinas todavía.</p>", navigation: Page.navigation(session)).response()
        }
        let checklist = configuration.auditChecklist
        let done = Dictionary(try await storage.audits(officeId: audit.office, month: audit.month.rawValue).map { ($0.turn.id, $0) }) { $1 }
        var sections: HTML = .empty
        for (agent, attentions) in audit.samples {
            let rows = attentions.map { attention -> HTML in
                let result: HTML
                if let record = done[attention.turn.id] {
                    result = "<span data-audit-score=\"\(attention.turn.label)\">\(Format.number(record.score)) / 100</span> <span class=\"sub\">(\(record.auditor))</span>"
                } else {
                    let items = checklist.items.map { item -> HTML in
                        let options = AuditAnswer.allCases.map { answer -> HTML in
                            let name: String = switch answer {
                            case .met: "cumple"
                            case .notMet: "no cumple"
                            case .notApplicable: "no aplica"
                            }
                            return "<label><input type=\"radio\" name=\"item-\(item.code)\" value=\"\(answer.rawValue)\" required> \(name)</label> "
                        }.joined()
                        return "<div>\(item.name.es): \(options)</div>"
                    }.joined()
                    result = """
                        <form method="post" action="/dashboard/audits"><input type="hidden" name="csrf" value="\(session.csrfToken)">\
                        <input type="hidden" name="office" value="\(audit.office)"><input type="hidden" name="month" value="\(audit.month.rawValue)">\
                        <input type="hidden" name="turn" value="\(attention.turn.id.uuidString)">\(items)<button type="submit">Registrar auditoría</button></form>
                        """
                }
                return """
                    <tr data-sample="\(attention.turn.label)"><td>\(attention.turn.label)</td><td>\(attention.day.rawValue)</td>\
                    <td>\(Format.minutes(attention.wait))</td><td>\(Format.minutes(attention.handling))</td>\
                    <td>\(attention.rating.map(String.init) ?? "—")</td><td>\(attention.types.joined(separator: ", "))</td><td>\(result)</td></tr>
                    """
            }.joined()
            sections += """
                <h2>\(agent.rawValue)</h2><table><tr><th>Turno</th><th>Día</th><th>Espera (min)</th><th>Atención (min)</th>\
                <th>Calificación</th><th>Tipo</th><th>Auditoría</th></tr>\(rows)</table>
                """
        }
        let notice: HTML = message.map { "<p class=\"bad\">\($0)</p>" } ?? .empty
        let body: HTML = """
            <h1>Auditorías de calidad — \(audit.month.spanishName)</h1>
            <p class="sub">Oficina \(audit.office): una muestra aleatoria y reproducible de \(checklist.sampleSize) atenciones por asesor \
            (la misma para todos los auditores del mes). Puntaje = ítems que cumplen ÷ ítems que aplican.</p>
            \(notice)\(sections.markup.isEmpty ? "<p>Sin atenciones con asesor este mes.</p>" : sections)
            """
        return Page(title: "Auditorías", body: body, navigation: Page.navigation(session)).response(status: status)
    }

    /// `POST /dashboard/audits`: one attention's checklist.
    func recordAudit(_ request: Request, _ context: CentralRequestContext) async throws -> Response {
        let session = try context.requireOperator()
        let form = try await request.form([String: String].self)
        guard let audit = try await auditMonth(office: form["office"], month: form["month"], now: context.now) else {
            throw APIError(.badRequest, ErrorCode.badRequest, "no such office")
        }
        func refuse(_ message: String) async throws -> Response {
            try await auditsPage(office: audit.office, month: audit.month.rawValue, context, message: message, status: .badRequest)
        }
        guard let turn = form["turn"].flatMap(UUID.init(uuidString:)),
            let (agent, attention) = audit.samples.lazy.compactMap({ sample in
                sample.attentions.first { $0.turn.id == turn }.map { (sample.agent, $0) }
            }).first
        else { return try await refuse("Esa atención no está en la muestra del mes.") }
        var answers: [String: AuditAnswer] = [:]
        for (key, value) in form where key.hasPrefix("item-") {
            guard let answer = AuditAnswer(rawValue: value) else { return try await refuse("Respuesta desconocida.") }
            answers[String(key.dropFirst(5))] = answer
        }
        if let problem = configuration.auditChecklist.problem(with: answers) { return try await refuse("Conteste todos los ítems (\(problem)).") }
        let record = AuditRecord(
            id: UUID(), month: audit.month, agent: agent, turn: attention.turn, answers: answers, auditor: session.operatorName,
            recordedAt: context.now)
        try await storage.recordAudit(record, officeId: audit.office)
        logger.info("audit recorded", metadata: ["office": "\(audit.office)", "agent": "\(agent)", "auditor": "\(session.operatorName)"])
        return .seeOther("/dashboard/audits?office=\(HTML.percentEncoded(audit.office))&month=\(audit.month.rawValue)")
    }
}
