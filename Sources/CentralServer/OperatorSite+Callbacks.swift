import Foundation
import Logging
import SyncProtocol
import TurneroCore

// The detractor call-back work list: open call-backs by deadline, attempts and outcomes.
extension OperatorSite {
    static let zone = TimeZone(identifier: "America/Bogota")!

    /// `GET /dashboard/callbacks[?office=ID][&closed=1]`.
    func callbacksPage(_ request: APIRequest, session: OperatorSession, now: Date) async throws -> APIResponse {
        let query = FormData.query(of: request.target)
        let office = query["office"].flatMap { Identifier.isValid($0) ? $0 : nil }
        let showClosed = query["closed"] == "1"
        let listed = try await storage.callbacks(CallbackFilter(
            officeId: office, openOnly: !showClosed, openedSince: showClosed ? now.addingTimeInterval(-30 * 86_400) : nil,
            limit: 500))
        let recent = try await storage.callbacks(CallbackFilter(
            officeId: office, openOnly: false, openedSince: now.addingTimeInterval(-30 * 86_400), limit: 200_000))
        let summary = CallbackRules.summary(recent, at: now)
        var rows = ""
        for callback in listed {
            let left = callback.opening.deadline.timeIntervalSince(now)
            let deadline: String
            if let outcome = callback.outcome {
                deadline = "<span class=\"badge \(callback.metDeadline ? "ok" : "warn")\">\(Self.outcomeLabel(outcome))</span>"
            } else if left < 0 {
                deadline = "<span class=\"badge bad\">vencida hace \(HTML.duration(-left))</span>"
            } else {
                deadline = "<span class=\"badge \(left < 4 * 3600 ? "warn" : "ok")\">quedan \(HTML.duration(left))</span>"
            }
            rows += """
                <tr data-callback="\(HTML.escape(callback.opening.id))"><td><a href="/dashboard/callbacks/\(FormData.encode(callback.opening.id))">\(HTML.escape(callback.opening.label))</a></td>\
                <td>\(HTML.escape(callback.officeId))</td><td>\(HTML.escape(callback.opening.service))</td>\
                \(Self.cell(String(callback.opening.score), kpi: "score"))\
                <td>\(HTML.time(callback.opening.openedAt, in: Self.zone, withDate: true))</td>\
                <td>\(HTML.time(callback.opening.deadline, in: Self.zone, withDate: true))</td>\
                <td data-kpi="deadline">\(deadline)</td>\
                \(Self.cell(String(callback.attempts.count), kpi: "attempts"))</tr>
                """
        }
        let officeQuery = office.map { "office=\(FormData.encode($0))&" } ?? ""
        let toggle = showClosed
            ? "<a href=\"/dashboard/callbacks?\(officeQuery)\">Ver solo abiertas</a>"
            : "<a href=\"/dashboard/callbacks?\(officeQuery)closed=1\">Ver también cerradas (30 días)</a>"
        let body = """
            <h1>Llamadas a detractores</h1>
            <p class="sub">Cada calificación ≤ 6 abre una llamada con plazo de 24 h. Ordenadas por plazo\(office.map { " · oficina \(HTML.escape($0))" } ?? ""). \(toggle)</p>
            <div class="tiles">
            \(Self.tile("Abiertas", String(summary.open), kpi: "callbacks-open"))
            \(Self.tile("Vencidas", String(summary.overdue), kpi: "callbacks-overdue", severity: summary.overdue == 0 ? "ok" : "bad"))
            \(Self.tile("Contacto efectivo (30 d)", HTML.percent(summary.effectiveContactRate), kpi: "effective-contact",
                note: "\(SVGChart.meter(summary.effectiveContactRate, target: CallbackRules.effectiveContactTarget)) meta ≥ 80 %",
                severity: summary.effectiveContactRate.map { $0 >= CallbackRules.effectiveContactTarget ? "ok" : "bad" }))
            \(Self.tile("Plazos cumplidos (30 d)", HTML.percent(summary.deadlinesMet), kpi: "deadlines-met",
                note: "\(summary.closedInTime) a tiempo"))
            \(Self.tile("Sin contacto", String(summary.notContacted), kpi: "not-contacted", note: "tras \(CallbackRules.maxFailedAttempts) intentos fallidos"))
            </div><h2>\(showClosed ? "Todas" : "Abiertas")</h2>
            <table><thead><tr><th>Turno</th><th>Oficina</th><th>Servicio</th><th>Calificación</th><th>Abierta</th><th>Plazo</th><th>Estado</th><th>Intentos</th></tr></thead>
            <tbody>\(rows.isEmpty ? "<tr><td colspan=\"8\" class=\"muted\">No hay llamadas pendientes.</td></tr>" : rows)</tbody></table>
            """
        return Self.html(200, HTML.page(title: "Llamadas a detractores", body: body, navigation: navigation(session), refresh: 30))
    }

    static func outcomeLabel(_ outcome: CallbackOutcome) -> String {
        switch outcome {
        case .contacted: "contactado"
        case .notContacted: "sin contacto"
        case .resolved: "resuelto"
        }
    }

    static func resultLabel(_ result: CallbackAttemptResult) -> String {
        switch result {
        case .contacted: "Contactado"
        case .resolved: "Contactado y resuelto"
        case .noAnswer: "No contestó / número equivocado"
        }
    }

    /// `GET /dashboard/callbacks/{id}`: the call-back, its attempts, and the attempt form.
    func callbackPage(id: String, session: OperatorSession, message: String?, status: Int = 200, now: Date) async throws -> APIResponse {
        guard id.utf8.count <= 64, let callback = try await storage.callback(id: id) else {
            return Self.html(404, HTML.page(
                title: "Llamada desconocida", body: "<h1>Llamada desconocida</h1><p><a href=\"/dashboard/callbacks\">Volver</a></p>",
                navigation: navigation(session)))
        }
        let opening = callback.opening
        var attempts = ""
        for attempt in callback.attempts {
            attempts += "<tr><td>\(attempt.number)</td><td>\(HTML.time(attempt.at, in: Self.zone, withDate: true))</td><td>\(HTML.escape(attempt.agent))</td><td>\(HTML.escape(Self.resultLabel(attempt.result)))</td><td style=\"text-align:left;white-space:normal\">\(HTML.escape(attempt.note ?? ""))</td></tr>"
        }
        let phone = callback.phone.map {
            "<p>Teléfono (con consentimiento registrado por \(HTML.escape(callback.phoneConsentBy ?? "?")) el \(HTML.time(callback.phoneConsentAt, in: Self.zone, withDate: true))): <strong>\(HTML.escape($0))</strong></p>"
        } ?? "<p class=\"muted\">Sin teléfono registrado. Solo se guarda con el consentimiento del cliente.</p>"
        let state: String
        if let outcome = callback.outcome {
            state = "<p>Cerrada: <strong data-kpi=\"outcome\">\(Self.outcomeLabel(outcome))</strong> el \(HTML.time(callback.closedAt, in: Self.zone, withDate: true)) (\(HTML.escape(callback.closedBy ?? "")))\(callback.metDeadline ? ", dentro del plazo" : ", fuera del plazo").</p>"
        } else {
            let choices = CallbackAttemptResult.allCases.map { result in
                "<label><input type=\"radio\" name=\"result\" value=\"\(result.rawValue)\" required> \(HTML.escape(Self.resultLabel(result)))</label>"
            }.joined()
            state = """
                <form class="card" method="post" action="/dashboard/callbacks/\(FormData.encode(opening.id))/attempts">
                <input type="hidden" name="csrf" value="\(HTML.escape(session.csrfToken))">
                <label>Resultado del intento \(callback.attempts.count + 1)</label><div class="choices">\(choices)</div>
                <label for="phone">Teléfono del cliente (opcional)</label><input type="text" id="phone" name="phone" maxlength="20" inputmode="tel" autocomplete="off">
                <div class="choices"><label><input type="checkbox" name="consent" value="yes"> El cliente autorizó que se le llame a este número</label></div>
                <label for="note">Nota</label><textarea id="note" name="note" maxlength="500" rows="3"></textarea>
                <button class="primary" type="submit">Registrar intento</button>
                <p class="muted">El segundo intento fallido cierra la llamada como «sin contacto».</p></form>
                """
        }
        let notice = message.map { "<p class=\"error\" role=\"alert\">\(HTML.escape($0))</p>" } ?? ""
        let body = """
            <h1>Llamada \(HTML.escape(opening.label)) · \(HTML.escape(callback.officeId))</h1>
            <p class="sub">Servicio \(HTML.escape(opening.service)) · calificación <strong>\(opening.score)</strong> · abierta \(HTML.time(opening.openedAt, in: Self.zone, withDate: true)) · plazo \(HTML.time(opening.deadline, in: Self.zone, withDate: true))</p>
            \(notice)\(phone)\(state)
            <h2>Intentos</h2><table><thead><tr><th>#</th><th>Cuándo</th><th>Agente</th><th>Resultado</th><th style="text-align:left">Nota</th></tr></thead>
            <tbody>\(attempts.isEmpty ? "<tr><td colspan=\"5\" class=\"muted\">Ninguno todavía.</td></tr>" : attempts)</tbody></table>
            <p><a href="/dashboard/callbacks">← Todas las llamadas</a></p>
            """
        return Self.html(status, HTML.page(title: "Llamada \(opening.label)", body: body, navigation: navigation(session)))
    }

    /// `POST /dashboard/callbacks/{id}/attempts` (CSRF-checked by the caller).
    func recordAttempt(id: String, form: [String: String], session: OperatorSession, now: Date) async throws -> APIResponse {
        guard let result = form["result"].flatMap(CallbackAttemptResult.init(rawValue:)) else {
            return try await callbackPage(id: id, session: session, message: "Elija el resultado del intento.", status: 400, now: now)
        }
        let consent = form["consent"] == "yes"
        var phone: String?
        if let typed = form["phone"]?.trimmingCharacters(in: .whitespaces), !typed.isEmpty {
            guard let normalized = Self.normalizedPhone(typed) else {
                return try await callbackPage(id: id, session: session, message: "El teléfono no parece válido (7 a 15 dígitos).", status: 400, now: now)
            }
            guard consent else {
                return try await callbackPage(
                    id: id, session: session, message: "El teléfono solo se guarda si el cliente lo autorizó: marque el consentimiento o deje el campo vacío.",
                    status: 400, now: now)
            }
            phone = normalized
        }
        let note = form["note"].map { String($0.prefix(500)) }.flatMap { $0.isEmpty ? nil : $0 }
        let outcome = try await storage.recordCallbackAttempt(
            id: id, CallbackAttemptInput(agent: session.operatorName, result: result, note: note, phone: phone, phoneConsent: consent && phone != nil),
            now: now)
        switch outcome {
        case .notFound:
            return try await callbackPage(id: id, session: session, message: nil, now: now)
        case .alreadyClosed:
            return try await callbackPage(id: id, session: session, message: "La llamada ya estaba cerrada; no se registró nada.", status: 409, now: now)
        case .recorded(let record):
            // Never the phone or the note: they are personal data.
            logger.info("call-back attempt recorded", metadata: [
                "callback": "\(id)", "office": "\(record.officeId)", "agent": "\(session.operatorName)",
                "result": "\(result.rawValue)", "outcome": "\(record.outcome?.rawValue ?? "open")",
                "phone_recorded": "\(phone != nil)",
            ])
            return Self.redirect("/dashboard/callbacks/\(FormData.encode(id))")
        }
    }

    /// Digits with an optional leading `+`; spaces, dashes, dots and parentheses dropped.
    static func normalizedPhone(_ text: String) -> String? {
        var digits = ""
        for (index, character) in text.enumerated() {
            if character.isASCII, character.isNumber {
                digits.append(character)
            } else if character == "+" && index == 0 {
                digits.append(character)
            } else if !" -.()".contains(character) {
                return nil
            }
        }
        let count = digits.filter(\.isNumber).count
        return (7...15).contains(count) ? digits : nil
    }
}
