import Foundation
import Hummingbird
import Logging
import SyncProtocol
import TurneroCore

// The detractor team's work list: call-backs by deadline, assigned to agents, with the
// procedure's figures (effective contact, deadlines, reversal, reasons).
extension OperatorSite {
    static let zone = TimeZone(identifier: "America/Bogota") ?? .gmt

    /// Gives unassigned call-backs to the agents (balanced by open load); failures only logged.
    func assignPendingCallbacks(now: Date) async {
        do {
            let agents = try await storage.operatorAccounts().filter { $0.role == .agent }.map(\.name)
            let assigned = try await storage.assignCallbacks(agents: agents, now: now)
            if assigned > 0 { logger.info("call-backs assigned", metadata: ["count": "\(assigned)", "agents": "\(agents.count)"]) }
        } catch {
            logger.warning("call-back assignment failed", metadata: ["error": "\(error)"])
        }
    }

    /// The call-back routes (managers and agents; reassignment is for managers).
    func addCallbackRoutes(to dashboard: RouteRecorder) {
        dashboard.get("/callbacks", answers: [200, 303]) { try await self.callbacksPage($0, $1) }
        dashboard.get("/callbacks/{id}", answers: [200, 303, 404]) { _, context in
            try await self.callbackPage(id: context.parameters.get("id") ?? "", context, message: nil)
        }
        dashboard.post("/callbacks/{id}/attempts", answers: [303, 400, 403, 404, 409, 413, 415]) { try await self.recordAttempt($0, $1) }
        dashboard.post("/callbacks/{id}/assign", answers: [303, 400, 403, 404, 409, 413, 415]) { try await self.reassign($0, $1) }
    }

    /// `GET /dashboard/callbacks[?office=ID][&closed=1][&all=1]`: agents see their own by default.
    func callbacksPage(_ request: Request, _ context: CentralRequestContext) async throws -> Response {
        let session = try context.requireOperator()
        let now = context.now
        await assignPendingCallbacks(now: now)
        let office = request.query("office").flatMap { Identifier.isValid($0) ? $0 : nil }
        let showClosed = request.query("closed") == "1"
        let mineOnly = session.role == .agent && request.query("all") != "1"
        let listed = try await storage.callbacks(CallbackFilter(
            officeId: office, openOnly: !showClosed, openedSince: showClosed ? now.addingTimeInterval(-30 * 86_400) : nil,
            assignedTo: mineOnly ? session.operatorName : nil, limit: 500))
        let recent = try await storage.callbacks(CallbackFilter(
            officeId: office, openOnly: false, openedSince: now.addingTimeInterval(-30 * 86_400), limit: 200_000))
        let summary = CallbackRules.summary(recent, at: now, policy: policy)
        let offices = try await board.configurations(now: now)
        let rows = listed.map { callback -> HTML in
            """
            <tr data-callback="\(callback.opening.id)"><td><a href="/dashboard/callbacks/\(pathSegment: callback.opening.id)">\(callback.opening.label)</a></td>\
            <td>\(Self.officeName(callback.officeId, offices))</td><td>\(Self.serviceName(callback, offices))</td>\
            \(Self.cell(String(callback.opening.score), kpi: "score"))\
            <td>\(Format.time(callback.opening.openedAt, in: Self.zone, withDate: true))</td>\
            <td data-kpi="deadline">\(Self.stateBadge(callback, now: now))</td>\
            <td data-kpi="contact">\(callback.hasContact ? "Sí" : "<span class=\"muted\">no dejó</span>" as HTML)</td>\
            <td data-kpi="assigned">\(callback.assignedTo ?? "—")</td>\
            \(Self.cell(String(callback.attempts.count), kpi: "attempts"))</tr>
            """
        }.joined()
        let officeQuery: HTML = office.map { "office=\(pathSegment: $0)&" } ?? .empty
        var toggles: HTML = showClosed
            ? "<a href=\"/dashboard/callbacks?\(officeQuery)\">Ver solo abiertas</a>"
            : "<a href=\"/dashboard/callbacks?\(officeQuery)closed=1\">Ver también cerradas (30 días)</a>"
        if session.role == .agent {
            toggles += mineOnly
                ? " · <a href=\"/dashboard/callbacks?\(officeQuery)all=1\">Ver las de todo el equipo</a>"
                : " · <a href=\"/dashboard/callbacks?\(officeQuery)\">Ver solo las mías</a>"
        }
        let reasonBars = policy.reasons.map { SVGChart.Bar(label: String($0.name.prefix(12)), value: Double(summary.reasons[$0.code] ?? 0), severity: nil) }
        let target = policy.effectiveContactTarget
        let rules = Self.ratingRulesText(office.map { offices[$0].map { [$0] } ?? [] } ?? Array(offices.values))
        let scope: HTML = office.map { " · oficina \(Self.officeName($0, offices))" } ?? .empty
        let mine: HTML = mineOnly ? " · asignadas a usted" : .empty
        let body: HTML = """
            <h1>Llamadas a detractores</h1>
            <p class="sub">\(rules) Ordenadas por plazo\(scope)\(mine). \(toggles)</p>
            <div class="tiles">
            \(Self.tile("Abiertas", String(summary.open), kpi: "callbacks-open", note: "con teléfono para llamar"))
            \(Self.tile("Vencidas", String(summary.overdue), kpi: "callbacks-overdue", severity: summary.overdue == 0 ? "ok" : "bad"))
            \(Self.tile("Contacto efectivo (30 d)", Format.percent(summary.effectiveContactRate), kpi: "effective-contact",
                note: "\(SVGChart.meter(summary.effectiveContactRate, target: target)) meta ≥ \(Format.percent(target)) · \(summary.reached) de \(summary.reached + summary.notContacted)",
                severity: summary.effectiveContactRate.map { $0 >= target ? "ok" : "bad" }))
            \(Self.tile("Plazos cumplidos (30 d)", Format.percent(summary.deadlinesMet), kpi: "deadlines-met", note: "\(summary.closedInTime) a tiempo"))
            \(Self.tile("Reversión (30 d)", Format.percent(summary.reversalRate), kpi: "reversal-rate",
                note: "segunda encuesta ≥ \(policy.reversalMinimumScore) · \(summary.surveys) respondidas"))
            \(Self.tile("No contactados", String(summary.notContacted), kpi: "not-contacted", note: "tras \(policy.failedAttemptsToClose) intentos fallidos"))
            \(Self.tile("Sin datos de contacto", String(summary.withoutContact), kpi: "without-contact", note: "no dejaron teléfono: se cuentan aparte"))
            </div>
            <div class="charts"><div class="chart"><h3>Motivos de la baja calificación (30 días)</h3>\(SVGChart.bars(reasonBars, unit: "llamadas", title: "Motivos"))</div></div>
            <h2>\(showClosed ? "Todas" : "Abiertas")</h2>
            <table><thead><tr><th>Turno</th><th>Oficina</th><th>Servicio</th><th>Calificación</th><th>Abierta</th><th>Estado</th><th>Contacto</th><th>Asignada a</th><th>Intentos</th></tr></thead>
            <tbody>\(rows.isEmpty ? "<tr><td colspan=\"9\" class=\"muted\">No hay llamadas pendientes.</td></tr>" : rows)</tbody></table>
            """
        return Page(title: "Llamadas a detractores", body: body, navigation: Page.navigation(session), refresh: 30).response()
    }

    /// The state column: the outcome when closed, else the time left or overdue.
    static func stateBadge(_ callback: CallbackRecord, now: Date) -> HTML {
        if let outcome = callback.outcome {
            return "<span class=\"badge \(callback.metDeadline ? "ok" : "warn")\">\(outcomeLabel(outcome))</span>"
        }
        guard callback.hasContact else { return "<span class=\"badge unknown\">sin datos de contacto</span>" }
        let left = callback.opening.deadline.timeIntervalSince(now)
        if left < 0 { return "<span class=\"badge bad\">vencida hace \(Format.duration(-left))</span>" }
        return "<span class=\"badge \(left < 4 * 3600 ? "warn" : "ok")\">quedan \(Format.duration(left))</span>"
    }

    /// "Cada calificación ≤ 6 abre una llamada con plazo de 24 h", from the offices' own rules.
    static func ratingRulesText(_ configurations: [OfficeConfiguration]) -> String {
        let rules = Set(configurations.map { "\($0.rating.detractorMaxScore)/\($0.rating.callbackHours)" })
        guard rules.count == 1, let rating = configurations.first?.rating else {
            return rules.isEmpty
                ? "Cada calificación de detractor abre una llamada con el plazo de su oficina."
                : "Cada calificación de detractor abre una llamada; umbral y plazo según la oficina."
        }
        return "Cada calificación ≤ \(rating.detractorMaxScore) abre una llamada con plazo de \(rating.callbackHours) h."
    }

    static func officeName(_ id: String, _ offices: [String: OfficeConfiguration]) -> String {
        offices[id]?.officeName ?? id
    }

    static func serviceName(_ callback: CallbackRecord, _ offices: [String: OfficeConfiguration]) -> String {
        offices[callback.officeId]?.service(ServiceCode(callback.opening.service))?.name.es ?? callback.opening.service
    }

    static func outcomeLabel(_ outcome: CallbackOutcome) -> String {
        switch outcome {
        case .contacted: "contactado"
        case .notContacted: "no contactado"
        case .resolved: "resuelto en el primer contacto"
        case .escalated: "escalado"
        case .technicalVisit: "visita técnica"
        }
    }

    static func resultLabel(_ result: CallbackAttemptResult) -> String {
        switch result {
        case .contacted: "Contactado"
        case .noAnswer: "No contestó / número equivocado"
        }
    }
}
