public import Hummingbird

/// Sets ``CentralRequestContext/clientAddress``: the peer, or — only when the peer is a trusted
/// proxy — the client `X-Forwarded-For` names (``TrustedProxies``).
public struct ClientAddressMiddleware: RouterMiddleware {
    public typealias Context = CentralRequestContext
    let proxies: TrustedProxies

    public init(proxies: TrustedProxies) { self.proxies = proxies }

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard !proxies.networks.isEmpty else { return try await next(request, context) }
        var context = context
        let forwarded = request.headers.filter { $0.name.canonicalName == "x-forwarded-for" }.map(\.value)
        context.clientAddress = proxies.client(peer: context.peerAddress, forwardedFor: forwarded)
        return try await next(request, context)
    }
}
