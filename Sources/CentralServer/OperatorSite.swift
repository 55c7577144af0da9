import Foundation
import Logging
import SyncProtocol

/// The operators' side of the centre: login, the live dashboard, the call-back work list,
/// reports, and `/metrics`. Server-rendered HTML; every page but the login needs a session
/// (cookie `HttpOnly; SameSite=Strict`), every form carries the session's CSRF token, and
/// logins are rate limited per address and per name.
final class OperatorSite: Sendable {
    let storage: any CentralStorage
    let configuration: CentralConfiguration
    let logger: Logger
    let board: LiveBoard
    let metrics: CentralMetrics?
    /// One-time sign-in links: per address (the tokens themselves cannot be guessed).
    let linkLimiter: RateLimiter
    /// Password sign-ins: failures per name and address, per address, and a global cap.
    let signIns: SignInThrottle
    let export: KPIExport

    static let cookieName = "turnero_session"

    init(storage: any CentralStorage, configuration: CentralConfiguration, logger: Logger, metrics: CentralMetrics?) {
        self.storage = storage
        self.configuration = configuration
        self.logger = logger
        self.metrics = metrics
        board = LiveBoard(
            storage: storage, logger: logger, metrics: metrics, freshness: configuration.boardFreshness,
            onlineWindow: configuration.onlineWindow, policy: configuration.callbackPolicy)
        signIns = SignInThrottle(limits: configuration.signInThrottle)
        linkLimiter = RateLimiter(
            rate: configuration.loginRate, burst: configuration.loginBurst, globalRate: 1e9, globalBurst: 1e9)
        export = KPIExport(storage: storage)
    }

    /// Whether the path belongs to this side (else the kiosks' API answers).
    static func handles(_ components: [String]) -> Bool {
        guard let first = components.first else { return true }
        switch first {
        case "", "login", "logout", "dashboard", "metrics": return true
        case "v1": return components.count >= 2 && components[1] == "reports"
        default: return false
        }
    }

    /// A fixed route name for metrics (never the raw path).
    static func routeName(_ components: [String]) -> String {
        switch components.first {
        case "login", "logout": return "login"
        case "metrics": return "metrics"
        case "v1": return "reports_api"
        case "dashboard":
            switch components.count > 1 ? components[1] : "" {
            case "offices": return "dashboard_office"
            case "callbacks": return "callbacks"
            case "reports": return "reports"
            case "kiosks": return "dashboard_kiosks"
            default: return "dashboard"
            }
        default: return "root"
        }
    }

    func respond(_ request: APIRequest, components: [String], now: Date) async throws -> APIResponse {
        let get = request.method == "GET"
        switch components.first ?? "" {
        case "" where components.count <= 1:
            guard get else { throw Refusal(405, ErrorCode.methodNotAllowed, "method not allowed") }
            return Self.redirect("/dashboard")
        case "login" where components.count == 1:
            if get { return await loginPage(request, now: now) }
            guard request.method == "POST" else { throw Refusal(405, ErrorCode.methodNotAllowed, "method not allowed") }
            return try await login(request, now: now)
        case "login" where components.count == 3 && components[1] == "link":
            guard get else { throw Refusal(405, ErrorCode.methodNotAllowed, "method not allowed") }
            return try await loginLink(request, token: components[2], now: now)
        case "logout" where components.count == 1:
            guard request.method == "POST" else { throw Refusal(405, ErrorCode.methodNotAllowed, "method not allowed") }
            return try await logout(request, now: now)
        case "metrics" where components.count == 1:
            guard get else { throw Refusal(405, ErrorCode.methodNotAllowed, "method not allowed") }
            return try await metricsPage(request, now: now)
        case "v1" where components.count == 3 && components[1] == "reports":
            guard get else { throw Refusal(405, ErrorCode.methodNotAllowed, "method not allowed") }
            return try await reportAPI(request, kind: components[2], now: now)
        case "dashboard":
            return try await dashboard(request, components: Array(components.dropFirst()), now: now)
        default:
            throw Refusal(404, ErrorCode.notFound, "no such resource")
        }
    }

    // MARK: Sessions

    /// The request's live session, if any.
    func session(of request: APIRequest, now: Date) async throws -> OperatorSession? {
        guard let token = FormData.cookies(request.headers["cookie"])[Self.cookieName], SecretToken.isWellFormed(token) else {
            return nil
        }
        return try await storage.session(tokenHash: SecretToken.hash(token), now: now)
    }

    /// Starts a session: stores it and returns the `Set-Cookie` value.
    func startSession(for name: String, now: Date) async throws -> String {
        let token = SecretToken.make()
        try await storage.createSession(
            tokenHash: SecretToken.hash(token), operatorName: name, csrfToken: SecretToken.make(),
            expiresAt: now.addingTimeInterval(configuration.sessionLifetime), now: now)
        return cookie(token, maxAge: Int(configuration.sessionLifetime))
    }

    func cookie(_ value: String, maxAge: Int) -> String {
        "\(Self.cookieName)=\(value); Path=/; Max-Age=\(maxAge); HttpOnly; SameSite=Strict"
            + (configuration.secureCookies ? "; Secure" : "")
    }

    /// The dashboard's pages; signs in first, checks the role and, for forms, the CSRF token.
    private func dashboard(_ request: APIRequest, components: [String], now: Date) async throws -> APIResponse {
        guard let session = try await session(of: request, now: now) else {
            guard request.method == "GET" else { throw Refusal(403, ErrorCode.forbidden, "sign in first") }
            let next = request.target.hasPrefix("/dashboard") ? request.target : "/dashboard"
            return Self.redirect("/login?next=" + FormData.encode(String(next.prefix(300))))
        }
        var form: [String: String] = [:]
        if request.method == "POST" {
            form = try Self.form(request)
            guard sameOrigin(request), let token = form["csrf"], Self.constantTimeEqual(token, session.csrfToken) else {
                logger.warning("form refused: CSRF check failed", metadata: ["operator": "\(session.operatorName)"])
                return Self.html(403, HTML.page(title: "Formulario vencido", body: "<h1>Formulario vencido</h1><p>Vuelva a cargar la página e intente de nuevo.</p>"))
            }
        }
        let get = request.method == "GET"
        let parts = components.last == "" ? Array(components.dropLast()) : components
        switch parts.first {
        case nil where get:
            guard session.role == .manager else { return Self.redirect("/dashboard/callbacks") }
            return try await groupPage(request, session: session, now: now)
        case "offices"? where get && parts.count == 2:
            guard session.role == .manager else { return forbidden(session) }
            return try await officePage(office: parts[1], session: session, now: now)
        case "callbacks"? where get && parts.count == 1:
            return try await callbacksPage(request, session: session, now: now)
        case "callbacks"? where get && parts.count == 2:
            return try await callbackPage(id: parts[1], session: session, message: nil, now: now)
        case "callbacks"? where request.method == "POST" && parts.count == 3 && parts[2] == "attempts":
            return try await recordAttempt(id: parts[1], form: form, session: session, now: now)
        case "callbacks"? where request.method == "POST" && parts.count == 3 && parts[2] == "assign":
            return try await reassign(id: parts[1], form: form, session: session, now: now)
        case "kiosks"? where get && parts.count == 1:
            guard session.role == .manager else { return forbidden(session) }
            return try await kiosksPage(session: session, message: nil, now: now)
        case "kiosks"? where request.method == "POST" && parts.count == 3 && parts[2] == "revoke":
            guard session.role == .manager else { return forbidden(session) }
            return try await revokeKiosk(id: parts[1], session: session, now: now)
        case "reports"? where get && parts.count <= 2:
            guard session.role == .manager else { return forbidden(session) }
            return parts.count == 1
                ? try await reportsPage(session: session, now: now) : try await reportFile(request, file: parts[1], now: now)
        default:
            return Self.html(404, HTML.page(
                title: "No encontrado", body: "<h1>No encontrado</h1><p><a href=\"/dashboard\">Volver al tablero</a></p>",
                navigation: navigation(session)))
        }
    }

    func forbidden(_ session: OperatorSession) -> APIResponse {
        Self.html(403, HTML.page(
            title: "Sin permiso", body: "<h1>Sin permiso</h1><p>Su cuenta (\(HTML.escape(session.role.rawValue))) no puede ver esta página.</p>",
            navigation: navigation(session)))
    }

    /// Forms must come from this site (a browser sends `Origin` on POST).
    func sameOrigin(_ request: APIRequest) -> Bool {
        guard let origin = request.headers["origin"] else { return true }
        guard let host = request.headers["host"], let url = URL(string: origin), let originHost = url.host else { return false }
        let port = url.port.map { ":\($0)" } ?? ""
        return (originHost + port).lowercased() == host.lowercased()
    }

    // MARK: Responses

    static func html(_ status: Int, _ page: String, headers: [(String, String)] = []) -> APIResponse {
        APIResponse(status: status, headers: [("content-type", "text/html; charset=utf-8")] + securityHeaders + headers, body: Array(page.utf8))
    }

    static func redirect(_ location: String, headers: [(String, String)] = []) -> APIResponse {
        APIResponse(status: 303, headers: [("location", location), ("cache-control", "no-store")] + headers)
    }

    static let securityHeaders: [(String, String)] = [
        ("cache-control", "no-store"), ("x-frame-options", "DENY"), ("x-content-type-options", "nosniff"),
        ("referrer-policy", "same-origin"),
        ("content-security-policy",
         "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"),
    ]

    /// A form body (at most 16 KiB).
    static func form(_ request: APIRequest) throws -> [String: String] {
        guard request.body.count <= 16 * 1024 else { throw Refusal(413, ErrorCode.tooLarge, "form larger than 16 KiB") }
        if let type = request.headers["content-type"], !type.lowercased().hasPrefix("application/x-www-form-urlencoded") {
            throw Refusal(415, ErrorCode.unsupportedMedia, "forms are application/x-www-form-urlencoded")
        }
        return FormData.parse(Substring(String(decoding: request.body, as: UTF8.self)))
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let left = Array(a.utf8), right = Array(b.utf8)
        guard left.count == right.count else { return false }
        var difference: UInt8 = 0
        for index in left.indices { difference |= left[index] ^ right[index] }
        return difference == 0
    }

    func navigation(_ session: OperatorSession) -> String {
        var links = session.role == .manager
            ? "<a href=\"/dashboard\">Oficinas</a><a href=\"/dashboard/callbacks\">Llamadas a detractores</a><a href=\"/dashboard/reports\">Reportes</a><a href=\"/dashboard/kiosks\">Kioscos</a>"
            : "<a href=\"/dashboard/callbacks\">Llamadas a detractores</a>"
        links += """
            <form method="post" action="/logout"><input type="hidden" name="csrf" value="\(HTML.escape(session.csrfToken))">\
            <button type="submit">Salir (\(HTML.escape(session.operatorName)))</button></form>
            """
        return links
    }
}
