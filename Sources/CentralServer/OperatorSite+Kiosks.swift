import Foundation
import Logging
import SyncProtocol

// The managers' kiosk page: every kiosk's key and enrollment, events declared lost (gaps after
// a restore from an older backup), and revocation.
extension OperatorSite {
    /// `GET /dashboard/kiosks`.
    func kiosksPage(session: OperatorSession, message: String?, now: Date) async throws -> APIResponse {
        let kiosks = try await storage.kioskEnrollments()
        let gaps = try await storage.streamGaps(kioskId: nil)
        let zone = TimeZone(identifier: "America/Bogota")!
        var lostByKiosk: [String: Int64] = [:]
        var rangesByKiosk: [String: [String]] = [:]
        for gap in gaps {
            lostByKiosk[gap.kioskId, default: 0] += gap.count
            rangesByKiosk[gap.kioskId, default: []].append("\(gap.fromSeq)–\(gap.toSeq)")
        }
        var rows = ""
        for kiosk in kiosks {
            let lost = lostByKiosk[kiosk.kioskId] ?? 0
            let lostCell = lost == 0
                ? "<td data-kpi=\"lost-events\">0</td>"
                : "<td data-kpi=\"lost-events\"><span class=\"badge bad\">\(lost)</span> <span class=\"muted\">seq \(HTML.escape(rangesByKiosk[kiosk.kioskId, default: []].joined(separator: ", ")))</span></td>"
            let key = kiosk.keyFingerprint == "hmac"
                ? "<span class=\"badge warn\">secreto compartido</span> <span class=\"muted\">turnero sync rekey</span>"
                : "<code>\(HTML.escape(kiosk.keyFingerprint))</code>"
            let state: String
            let action: String
            if let revoked = kiosk.revokedAt {
                state = "<span class=\"badge bad\">revocado \(HTML.time(revoked, in: zone, withDate: true))</span>"
                action = "<span class=\"muted\">puede inscribirse de nuevo</span>"
            } else {
                state = "<span class=\"badge ok\">activo</span>"
                action = """
                    <form method="post" action="/dashboard/kiosks/\(HTML.escape(FormData.encode(kiosk.kioskId)))/revoke">\
                    <input type="hidden" name="csrf" value="\(HTML.escape(session.csrfToken))">\
                    <button type="submit">Revocar</button></form>
                    """
            }
            rows += """
                <tr data-kiosk="\(HTML.escape(kiosk.kioskId))"><td>\(HTML.escape(kiosk.kioskId))</td><td>\(HTML.escape(kiosk.officeId))</td>\
                <td>\(key)</td><td>\(HTML.time(kiosk.enrolledAt, in: zone, withDate: true))</td>\
                <td data-kpi="kiosk-state">\(state)</td>\(lostCell)<td>\(action)</td></tr>
                """
        }
        let total = lostByKiosk.values.reduce(0, +)
        let notice = message.map { "<p class=\"notice\">\(HTML.escape($0))</p>" } ?? ""
        let body = """
            <h1>Kioscos</h1>\(notice)
            <p class="sub">Clave con la que firma cada kiosco, inscripción y eventos perdidos: eventos que el kiosco ya había \
            borrado cuando el centro se restauró desde una copia anterior (<span data-kpi="lost-events-total">\(total)</span> en total).</p>
            <table><thead><tr><th>Kiosco</th><th>Oficina</th><th>Clave</th><th>Inscrito</th><th>Estado</th>\
            <th>Eventos perdidos</th><th></th></tr></thead>
            <tbody>\(rows.isEmpty ? "<tr><td colspan=\"7\" class=\"muted\">Sin kioscos.</td></tr>" : rows)</tbody></table>
            """
        return Self.html(200, HTML.page(title: "Kioscos", body: body, navigation: navigation(session)))
    }

    /// `POST /dashboard/kiosks/{id}/revoke` (manager, CSRF checked by the caller).
    func revokeKiosk(id: String, session: OperatorSession, now: Date) async throws -> APIResponse {
        guard try await storage.revokeKiosk(kioskId: id, now: now) else {
            return Self.html(404, HTML.page(
                title: "No encontrado", body: "<h1>No encontrado</h1><p>No hay un kiosco activo con ese nombre.</p>",
                navigation: navigation(session)))
        }
        logger.notice("kiosk revoked", metadata: ["kiosk": "\(id)", "operator": "\(session.operatorName)"])
        return Self.redirect("/dashboard/kiosks")
    }
}
