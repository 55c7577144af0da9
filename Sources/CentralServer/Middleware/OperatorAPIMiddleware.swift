import Foundation
import Hummingbird
import Logging
import SyncProtocol

/// The operators' JSON API (`/v1/reports`) is for managers: a signed-in session, or
/// `Authorization: Bearer` with a token from `turnero-central user token create` (scripts
/// never hold a password). Sets ``CentralRequestContext/operatorSession``; `401` without
/// credentials, `403` for an agent.
struct OperatorAPIMiddleware: RouterMiddleware {
    typealias Context = CentralRequestContext
    let sessions: OperatorSessions
    let storage: any CentralStorage
    let metrics: CentralMetrics?
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let caller = try await self.caller(request, context)
        guard caller.role == .manager else { throw APIError(.forbidden, ErrorCode.forbidden, "reports are for managers") }
        context.operatorSession = caller
        return try await next(request, context)
    }

    private func caller(_ request: Request, _ context: Context) async throws -> OperatorSession {
        if let session = try await sessions.session(of: request, now: context.now) { return session }
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") else {
            throw APIError(
                .unauthorized, ErrorCode.unauthorized,
                "sign in, or send Authorization: Bearer with an API token (turnero-central user token create)")
        }
        let token = String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces)
        guard APITokens.isWellFormed(token), let (record, account) = try await storage.useAPIToken(hash: APITokens.hash(token), now: context.now)
        else {
            metrics?.loginFailures.increment()
            logger.warning("API token refused", metadata: ["remote": "\(context.client)"])
            throw APIError(.unauthorized, ErrorCode.unauthorized, "unknown, expired or revoked API token")
        }
        return OperatorSession(operatorName: "\(account.name) (token \(record.id))", role: account.role, csrfToken: "", expiresAt: context.now)
    }
}
