/// The read deadlines of one HTTP/1 connection, as a pure state machine: a request head must
/// arrive within `head` of the connection opening (or of the previous answer, within `idle` on
/// a kept-alive connection), its body within `body` of the head. A connection that misses a
/// deadline is closed: a client that sends nothing, half a header or half a body cannot hold a
/// descriptor, nor stall a graceful shutdown, for longer than that.
struct ConnectionTimeouts<Instant: InstantProtocol>: Sendable where Instant.Duration == Duration {
    struct Limits: Sendable, Hashable {
        /// Opening → complete request head.
        var head: Duration
        /// Request head → end of its body.
        var body: Duration
        /// End of an answer → next request head (keep-alive).
        var idle: Duration
    }

    enum State: Sendable, Hashable {
        case awaitingHead(deadline: Instant)
        case readingBody(deadline: Instant)
        /// The request is complete; the server is answering (no read deadline).
        case answering
        case idle(deadline: Instant)
        case closed
    }

    /// What the connection's handler does next.
    enum Action: Sendable, Hashable {
        case none
        /// (Re)arm the timer for this instant.
        case arm(Instant)
        /// No read deadline while the server answers.
        case disarm
        /// Close the connection, for the reason given (logged).
        case close(reason: String)
    }

    let limits: Limits
    private(set) var state: State
    /// Set on graceful shutdown: close once the current answer is written.
    private(set) var closeAfterAnswer = false

    init(limits: Limits, openedAt now: Instant) {
        self.limits = limits
        state = .awaitingHead(deadline: now.advanced(by: limits.head))
    }

    /// The first deadline to arm.
    var initialAction: Action {
        if case .awaitingHead(let deadline) = state { return .arm(deadline) }
        return .none
    }

    /// Nothing is in progress: the connection may be closed to make room for another one.
    var isEvictable: Bool {
        switch state {
        case .awaitingHead, .idle: true
        case .readingBody, .answering, .closed: false
        }
    }

    mutating func headReceived(at now: Instant) -> Action {
        guard state != .closed else { return .none }
        let deadline = now.advanced(by: limits.body)
        state = .readingBody(deadline: deadline)
        return .arm(deadline)
    }

    mutating func requestEnded() -> Action {
        guard case .readingBody = state else { return .none }
        state = .answering
        return .disarm
    }

    mutating func answerEnded(at now: Instant) -> Action {
        guard state != .closed else { return .none }
        if closeAfterAnswer {
            state = .closed
            return .close(reason: "shutting down")
        }
        let deadline = now.advanced(by: limits.idle)
        state = .idle(deadline: deadline)
        return .arm(deadline)
    }

    /// The timer fired at `now`: closes when the current deadline has passed.
    mutating func timerFired(at now: Instant) -> Action {
        let reason: String
        switch state {
        case .awaitingHead(let deadline) where now >= deadline: reason = "no complete request head in time"
        case .readingBody(let deadline) where now >= deadline: reason = "request body not received in time"
        case .idle(let deadline) where now >= deadline: reason = "idle"
        case .awaitingHead(let deadline), .readingBody(let deadline), .idle(let deadline): return .arm(deadline)
        case .answering, .closed: return .none
        }
        state = .closed
        return .close(reason: reason)
    }

    /// Graceful shutdown: an idle connection closes now, a busy one after its answer.
    mutating func quiesce() -> Action {
        if isEvictable {
            state = .closed
            return .close(reason: "shutting down")
        }
        closeAfterAnswer = true
        return .none
    }

    mutating func closed() { state = .closed }
}
