import Foundation
import Logging
import SyncProtocol
import TurneroCore

// One call-back: the customer's number (in full only for the agent it is assigned to), its
// attempts, the attempt form with the procedure's closure, and a manager's reassignment.
extension OperatorSite {
    /// `GET /dashboard/callbacks/{id}`.
    func callbackPage(id: String, session: OperatorSession, message: String?, status: Int = 200, now: Date) async throws -> APIResponse {
        guard id.utf8.count <= 64, let callback = try await storage.callback(id: id) else {
            return Self.html(404, HTML.page(
                title: "Llamada desconocida", body: "<h1>Llamada desconocida</h1><p><a href=\"/dashboard/callbacks\">Volver</a></p>",
                navigation: navigation(session)))
        }
        let offices = try await board.configurations(now: now)
        let opening = callback.opening
        var attempts = ""
        for attempt in callback.attempts {
            attempts += "<tr><td>\(attempt.number)</td><td>\(HTML.time(attempt.at, in: Self.zone, withDate: true))</td><td>\(HTML.escape(attempt.agent))</td><td>\(HTML.escape(Self.resultLabel(attempt.result)))</td><td style=\"text-align:left;white-space:normal\">\(HTML.escape(attempt.note ?? ""))</td></tr>"
        }
        let state: String
        if let outcome = callback.outcome {
            var details = ""
            if let reason = callback.reason { details += "<p>Motivo: <strong data-kpi=\"reason\">\(HTML.escape(policy.reasonName(reason)))</strong>\(callback.reasonNote.map { " — \(HTML.escape($0))" } ?? "")</p>" }
            if let area = callback.area { details += "<p>Escalado a: <strong data-kpi=\"area\">\(HTML.escape(policy.areaName(area)))</strong></p>" }
            if let survey = callback.secondSurvey { details += "<p>Calificación de la llamada: <strong data-kpi=\"second-survey\">\(survey)</strong></p>" }
            state = """
                <p>Cerrada: <strong data-kpi="outcome">\(HTML.escape(Self.outcomeLabel(outcome)))</strong> el \(HTML.time(callback.closedAt, in: Self.zone, withDate: true)) \
                (\(HTML.escape(callback.closedBy ?? "")))\(callback.metDeadline ? ", dentro del plazo" : ", fuera del plazo").</p>\(details)
                <p class="muted" data-kpi="kiosk-knows">\(callback.kioskClosedAt == nil ? "La oficina recibirá el cierre con la próxima sincronización." : "La oficina ya registró el cierre.")</p>
                """
        } else {
            state = attemptForm(callback, session: session)
        }
        let notice = message.map { "<p class=\"error\" role=\"alert\">\(HTML.escape($0))</p>" } ?? ""
        let body = """
            <h1>Llamada \(HTML.escape(opening.label)) · \(HTML.escape(Self.officeName(callback.officeId, offices)))</h1>
            <p class="sub">Servicio \(HTML.escape(Self.serviceName(callback, offices))) · calificación <strong>\(opening.score)</strong> · abierta \(HTML.time(opening.openedAt, in: Self.zone, withDate: true)) · plazo \(HTML.time(opening.deadline, in: Self.zone, withDate: true))</p>
            \(notice)\(contactParagraph(callback, session: session))\(assignment(callback, session: session))\(state)
            <h2>Intentos</h2><table><thead><tr><th>#</th><th>Cuándo</th><th>Agente</th><th>Resultado</th><th style="text-align:left">Nota</th></tr></thead>
            <tbody>\(attempts.isEmpty ? "<tr><td colspan=\"5\" class=\"muted\">Ninguno todavía.</td></tr>" : attempts)</tbody></table>
            <p><a href="/dashboard/callbacks">← Todas las llamadas</a></p>
            """
        return Self.html(status, HTML.page(title: "Llamada \(opening.label)", body: body, navigation: navigation(session)))
    }

    /// The number in full only for the agent the call-back is assigned to; masked for everyone else.
    func contactParagraph(_ callback: CallbackRecord, session: OperatorSession) -> String {
        if let phone = callback.contactPhone {
            let consent = "autorizado por el cliente el \(HTML.time(callback.phoneConsentAt, in: Self.zone, withDate: true)) (Ley 1581 de 2012)"
            if callback.assignedTo == session.operatorName {
                let kind = phone.kind == .mobile ? "celular" : "fijo"
                return "<p>Teléfono (\(kind)): <strong data-kpi=\"phone\">\(phone.formatted)</strong> (<a href=\"tel:\(phone.international)\">llamar</a>) · \(consent)</p>"
            }
            let holder = callback.assignedTo.map { "solo \(HTML.escape($0)), a quien está asignada, lo ve completo" } ?? "se ve completo al asignarla"
            return "<p>Teléfono: <strong data-kpi=\"phone\">\(phone.masked)</strong> · \(consent) · \(holder).</p>"
        }
        if let erased = callback.phoneErasedAt {
            return "<p class=\"muted\" data-kpi=\"phone\">Número borrado el \(HTML.time(erased, in: Self.zone, withDate: true)) (retención de \(policy.contactRetentionDays) días tras el cierre).</p>"
        }
        if callback.contactGiven {
            return "<p class=\"muted\" data-kpi=\"phone\">El cliente dejó un número; llega con la próxima sincronización del kiosco.</p>"
        }
        return "<p class=\"muted\" data-kpi=\"phone\">El cliente no dejó teléfono ni autorizó una llamada: esta llamada se cuenta aparte.</p>"
    }

    /// Who works it, and for a manager a form to give it to someone else.
    func assignment(_ callback: CallbackRecord, session: OperatorSession) -> String {
        let current = "<p>Asignada a: <strong data-kpi=\"assigned\">\(HTML.escape(callback.assignedTo ?? "nadie todavía"))</strong></p>"
        guard session.role == .manager, callback.isOpen else { return current }
        return current + """
            <form class="card" method="post" action="/dashboard/callbacks/\(FormData.encode(callback.opening.id))/assign">
            <input type="hidden" name="csrf" value="\(HTML.escape(session.csrfToken))">
            <label for="agent">Reasignar a (usuario)</label><input type="text" id="agent" name="agent" maxlength="64" required autocomplete="off">
            <button class="primary" type="submit">Reasignar</button></form>
            """
    }

    private func attemptForm(_ callback: CallbackRecord, session: OperatorSession) -> String {
        guard callback.hasContact else { return "" }
        func options(_ choices: [CallbackPolicy.Choice]) -> String {
            choices.map { "<option value=\"\(HTML.escape($0.code))\">\(HTML.escape($0.name))</option>" }.joined()
        }
        let results = CallbackAttemptResult.allCases.map { result in
            "<label><input type=\"radio\" name=\"result\" value=\"\(result.rawValue)\" required> \(HTML.escape(Self.resultLabel(result)))</label>"
        }.joined()
        let outcomes: [(CallbackOutcome, String)] = [
            (.resolved, "Resuelto en el primer contacto"), (.escalated, "Escalado a un área"), (.technicalVisit, "Visita técnica"),
        ]
        let outcomeChoices = outcomes.map { "<label><input type=\"radio\" name=\"outcome\" value=\"\($0.0.rawValue)\"> \(HTML.escape($0.1))</label>" }.joined()
        let scores = (1...10).map { "<option value=\"\($0)\">\($0)</option>" }.joined()
        let failedLeft = max(0, policy.failedAttemptsToClose - callback.failedAttempts)
        return """
            <form class="card" method="post" action="/dashboard/callbacks/\(FormData.encode(callback.opening.id))/attempts">
            <input type="hidden" name="csrf" value="\(HTML.escape(session.csrfToken))">
            <label>Resultado del intento \(callback.attempts.count + 1)</label><div class="choices">\(results)</div>
            <fieldset><legend>Si contactó al cliente</legend>
            <label for="reason">Motivo de la baja calificación</label><select id="reason" name="reason"><option value="">—</option>\(options(policy.reasons))</select>
            <label for="reason_note">Detalle del motivo</label><textarea id="reason_note" name="reason_note" maxlength="500" rows="2"></textarea>
            <label>Cómo terminó</label><div class="choices">\(outcomeChoices)</div>
            <label for="area">Área (si se escaló)</label><select id="area" name="area"><option value="">—</option>\(options(policy.areas))</select>
            <label for="second_survey">Al final: «¿Cómo califica esta llamada, de 1 a 10?»</label>
            <select id="second_survey" name="second_survey"><option value="">No respondió</option>\(scores)</select></fieldset>
            <label for="note">Nota</label><textarea id="note" name="note" maxlength="500" rows="3"></textarea>
            <button class="primary" type="submit">Registrar intento</button>
            <p class="muted">Quedan \(failedLeft) intentos fallidos antes de cerrarla como «no contactado».</p></form>
            """
    }

    /// `POST /dashboard/callbacks/{id}/attempts` (CSRF-checked by the caller).
    func recordAttempt(id: String, form: [String: String], session: OperatorSession, now: Date) async throws -> APIResponse {
        guard let result = form["result"].flatMap(CallbackAttemptResult.init(rawValue:)) else {
            return try await callbackPage(id: id, session: session, message: "Elija el resultado del intento.", status: 400, now: now)
        }
        func text(_ name: String) -> String? {
            form[name].map { String($0.trimmingCharacters(in: .whitespacesAndNewlines).prefix(500)) }.flatMap { $0.isEmpty ? nil : $0 }
        }
        var closure: CallbackClosureInput?
        if result == .contacted {
            guard let outcome = text("outcome").flatMap(CallbackOutcome.init(rawValue:)) else {
                return try await callbackPage(id: id, session: session, message: "Elija cómo terminó la llamada.", status: 400, now: now)
            }
            var survey: Int?
            if let typed = text("second_survey") {
                guard let score = Int(typed), (1...10).contains(score) else {
                    return try await callbackPage(id: id, session: session, message: "La calificación de la llamada va de 1 a 10.", status: 400, now: now)
                }
                survey = score
            }
            closure = CallbackClosureInput(
                reason: text("reason") ?? "", reasonNote: text("reason_note"), outcome: outcome,
                area: outcome == .escalated ? text("area") : nil, secondSurvey: survey)
        }
        let attempt = CallbackAttemptInput(agent: session.operatorName, result: result, note: text("note"), closure: closure)
        switch try await storage.recordCallbackAttempt(id: id, attempt, policy: policy, byManager: session.role == .manager, now: now) {
        case .notFound:
            return try await callbackPage(id: id, session: session, message: nil, now: now)
        case .alreadyClosed:
            return try await callbackPage(id: id, session: session, message: "La llamada ya estaba cerrada; no se registró nada.", status: 409, now: now)
        case .refused(let why):
            return try await callbackPage(id: id, session: session, message: why, status: 400, now: now)
        case .recorded(let record):
            // Never the number, the notes or the reason's detail: they are personal data.
            logger.info("call-back attempt recorded", metadata: [
                "callback": "\(id)", "office": "\(record.officeId)", "agent": "\(session.operatorName)",
                "result": "\(result.rawValue)", "outcome": "\(record.outcome?.rawValue ?? "open")",
            ])
            return Self.redirect("/dashboard/callbacks/\(FormData.encode(id))")
        }
    }

    /// `POST /dashboard/callbacks/{id}/assign` (managers; CSRF-checked by the caller).
    func reassign(id: String, form: [String: String], session: OperatorSession, now: Date) async throws -> APIResponse {
        guard session.role == .manager else { return forbidden(session) }
        let agent = (form["agent"] ?? "").trimmingCharacters(in: .whitespaces)
        guard Identifier.isValid(agent), try await storage.operatorAccount(name: agent) != nil else {
            return try await callbackPage(id: id, session: session, message: "No hay un usuario «\(agent.prefix(64))».", status: 400, now: now)
        }
        guard try await storage.reassignCallback(id: id, to: agent, now: now) else {
            return try await callbackPage(id: id, session: session, message: "Solo se reasignan llamadas abiertas.", status: 409, now: now)
        }
        logger.notice("call-back reassigned", metadata: ["callback": "\(id)", "to": "\(agent)", "by": "\(session.operatorName)"])
        return Self.redirect("/dashboard/callbacks/\(FormData.encode(id))")
    }
}
