import Foundation
import HTTPTypes
import Logging
import NIOCore
import NIOHTTPTypes
import Synchronization

/// Connection hygiene for the centre's HTTP/1 server, as channel handlers (they would sit the
/// same way under any Hummingbird server builder): read deadlines per connection
/// (``ConnectionTimeouts``) and a cap on open connections kept below the descriptor limit.
///
/// At the cap a new connection evicts the connection that has waited longest for a request
/// (idle keep-alive, or a head still arriving: slowloris), so a flood of silent connections
/// cannot lock real clients out; when every connection is busy it is answered
/// `503` + `Retry-After` and closed at once.
public struct ConnectionPolicy: Sendable {
    /// Opening → complete request head.
    public var headTimeout: Duration = .seconds(10)
    /// Request head → end of its body (a stalled body is cut here, also during shutdown).
    public var bodyTimeout: Duration = .seconds(60)
    /// Keep-alive: end of an answer → next request head.
    public var idleTimeout: Duration = .seconds(30)
    /// Most connections open at once (the executable keeps it below the descriptor limit).
    public var maxConnections: Int = 4096

    public init() {}
}

/// Every open connection of one server, for the cap, eviction, and a final forced close.
final class ConnectionRegistry: Sendable {
    struct Entry {
        var channel: any Channel
        var evictable: Bool
        var since: ContinuousClock.Instant
    }

    enum Admission {
        case admitted
        case admittedEvicting(any Channel)
        case refused
    }

    let maxConnections: Int
    private let entries = Mutex<[ObjectIdentifier: Entry]>([:])

    init(maxConnections: Int) { self.maxConnections = max(1, maxConnections) }

    var count: Int { entries.withLock { $0.count } }

    func admit(_ channel: any Channel, now: ContinuousClock.Instant) -> Admission {
        entries.withLock { entries in
            var evicted: (any Channel)?
            if entries.count >= maxConnections {
                guard let oldest = entries.filter({ $0.value.evictable }).min(by: { $0.value.since < $1.value.since }) else {
                    return .refused
                }
                entries[oldest.key] = nil
                evicted = oldest.value.channel
            }
            entries[ObjectIdentifier(channel)] = Entry(channel: channel, evictable: true, since: now)
            return evicted.map { .admittedEvicting($0) } ?? .admitted
        }
    }

    func update(_ channel: any Channel, evictable: Bool, now: ContinuousClock.Instant) {
        entries.withLock { entries in
            let key = ObjectIdentifier(channel)
            guard entries[key] != nil else { return }
            entries[key]?.evictable = evictable
            entries[key]?.since = now
        }
    }

    func remove(_ channel: any Channel) {
        _ = entries.withLock { $0.removeValue(forKey: ObjectIdentifier(channel)) }
    }

    /// Closes every connection (the end of a bounded shutdown).
    func closeAll() {
        let channels = entries.withLock { entries in
            defer { entries.removeAll() }
            return entries.values.map(\.channel)
        }
        for channel in channels { channel.close(promise: nil) }
    }
}

/// One connection's guard: after the HTTP codec, before Hummingbird's handling.
final class ConnectionGuardHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let registry: ConnectionRegistry
    private let policy: ConnectionPolicy
    private let logger: Logger
    private let onShed: @Sendable (String) -> Void
    private var timeouts: ConnectionTimeouts<ContinuousClock.Instant>
    private var timer: Scheduled<Void>?
    private var refused = false
    private var started = false

    init(registry: ConnectionRegistry, policy: ConnectionPolicy, logger: Logger, onShed: @escaping @Sendable (String) -> Void) {
        self.registry = registry
        self.policy = policy
        self.logger = logger
        self.onShed = onShed
        timeouts = ConnectionTimeouts(
            limits: .init(head: policy.headTimeout, body: policy.bodyTimeout, idle: policy.idleTimeout), openedAt: .now)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { start(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        start(context)
        context.fireChannelActive()
    }

    private func start(_ context: ChannelHandlerContext) {
        guard !started else { return }
        started = true
        switch registry.admit(context.channel, now: .now) {
        case .admitted:
            break
        case .admittedEvicting(let other):
            onShed("evicted")
            logger.debug("connection cap reached: closed the longest-waiting idle connection")
            other.close(promise: nil)
        case .refused:
            refused = true
            onShed("refused")
            refuse(context)
            return
        }
        perform(timeouts.initialAction, context)
    }

    /// Every connection is busy: `503` + `Retry-After` at once, then close.
    private func refuse(_ context: ChannelHandlerContext) {
        let body = ByteBuffer(string: #"{"error":"unavailable","message":"the centre has too many open connections; retry later"}"#)
        var fields = HTTPFields()
        fields[.contentType] = "application/json"
        fields[.contentLength] = String(body.readableBytes)
        fields[.retryAfter] = "2"
        fields[.connection] = "close"
        context.write(wrapOutboundOut(.head(HTTPResponse(status: .serviceUnavailable, headerFields: fields))), promise: nil)
        context.write(wrapOutboundOut(.body(body)), promise: nil)
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !refused else { return }
        switch unwrapInboundIn(data) {
        case .head:
            perform(timeouts.headReceived(at: .now), context)
        case .body:
            break
        case .end:
            perform(timeouts.requestEnded(), context)
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data), !refused {
            context.write(data, promise: promise)
            perform(timeouts.answerEnded(at: .now), context)
            return
        }
        context.write(data, promise: promise)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is ChannelShouldQuiesceEvent { perform(timeouts.quiesce(), context) }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        timeouts.closed()
        timer?.cancel()
        timer = nil
        registry.remove(context.channel)
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
    }

    private func perform(_ action: ConnectionTimeouts<ContinuousClock.Instant>.Action, _ context: ChannelHandlerContext) {
        switch action {
        case .none:
            return
        case .arm(let deadline):
            timer?.cancel()
            let loop = context.eventLoop.assumeIsolated()
            timer = loop.scheduleTask(in: .nanoseconds(Int64(Self.nanoseconds(deadline - .now)))) { [self] in
                timer = nil
                perform(timeouts.timerFired(at: .now), context)
            }
        case .disarm:
            timer?.cancel()
            timer = nil
        case .close(let reason):
            timer?.cancel()
            timer = nil
            logger.debug("connection closed", metadata: ["reason": "\(reason)"])
            context.close(promise: nil)
        }
        registry.update(context.channel, evictable: timeouts.isEvictable, now: .now)
    }

    private static func nanoseconds(_ duration: Duration) -> Int64 {
        max(0, duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
    }
}
