import Foundation
import Hummingbird
import Logging
import SyncProtocol

/// The operators' side of the centre: sign-in, the live dashboard, the call-back work list,
/// kiosks, reports, `/v1/reports` and `/metrics`. Server-rendered ``HTML`` pages without
/// script. Which routes need what is said once, in ``addRoutes(to:)``: every page but the
/// sign-in needs a session (``OperatorSessionMiddleware``), every form the session's CSRF token
/// (``CSRFMiddleware``), managers' pages the role (``RoleMiddleware``).
///
/// Holds nothing of its own between requests: sessions, one-time links and throttles are in
/// the database; the live board is a cache derived from it (at most `boardFreshness` old).
struct OperatorSite: Sendable {
    let storage: any CentralStorage
    let configuration: CentralConfiguration
    let logger: Logger
    let board: LiveBoard
    let metrics: CentralMetrics?
    let sessions: OperatorSessions
    /// Password sign-ins: failures per name and address, per address, and attempts overall.
    let signIns: SignInThrottle
    let export: KPIExport

    /// A form body's limit.
    static let formBytes = 16 * 1024

    init(storage: any CentralStorage, configuration: CentralConfiguration, logger: Logger, metrics: CentralMetrics?) {
        self.storage = storage
        self.configuration = configuration
        self.logger = logger
        self.metrics = metrics
        board = LiveBoard(
            storage: storage, logger: logger, metrics: metrics, freshness: configuration.boardFreshness,
            onlineWindow: configuration.onlineWindow, policy: configuration.callbackPolicy)
        sessions = OperatorSessions(
            storage: storage, lifetime: configuration.sessionLifetime, secureCookies: configuration.secureCookies)
        signIns = SignInThrottle(limits: configuration.signInThrottle, ledger: storage)
        export = KPIExport(storage: storage)
    }

    var policy: CallbackPolicy { configuration.callbackPolicy }

    /// The operators' routes, each with its middleware and the statuses it may answer.
    func addRoutes(to root: RouteRecorder) {
        let site = root.group("").add(middleware: SecurityHeadersMiddleware())
        site.get("/", answers: [303]) { _, _ in .seeOther( "/dashboard") }
        site.get("/login", answers: [200]) { request, _ in self.loginPage(request).response() }
        let forms = site.group("").add(middleware: BodyLimitMiddleware(maxBytes: Self.formBytes))
        forms.post("/login", answers: [303, 400, 401, 403, 413, 415, 429]) { try await self.login($0, $1) }
        forms.post("/logout", answers: [303, 400, 403, 413, 415]) { try await self.logout($0, $1) }
        root.publicPages("/login/link", name: "login-link", limit: configuration.loginLinkLimit, ledger: storage)
            .get("/{token}", answers: [303, 401]) { try await self.loginLink($0, $1) }

        let dashboard = site.group("/dashboard")
            .add(middleware: BodyLimitMiddleware(maxBytes: Self.formBytes))
            .add(middleware: OperatorSessionMiddleware(sessions: sessions))
            .add(middleware: CSRFMiddleware(logger: logger))
        dashboard.get(answers: [200, 303]) { try await self.groupPage($0, $1) }
        addCallbackRoutes(to: dashboard)
        addEscalationRoutes(to: dashboard)
        let managers = dashboard.group("").add(middleware: RoleMiddleware(role: .manager))
        managers.get("/offices/{office}", answers: [200, 303, 403, 404]) { try await self.officePage($0, $1) }
        addKioskRoutes(to: managers)
        addReportRoutes(to: managers)
        addQualityRoutes(to: managers)
        addAuditRoutes(to: managers)
        addStaffRoutes(to: managers)

        root.group("/v1/reports").add(middleware: OperatorAPIMiddleware(sessions: sessions, storage: storage, metrics: metrics, logger: logger))
            .get("/{kind}", answers: [200, 400, 401, 403, 404]) { try await self.reportAPI($0, $1) }
        root.group("/metrics").add(middleware: BearerTokenMiddleware(token: configuration.metricsToken, what: "metrics"))
            .get(answers: [200, 401, 404]) { _, context in try await self.metricsPage(context) }
    }

    /// Managers' pages refused to an agent.
    func forbidden(_ session: OperatorSession) -> Response { Page.forbidden(session).response(status: .forbidden) }

    /// `GET /metrics`: the Prometheus text (gauges refreshed from the board first).
    func metricsPage(_ context: CentralRequestContext) async throws -> Response {
        guard let metrics else { throw APIError(.notFound, ErrorCode.notFound, "metrics are off") }
        _ = try await board.snapshots(now: context.now)
        return .bytes(.ok, metrics.render(), contentType: "text/plain; version=0.0.4; charset=utf-8")
    }
}

extension Page {
    /// A page the operator's role may not see.
    static func forbidden(_ session: OperatorSession) -> Page {
        Page(
            title: "Sin permiso", body: "<h1>Sin permiso</h1><p>Su cuenta (\(session.role.rawValue)) no puede ver esta página.</p>",
            navigation: navigation(session))
    }

    /// The header's links for the operator's role, and the sign-out form.
    static func navigation(_ session: OperatorSession) -> HTML {
        let links: HTML = session.role == .manager
            ? "<a href=\"/dashboard\">Oficinas</a><a href=\"/dashboard/callbacks\">Llamadas a detractores</a><a href=\"/dashboard/escalations\">Escalamientos</a><a href=\"/dashboard/reports\">Reportes</a><a href=\"/dashboard/quality\">Calidad</a><a href=\"/dashboard/audits\">Auditorías</a><a href=\"/dashboard/staff\">Asesores</a><a href=\"/dashboard/kiosks\">Kioscos</a>"
            : "<a href=\"/dashboard/callbacks\">Llamadas a detractores</a><a href=\"/dashboard/escalations\">Escalamientos</a>"
        return links + """
            <form method="post" action="/logout"><input type="hidden" name="csrf" value="\(session.csrfToken)">\
            <button type="submit">Salir (\(session.operatorName))</button></form>
            """
    }
}
