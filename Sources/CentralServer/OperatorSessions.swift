import Foundation
import Hummingbird

/// Dashboard sessions: an `HttpOnly`, `SameSite=Strict` cookie holding a random token; the
/// database keeps only its hash, the operator and the session's CSRF token, so any instance of
/// the centre knows every session.
struct OperatorSessions: Sendable {
    static let cookieName = "turnero_session"

    let storage: any CentralStorage
    let lifetime: TimeInterval
    /// `Secure` cookies (HTTPS, or a TLS proxy in front).
    let secureCookies: Bool

    /// The request's live session, if any.
    func session(of request: Request, now: Date) async throws -> OperatorSession? {
        guard let token = request.cookies[Self.cookieName]?.value, SecretToken.isWellFormed(token) else { return nil }
        return try await storage.session(tokenHash: SecretToken.hash(token), now: now)
    }

    /// Starts a session for `name`: stores it and returns its cookie.
    func start(for name: String, now: Date) async throws -> Cookie {
        let token = SecretToken.make()
        try await storage.createSession(
            tokenHash: SecretToken.hash(token), operatorName: name, csrfToken: SecretToken.make(),
            expiresAt: now.addingTimeInterval(lifetime), now: now)
        return cookie(token, maxAge: Int(lifetime))
    }

    /// Ends the request's session (when it has one) and returns the cookie that clears it.
    func end(_ request: Request) async throws -> Cookie {
        if let token = request.cookies[Self.cookieName]?.value, SecretToken.isWellFormed(token) {
            try await storage.deleteSession(tokenHash: SecretToken.hash(token))
        }
        return cleared
    }

    /// The cookie that clears the session's.
    var cleared: Cookie { cookie("", maxAge: 0) }

    private func cookie(_ value: String, maxAge: Int) -> Cookie {
        Cookie(name: Self.cookieName, value: value, maxAge: maxAge, path: "/", secure: secureCookies, httpOnly: true, sameSite: .strict)
    }
}
