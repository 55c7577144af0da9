public import Foundation
public import Hummingbird
import NIOCore
import SyncProtocol

/// What the centre knows about one request as it passes the middleware: who sent it (the
/// client's address, the kiosk whose signature it carries or the operator whose session or
/// token it carries) and the centre's time for it. Middleware fills it in; handlers read it.
public struct CentralRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The TCP peer's IP address (a reverse proxy's when there is one).
    public var peerAddress: String?
    /// The client's IP address: the peer, or the address a trusted proxy forwarded
    /// (``ClientAddressMiddleware``). Rate limits and logs key on it.
    public var clientAddress: String?
    /// The centre's time for this request: every check and record of the request uses this one
    /// instant (``RequestClockMiddleware`` sets it from the injected clock).
    public var now: Date
    /// The kiosk whose signature the request carries (``KioskSignatureMiddleware``).
    public var kiosk: KioskCredential?
    /// The operator behind the request: a dashboard session, or an API token's holder.
    public var operatorSession: OperatorSession?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        peerAddress = source.channel.remoteAddress?.ipAddress
        clientAddress = peerAddress
        now = Date()
    }

    /// The signed-in operator; only routes behind ``OperatorSessionMiddleware`` or
    /// ``OperatorAPIMiddleware`` call it.
    func requireOperator() throws -> OperatorSession {
        guard let operatorSession else { throw APIError(.unauthorized, ErrorCode.unauthorized, "sign in first") }
        return operatorSession
    }

    /// The signing kiosk; only routes behind ``KioskSignatureMiddleware`` call it.
    func requireKiosk() throws -> KioskCredential {
        guard let kiosk else { throw APIError(.unauthorized, ErrorCode.unsigned, "the request is not signed") }
        return kiosk
    }

    /// The client's address for logs and limits (`?` when unknown).
    var client: String { clientAddress ?? "?" }
}
