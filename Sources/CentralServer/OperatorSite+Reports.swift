import Foundation
import Logging
import SyncProtocol
import TurneroCore

// Daily and monthly KPI reports: CSV downloads from the dashboard, JSON from /v1/reports.
extension OperatorSite {
    /// A parsed report request.
    struct ReportQuery {
        var offices: [String]
        var period: KPIExport.Period
        var label: String
    }

    /// Reads `office` (an id or `all`) and `from`/`to` (daily) or `month` (monthly).
    func reportQuery(kind: String, _ query: [String: String], now: Date) async throws -> ReportQuery {
        let offices: [String]
        switch query["office"] {
        case nil, "", "all": offices = try await storage.officeIds()
        case let office?:
            guard Identifier.isValid(office) else { throw Refusal(400, ErrorCode.badRequest, "office must be an office id or 'all'") }
            offices = [office]
        }
        switch kind {
        case "daily":
            let today = LocalDay(containing: now, in: Self.zone)
            guard let from = LocalDay(rawValue: query["from"] ?? today.rawValue), let to = LocalDay(rawValue: query["to"] ?? from.rawValue),
                from <= to
            else { throw Refusal(400, ErrorCode.badRequest, "from and to must be days YYYY-MM-DD, from ≤ to") }
            let start = from.interval(in: TimeZone.gmt).start
            let end = to.interval(in: TimeZone.gmt).start
            guard end.timeIntervalSince(start) < Double(KPIExport.maxDays) * 86_400 else {
                throw Refusal(400, ErrorCode.badRequest, "at most \(KPIExport.maxDays) days per request")
            }
            return ReportQuery(offices: offices, period: .daily(from: from, to: to), label: "\(from.rawValue)_\(to.rawValue)")
        case "monthly":
            let text = query["month"] ?? String(LocalDay(containing: now, in: Self.zone).rawValue.prefix(7))
            let parts = text.split(separator: "-")
            guard text.utf8.count == 7, parts.count == 2, let year = Int(parts[0]), let month = Int(parts[1]),
                (2000...2100).contains(year), (1...12).contains(month)
            else { throw Refusal(400, ErrorCode.badRequest, "month must be YYYY-MM") }
            return ReportQuery(offices: offices, period: .monthly(year: year, month: month), label: text)
        default:
            throw Refusal(404, ErrorCode.notFound, "reports are daily or monthly")
        }
    }

    /// `GET /v1/reports/{daily|monthly}`: the report rows as JSON.
    func reportAPI(_ request: APIRequest, kind: String, now: Date) async throws -> APIResponse {
        guard kind == "daily" || kind == "monthly" else { throw Refusal(404, ErrorCode.notFound, "reports are daily or monthly") }
        let caller = try await apiOperator(request, now: now)
        let query = try await reportQuery(kind: kind, FormData.query(of: request.target), now: now)
        let rows = try await export.rows(offices: query.offices, period: query.period, now: now)
        logger.info("report served", metadata: ["operator": "\(caller.operatorName)", "kind": "\(kind)", "rows": "\(rows.count)"])
        return APIResponse(status: 200, headers: [("content-type", SyncPaths.json), ("cache-control", "no-store")], body: KPIExport.json(rows, kind: kind))
    }

    /// `GET /dashboard/reports/{daily|monthly}.csv`.
    func reportFile(_ request: APIRequest, file: String, now: Date) async throws -> APIResponse {
        let kind: String
        switch file {
        case "daily.csv": kind = "daily"
        case "monthly.csv": kind = "monthly"
        default: throw Refusal(404, ErrorCode.notFound, "no such report")
        }
        let query = try await reportQuery(kind: kind, FormData.query(of: request.target), now: now)
        let rows = try await export.rows(offices: query.offices, period: query.period, now: now)
        let office = query.offices.count == 1 ? query.offices[0] : "todas"
        return APIResponse(
            status: 200,
            headers: [
                ("content-type", "text/csv; charset=utf-8"), ("cache-control", "no-store"),
                ("content-disposition", "attachment; filename=\"turnero-\(kind)-\(office)-\(query.label).csv\""),
                ("x-content-type-options", "nosniff"),
            ],
            body: Array(KPIExport.csv(rows).utf8))
    }

    /// `GET /dashboard/reports`: the download forms.
    func reportsPage(session: OperatorSession, now: Date) async throws -> APIResponse {
        let offices = try await storage.officeIds()
        let names = try await board.configurations(now: now)
        let options = (["all"] + offices).map { office in
            "<option value=\"\(HTML.escape(office))\">\(office == "all" ? "Todas las oficinas" : HTML.escape(Self.officeName(office, names)))</option>"
        }.joined()
        let today = LocalDay(containing: now, in: Self.zone).rawValue
        let body = """
            <h1>Reportes de indicadores</h1>
            <p class="sub">Por oficina y servicio: una fila de total (servicio «*») y una por servicio. CSV para la planilla; \
            la misma información en JSON en <code>/v1/reports/daily</code> y <code>/v1/reports/monthly</code> \
            (con un token: <code>turnero-central user token create USUARIO</code>).</p>
            \(Self.definitions)
            <form class="card" method="get" action="/dashboard/reports/daily.csv"><h2>Diario</h2>
            <label for="office-d">Oficina</label><select id="office-d" name="office">\(options)</select>
            <label for="from">Desde</label><input type="date" id="from" name="from" value="\(today)">
            <label for="to">Hasta</label><input type="date" id="to" name="to" value="\(today)">
            <button class="primary" type="submit">Descargar CSV diario</button></form>
            <br><form class="card" method="get" action="/dashboard/reports/monthly.csv"><h2>Mensual</h2>
            <label for="office-m">Oficina</label><select id="office-m" name="office">\(options)</select>
            <label for="month">Mes</label><input type="month" id="month" name="month" value="\(today.prefix(7))">
            <button class="primary" type="submit">Descargar CSV mensual</button></form>
            """
        return Self.html(200, HTML.page(title: "Reportes", body: body, navigation: navigation(session)))
    }

    /// What each column means, on the page itself (a manager never has to open the repository).
    static let definitions = """
        <details class="card"><summary>Definiciones</summary><dl>
        <dt>Espera</dt><dd>Del ingreso a la fila (o de la transferencia) al primer llamado.</dd>
        <dt>Nivel de servicio</dt><dd>Llamados con espera dentro de la meta de su servicio ÷ (llamados + abandonos que esperaron más que esa meta). El total de la oficina suma los aciertos y los turnos juzgados de todos sus servicios.</dd>
        <dt>No presentados</dt><dd>Turnos no presentados ÷ turnos llamados.</dd>
        <dt>Abandono</dt><dd>(Abandonados + cancelados) ÷ emitidos.</dd>
        <dt>NPS</dt><dd>100 × (calificaciones 9–10 − calificaciones de detractor) ÷ calificaciones.</dd>
        <dt>Respuesta a la calificación</dt><dd>Calificaciones ÷ turnos atendidos.</dd>
        <dt>Llamadas a detractores</dt><dd>Abiertas por cada calificación de detractor; cumplidas a tiempo ÷ (cerradas + vencidas). Las de clientes que no dejaron teléfono se cuentan aparte. Cuentan los cierres hechos en la oficina y en el centro.</dd>
        <dt>Utilización</dt><dd>Tiempo atendiendo ÷ tiempo con módulos abiertos.</dd>
        </dl></details><br>
        """
}
