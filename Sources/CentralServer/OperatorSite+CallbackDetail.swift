import Foundation
import Hummingbird
import Logging
import SyncProtocol
import TurneroCore

// One call-back: the customer's number (in full only for the agent it is assigned to), its
// attempts, the attempt form with the procedure's closure, and a manager's reassignment.
extension OperatorSite {
    /// `GET /dashboard/callbacks/{id}` (also the answer to a refused form, with `message`).
    func callbackPage(
        id: String, _ context: CentralRequestContext, message: String?, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let session = try context.requireOperator()
        guard id.utf8.count <= 64, let callback = try await storage.callback(id: id) else {
            return Page(
                title: "Llamada desconocida", body: "<h1>Llamada desconocida</h1><p><a href=\"/dashboard/callbacks\">Volver</a></p>",
                navigation: Page.navigation(session)
            ).response(status: .notFound)
        }
        let offices = try await board.configurations(now: context.now)
        let opening = callback.opening
        let attempts = callback.attempts.map { attempt -> HTML in
            """
            <tr><td>\(attempt.number)</td><td>\(Format.time(attempt.at, in: Self.zone, withDate: true))</td><td>\(attempt.agent)</td>\
            <td>\(Self.resultLabel(attempt.result))</td><td style="text-align:left;white-space:normal">\(attempt.note ?? "")</td></tr>
            """
        }.joined()
        let state = callback.outcome.map { closure(callback, outcome: $0) } ?? attemptForm(callback, session: session)
        let notice: HTML = message.map { "<p class=\"error\" role=\"alert\">\($0)</p>" } ?? .empty
        let body: HTML = """
            <h1>Llamada \(opening.label) · \(Self.officeName(callback.officeId, offices))</h1>
            <p class="sub">Servicio \(Self.serviceName(callback, offices)) · calificación <strong>\(opening.score)</strong> · abierta \(Format.time(opening.openedAt, in: Self.zone, withDate: true)) · plazo \(Format.time(opening.deadline, in: Self.zone, withDate: true))</p>
            \(notice)\(contactParagraph(callback, session: session))\(assignment(callback, session: session))\(state)
            <h2>Intentos</h2><table><thead><tr><th>#</th><th>Cuándo</th><th>Agente</th><th>Resultado</th><th style="text-align:left">Nota</th></tr></thead>
            <tbody>\(attempts.isEmpty ? "<tr><td colspan=\"5\" class=\"muted\">Ninguno todavía.</td></tr>" : attempts)</tbody></table>
            <p><a href="/dashboard/callbacks">← Todas las llamadas</a></p>
            """
        return Page(title: "Llamada \(opening.label)", body: body, navigation: Page.navigation(session)).response(status: status)
    }

    /// How a closed call-back ended.
    private func closure(_ callback: CallbackRecord, outcome: CallbackOutcome) -> HTML {
        var details = HTML.empty
        if let reason = callback.reason {
            let note: HTML = callback.reasonNote.map { " — \($0)" } ?? .empty
            details += "<p>Motivo: <strong data-kpi=\"reason\">\(policy.reasonName(reason))</strong>\(note)</p>"
        }
        if let area = callback.area { details += "<p>Escalado a: <strong data-kpi=\"area\">\(policy.areaName(area))</strong></p>" }
        if let survey = callback.secondSurvey { details += "<p>Calificación de la llamada: <strong data-kpi=\"second-survey\">\(survey)</strong></p>" }
        let known = callback.kioskClosedAt == nil
            ? "La oficina recibirá el cierre con la próxima sincronización." : "La oficina ya registró el cierre."
        return """
            <p>Cerrada: <strong data-kpi="outcome">\(Self.outcomeLabel(outcome))</strong> el \(Format.time(callback.closedAt, in: Self.zone, withDate: true)) \
            (\(callback.closedBy ?? ""))\(callback.metDeadline ? ", dentro del plazo" : ", fuera del plazo").</p>\(details)
            <p class="muted" data-kpi="kiosk-knows">\(known)</p>
            """
    }

    /// The number in full only for the agent the call-back is assigned to; masked for everyone else.
    func contactParagraph(_ callback: CallbackRecord, session: OperatorSession) -> HTML {
        if let phone = callback.contactPhone {
            let consent: HTML = "autorizado por el cliente el \(Format.time(callback.phoneConsentAt, in: Self.zone, withDate: true)) (Ley 1581 de 2012)"
            if callback.assignedTo == session.operatorName {
                let kind = phone.kind == .mobile ? "celular" : "fijo"
                return "<p>Teléfono (\(kind)): <strong data-kpi=\"phone\">\(phone.formatted)</strong> (<a href=\"tel:\(phone.international)\">llamar</a>) · \(consent)</p>"
            }
            let holder: HTML = callback.assignedTo.map { "solo \($0), a quien está asignada, lo ve completo" } ?? "se ve completo al asignarla"
            return "<p>Teléfono: <strong data-kpi=\"phone\">\(phone.masked)</strong> · \(consent) · \(holder).</p>"
        }
        if let erased = callback.phoneErasedAt {
            return "<p class=\"muted\" data-kpi=\"phone\">Número borrado el \(Format.time(erased, in: Self.zone, withDate: true)) (retención de \(policy.contactRetentionDays) días tras el cierre).</p>"
        }
        if callback.contactGiven {
            return "<p class=\"muted\" data-kpi=\"phone\">El cliente dejó un número; llega con la próxima sincronización del kiosco.</p>"
        }
        return "<p class=\"muted\" data-kpi=\"phone\">El cliente no dejó teléfono ni autorizó una llamada: esta llamada se cuenta aparte.</p>"
    }

    /// Who works it, and for a manager a form to give it to someone else.
    func assignment(_ callback: CallbackRecord, session: OperatorSession) -> HTML {
        let current: HTML = "<p>Asignada a: <strong data-kpi=\"assigned\">\(callback.assignedTo ?? "nadie todavía")</strong></p>"
        guard session.role == .manager, callback.isOpen else { return current }
        return current + """
            <form class="card" method="post" action="/dashboard/callbacks/\(pathSegment: callback.opening.id)/assign">
            <input type="hidden" name="csrf" value="\(session.csrfToken)">
            <label for="agent">Reasignar a (usuario)</label><input type="text" id="agent" name="agent" maxlength="64" required autocomplete="off">
            <button class="primary" type="submit">Reasignar</button></form>
            """
    }

    private func attemptForm(_ callback: CallbackRecord, session: OperatorSession) -> HTML {
        guard callback.hasContact else { return .empty }
        func options(_ choices: [CallbackPolicy.Choice]) -> HTML {
            choices.map { choice -> HTML in "<option value=\"\(choice.code)\">\(choice.name)</option>" }.joined()
        }
        let results = CallbackAttemptResult.allCases.map { result -> HTML in
            "<label><input type=\"radio\" name=\"result\" value=\"\(result.rawValue)\" required> \(Self.resultLabel(result))</label>"
        }.joined()
        let outcomes: [(CallbackOutcome, String)] = [
            (.resolved, "Resuelto en el primer contacto"), (.escalated, "Escalado a un área"), (.technicalVisit, "Visita técnica"),
        ]
        let outcomeChoices = outcomes.map { outcome, label -> HTML in
            "<label><input type=\"radio\" name=\"outcome\" value=\"\(outcome.rawValue)\"> \(label)</label>"
        }.joined()
        let scores = (1...10).map { score -> HTML in "<option value=\"\(score)\">\(score)</option>" }.joined()
        let failedLeft = max(0, policy.failedAttemptsToClose - callback.failedAttempts)
        return """
            <form class="card" method="post" action="/dashboard/callbacks/\(pathSegment: callback.opening.id)/attempts">
            <input type="hidden" name="csrf" value="\(session.csrfToken)">
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
}
