import Foundation
import Logging
import SyncProtocol

extension OperatorSite {
    func loginPage(_ request: APIRequest, now: Date, error: String? = nil, status: Int = 200) async -> APIResponse {
        let next = Self.safeNext(FormData.query(of: request.target)["next"])
        let message = error.map { "<p class=\"error\" role=\"alert\">\(HTML.escape($0))</p>" } ?? ""
        let body = """
            <h1>Ingreso</h1><p class="sub">Tablero de oficinas y llamadas a detractores.</p>
            <form class="card" method="post" action="/login">\(message)
            <input type="hidden" name="next" value="\(HTML.escape(next))">
            <label for="name">Usuario</label><input type="text" id="name" name="name" autocomplete="username" required maxlength="64">
            <label for="password">Contraseña</label><input type="password" id="password" name="password" autocomplete="current-password" required maxlength="256">
            <button class="primary" type="submit">Ingresar</button></form>
            """
        return Self.html(status, HTML.page(title: "Ingreso", body: body))
    }

    /// `POST /login`: name and password → session cookie, redirect to `next`.
    func login(_ request: APIRequest, now: Date) async throws -> APIResponse {
        let form = try Self.form(request)
        guard sameOrigin(request) else { throw Refusal(403, ErrorCode.forbidden, "cross-site login refused") }
        let name = String((form["name"] ?? "").prefix(64))
        let password = String((form["password"] ?? "").prefix(256))
        let address = request.remoteAddress ?? "?"
        if let wait = signIns.admit(name: name, address: address, now: now) {
            logger.warning("login throttled", metadata: ["operator": "\(name.prefix(64))", "remote": "\(address)"])
            var refused = await loginPage(request, now: now, error: "Demasiados intentos fallidos. Espere unos minutos.", status: 429)
            refused.headers.append(("retry-after", String(Int(wait.rounded(.up)))))
            return refused
        }
        guard let account = try await verify(name: name, password: password) else {
            signIns.recordFailure(name: name, address: address, now: now)
            metrics?.loginFailures.increment()
            logger.warning("login failed", metadata: ["operator": "\(name.prefix(64))", "remote": "\(address)"])
            return await loginPage(request, now: now, error: "Usuario o contraseña incorrectos.", status: 401)
        }
        signIns.recordSuccess(name: name, address: address)
        let cookie = try await startSession(for: account.name, now: now)
        logger.notice("operator signed in", metadata: ["operator": "\(account.name)", "role": "\(account.role.rawValue)"])
        let fallback = account.role == .manager ? "/dashboard" : "/dashboard/callbacks"
        let next = Self.safeNext(form["next"])
        return Self.redirect(next == "/dashboard" ? fallback : next, headers: [("set-cookie", cookie)])
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
    func loginLink(_ request: APIRequest, token: String, now: Date) async throws -> APIResponse {
        if linkLimiter.admit("address:\(request.remoteAddress ?? "?")", now: now) != nil {
            throw Refusal(429, ErrorCode.rateLimited, "too many attempts", retryAfter: 60)
        }
        guard SecretToken.isWellFormed(token), let name = try await storage.redeemLoginLink(hash: SecretToken.hash(token), now: now),
            try await storage.operatorAccount(name: name) != nil
        else {
            return await loginPage(request, now: now, error: "El enlace no es válido o ya se usó.", status: 401)
        }
        let cookie = try await startSession(for: name, now: now)
        logger.notice("operator signed in with a login link", metadata: ["operator": "\(name)"])
        return Self.redirect(Self.safeNext(FormData.query(of: request.target)["next"]), headers: [("set-cookie", cookie)])
    }

    /// `POST /logout`: ends the session (CSRF-checked).
    func logout(_ request: APIRequest, now: Date) async throws -> APIResponse {
        let form = try Self.form(request)
        if let session = try await session(of: request, now: now), let token = form["csrf"],
            Self.constantTimeEqual(token, session.csrfToken),
            let cookie = FormData.cookies(request.headers["cookie"])[Self.cookieName]
        {
            try await storage.deleteSession(tokenHash: SecretToken.hash(cookie))
            logger.info("operator signed out", metadata: ["operator": "\(session.operatorName)"])
        }
        return Self.redirect("/login", headers: [("set-cookie", cookie("", maxAge: 0))])
    }

    /// Only local dashboard paths may follow a login (no open redirect).
    static func safeNext(_ next: String?) -> String {
        guard let next, LoginLanding.isDashboardPath(next) else { return "/dashboard" }
        return String(next.prefix(300))
    }

    /// `GET /metrics`: Prometheus text format (bearer token when configured).
    func metricsPage(_ request: APIRequest, now: Date) async throws -> APIResponse {
        if let token = configuration.metricsToken {
            guard let header = request.headers["authorization"], header.hasPrefix("Bearer "),
                Self.constantTimeEqual(String(header.dropFirst(7)), token)
            else { throw Refusal(401, ErrorCode.unauthorized, "metrics need the bearer token") }
        }
        guard let metrics else { throw Refusal(404, ErrorCode.notFound, "metrics are off") }
        // Gauges (kiosks online, printers, call-backs) follow the board.
        _ = try await board.snapshots(now: now)
        return APIResponse(status: 200, headers: [("content-type", "text/plain; version=0.0.4; charset=utf-8")], body: metrics.render())
    }

    /// The operator behind a reports API call: a manager's session, or HTTP Basic credentials
    /// of a manager (rate limited like the login form).
    /// The operator behind an API call: a signed-in session, or `Authorization: Bearer` with a
    /// token from `turnero-central user token create` (scripts never hold a password).
    func apiOperator(_ request: APIRequest, now: Date) async throws -> OperatorSession {
        if let session = try await session(of: request, now: now) {
            guard session.role == .manager else { throw Refusal(403, ErrorCode.forbidden, "reports are for managers") }
            return session
        }
        guard let header = request.headers["authorization"], header.lowercased().hasPrefix("bearer ") else {
            throw Refusal(401, ErrorCode.unauthorized, "sign in, or send Authorization: Bearer with an API token (turnero-central user token create)")
        }
        let token = String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces)
        guard let (record, account) = try await APITokens.isWellFormed(token) ? storage.useAPIToken(hash: APITokens.hash(token), now: now) : nil
        else {
            metrics?.loginFailures.increment()
            logger.warning("API token refused", metadata: ["remote": "\(request.remoteAddress ?? "?")"])
            throw Refusal(401, ErrorCode.unauthorized, "unknown, expired or revoked API token")
        }
        guard account.role == .manager else { throw Refusal(403, ErrorCode.forbidden, "reports are for managers") }
        return OperatorSession(operatorName: "\(account.name) (token \(record.id))", role: account.role, csrfToken: "", expiresAt: now)
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
