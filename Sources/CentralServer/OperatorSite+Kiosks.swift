import Foundation
import Hummingbird
import Logging
import SyncProtocol

// The managers' kiosk page: every kiosk's key and enrollment, events declared lost (gaps after
// a restore from an older backup), and revocation.
extension OperatorSite {
    /// The kiosk routes (managers).
    func addKioskRoutes(to managers: RouteRecorder) {
        managers.get("/kiosks", answers: [200, 303, 403]) { _, context in try await self.kiosksPage(context) }
        managers.post("/kiosks/{kiosk_id}/revoke", answers: [303, 400, 403, 404, 413, 415]) { _, context in
            try await self.revokeKiosk(context)
        }
    }

    /// `GET /dashboard/kiosks`.
    func kiosksPage(_ context: CentralRequestContext) async throws -> Response {
        let session = try context.requireOperator()
        let kiosks = try await storage.kioskEnrollments()
        var lostByKiosk: [String: Int64] = [:]
        var rangesByKiosk: [String: [String]] = [:]
        for gap in try await storage.streamGaps(kioskId: nil) {
            lostByKiosk[gap.kioskId, default: 0] += gap.count
            rangesByKiosk[gap.kioskId, default: []].append("\(gap.fromSeq)–\(gap.toSeq)")
        }
        let rows = kiosks.map { kiosk -> HTML in
            let lost = lostByKiosk[kiosk.kioskId] ?? 0
            let lostCell: HTML = lost == 0
                ? "<td data-kpi=\"lost-events\">0</td>"
                : "<td data-kpi=\"lost-events\"><span class=\"badge bad\">\(lost)</span> <span class=\"muted\">seq \(rangesByKiosk[kiosk.kioskId, default: []].joined(separator: ", "))</span></td>"
            let key: HTML = kiosk.keyFingerprint == "hmac"
                ? "<span class=\"badge warn\">secreto compartido</span> <span class=\"muted\">turnero sync rekey</span>"
                : "<code>\(kiosk.keyFingerprint)</code>"
            let state: HTML
            let action: HTML
            if let revoked = kiosk.revokedAt {
                state = "<span class=\"badge bad\">revocado \(Format.time(revoked, in: Self.zone, withDate: true))</span>"
                action = "<span class=\"muted\">puede inscribirse de nuevo</span>"
            } else {
                state = "<span class=\"badge ok\">activo</span>"
                action = """
                    <form method="post" action="/dashboard/kiosks/\(pathSegment: kiosk.kioskId)/revoke">\
                    <input type="hidden" name="csrf" value="\(session.csrfToken)">\
                    <button type="submit">Revocar</button></form>
                    """
            }
            return """
                <tr data-kiosk="\(kiosk.kioskId)"><td>\(kiosk.kioskId)</td><td>\(kiosk.officeId)</td>\
                <td>\(key)</td><td>\(Format.time(kiosk.enrolledAt, in: Self.zone, withDate: true))</td>\
                <td data-kpi="kiosk-state">\(state)</td>\(lostCell)<td>\(action)</td></tr>
                """
        }.joined()
        let total = lostByKiosk.values.reduce(0, +)
        let body: HTML = """
            <h1>Kioscos</h1>
            <p class="sub">Clave con la que firma cada kiosco, inscripción y eventos perdidos: eventos que el kiosco ya había \
            borrado cuando el centro se restauró desde una copia anterior (<span data-kpi="lost-events-total">\(total)</span> en total).</p>
            <table><thead><tr><th>Kiosco</th><th>Oficina</th><th>Clave</th><th>Inscrito</th><th>Estado</th>\
            <th>Eventos perdidos</th><th></th></tr></thead>
            <tbody>\(rows.isEmpty ? "<tr><td colspan=\"7\" class=\"muted\">Sin kioscos.</td></tr>" : rows)</tbody></table>
            """
        return Page(title: "Kioscos", body: body, navigation: Page.navigation(session)).response()
    }

    /// `POST /dashboard/kiosks/{kiosk_id}/revoke` (managers).
    func revokeKiosk(_ context: CentralRequestContext) async throws -> Response {
        let session = try context.requireOperator()
        let id = context.parameters.get("kiosk_id") ?? ""
        guard try await storage.revokeKiosk(kioskId: id, now: context.now) else {
            return Page(
                title: "No encontrado", body: "<h1>No encontrado</h1><p>No hay un kiosco activo con ese nombre.</p>",
                navigation: Page.navigation(session)
            ).response(status: .notFound)
        }
        logger.notice("kiosk revoked", metadata: ["kiosk": "\(id)", "operator": "\(session.operatorName)"])
        return .seeOther( "/dashboard/kiosks")
    }
}
