import Foundation
import Hummingbird
import Logging
import SyncProtocol

// Signing in and out: the form, one-time links, sessions.
extension OperatorSite {
    /// The sign-in form's fields.
    struct LoginForm: Decodable {
        var name: String?
        var password: String?
        var next: String?
    }

    /// `GET /login`: the sign-in form (`error`: why the last attempt failed).
    func loginPage(_ request: Request, error: String? = nil) -> Page {
        let next = Self.safeNext(request.query("next"))
        let message: HTML = error.map { "<p class=\"error\" role=\"alert\">\($0)</p>" } ?? .empty
        return Page(title: "Ingreso", body: """
            <h1>Ingreso</h1><p class="sub">Tablero de oficinas y llamadas a detractores.</p>
            <form class="card" method="post" action="/login">\(message)
            <input type="hidden" name="next" value="\(next)">
            <label for="name">Usuario</label><input type="text" id="name" name="name" autocomplete="username" required maxlength="64">
            <label for="password">Contraseña</label><input type="password" id="password" name="password" autocomplete="current-password" required maxlength="256">
            <button class="primary" type="submit">Ingresar</button></form>
            """)
    }

    /// `POST /login`: name and password → session cookie, redirect to `next`.
    func login(_ request: Request, _ context: CentralRequestContext) async throws -> Response {
        let form = try await request.form(LoginForm.self)
        guard request.isSameOrigin else { throw APIError(.forbidden, ErrorCode.forbidden, "cross-site login refused") }
        let name = String((form.name ?? "").prefix(64))
        let password = String((form.password ?? "").prefix(256))
        let address = context.client
        if let wait = try await signIns.admit(name: name, address: address, now: context.now) {
            logger.warning("login throttled", metadata: ["operator": "\(name)", "remote": "\(address)"])
            let page = loginPage(request, error: "Demasiados intentos fallidos. Espere unos minutos.")
            return page.response(status: .tooManyRequests, headers: [.retryAfter: String(max(1, Int(wait.rounded(.up))))])
        }
        guard let account = try await verify(name: name, password: password) else {
            try await signIns.recordFailure(name: name, address: address, now: context.now)
            metrics?.loginFailures.increment()
            logger.warning("login failed", metadata: ["operator": "\(name)", "remote": "\(address)"])
            return loginPage(request, error: "Usuario o contraseña incorrectos.").response(status: .unauthorized)
        }
        try await signIns.recordSuccess(name: name, address: address)
        let cookie = try await sessions.start(for: account.name, now: context.now)
        logger.notice("operator signed in", metadata: ["operator": "\(account.name)", "role": "\(account.role.rawValue)"])
        let fallback = account.role == .manager ? "/dashboard" : "/dashboard/callbacks"
        let next = Self.safeNext(form.next)
        var response = Response.seeOther( next == "/dashboard" ? fallback : next)
        response.setCookie(cookie)
        return response
    }

    /// Checks a name and password off the cooperative pool (PBKDF2 takes a while on purpose);
    /// an unknown name costs as much as a wrong password.
    func verify(name: String, password: String) async throws -> OperatorAccount? {
        let account = try await storage.operatorAccount(name: name)
        let stored = account?.passwordHash ?? PasswordHash.decoy
        let matches = await withCheckedContinuation { continuation in
            Self.hashing.async { continuation.resume(returning: PasswordHash.verify(password, against: stored)) }
        }
        return matches ? account : nil
    }

    static let hashing = DispatchQueue(label: "turnero.central.password", attributes: .concurrent)

    /// `GET /login/link/TOKEN[?next=/dashboard/…]`: a one-time link from `turnero-central user
    /// login-link`; `next` lets a wall screen land on one office (dashboard paths only).
    func loginLink(_ request: Request, _ context: CentralRequestContext) async throws -> Response {
        let token = context.parameters.get("token") ?? ""
        guard SecretToken.isWellFormed(token),
            let name = try await storage.redeemLoginLink(hash: SecretToken.hash(token), now: context.now),
            try await storage.operatorAccount(name: name) != nil
        else {
            return loginPage(request, error: "El enlace no es válido o ya se usó.").response(status: .unauthorized)
        }
        let cookie = try await sessions.start(for: name, now: context.now)
        logger.notice("operator signed in with a login link", metadata: ["operator": "\(name)"])
        var response = Response.seeOther( Self.safeNext(request.query("next")))
        response.setCookie(cookie)
        return response
    }

    /// `POST /logout`: ends the session when the form carries its CSRF token.
    func logout(_ request: Request, _ context: CentralRequestContext) async throws -> Response {
        let form = try await request.form(CSRFMiddleware.CSRFForm.self)
        var response = Response.seeOther( "/login")
        if let session = try await sessions.session(of: request, now: context.now), let token = form.csrf,
            constantTimeEqual(token, session.csrfToken)
        {
            response.setCookie(try await sessions.end(request))
            logger.info("operator signed out", metadata: ["operator": "\(session.operatorName)"])
        } else {
            response.setCookie(sessions.cleared)
        }
        return response
    }

    /// Only local dashboard paths may follow a sign-in (no open redirect).
    static func safeNext(_ next: String?) -> String {
        guard let next, LoginLanding.isDashboardPath(next) else { return "/dashboard" }
        return String(next.prefix(300))
    }
}

/// Where a one-time login link may land (shared by the server and `turnero-central user login-link`).
public enum LoginLanding {
    /// Whether `path` is a path of this dashboard in printable ASCII, never another site (`//host`)
    /// or a backslash trick, so a link cannot be an open redirect.
    public static func isDashboardPath(_ path: String) -> Bool {
        path.hasPrefix("/dashboard") && !path.hasPrefix("//") && !path.contains("\\")
            && path.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value < 0x7F }
    }
}
