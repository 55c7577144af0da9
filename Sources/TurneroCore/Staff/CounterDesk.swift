public import Foundation

/// Why an agent's session at a counter ended (in `agent.signed_out`).
public enum SignOutReason: String, Codable, Sendable, Hashable, CaseIterable {
    /// The agent signed out.
    case signOut = "sign-out"
    /// The agent signed in at another counter.
    case moved
    /// Another agent signed in at this counter.
    case replaced
    /// The office day ended.
    case dayClose = "day-close"
    /// The agent was disabled (at the centre or with `turnero staff disable`).
    case disabled
}

/// An agent signed in at a counter.
public struct CounterSession: Codable, Sendable, Hashable {
    public var agent: AgentID
    public var counter: Int
    public var since: Date

    public init(agent: AgentID, counter: Int, since: Date) {
        self.agent = agent
        self.counter = counter
        self.since = since
    }
}

/// Who is signed in at which counter, as pure rules: one agent per counter and one counter per
/// agent. Signing in where someone else is, or while signed in elsewhere, ends the other session
/// with its own `agent.signed_out` event first, so every session in the event stream has an end.
public struct CounterDesk: Sendable, Hashable {
    /// Sessions by counter.
    public private(set) var sessions: [Int: CounterSession]

    public init(sessions: [CounterSession] = []) {
        self.sessions = Dictionary(sessions.map { ($0.counter, $0) }, uniquingKeysWith: { $1 })
    }

    /// The session at `counter`, if any.
    public func session(counter: Int) -> CounterSession? { sessions[counter] }

    /// The counter `agent` is signed in at, if any.
    public func counter(of agent: AgentID) -> Int? {
        sessions.values.first { $0.agent == agent }?.counter
    }

    /// Signs `agent` in at `counter`. Returns the events to record, in order: the agent's
    /// session elsewhere ends (`moved`), another agent's session here ends (`replaced`), then
    /// `agent.signed_in`. Nothing when the agent is already signed in here.
    public mutating func signIn(_ agent: AgentID, counter: Int, at now: Date) -> [QueueEvent.Payload] {
        if sessions[counter]?.agent == agent { return [] }
        var events: [QueueEvent.Payload] = []
        if let elsewhere = self.counter(of: agent) {
            sessions[elsewhere] = nil
            events.append(.agentSignedOut(agent: agent, counter: elsewhere, reason: .moved))
        }
        if let other = sessions[counter] {
            events.append(.agentSignedOut(agent: other.agent, counter: counter, reason: .replaced))
        }
        sessions[counter] = CounterSession(agent: agent, counter: counter, since: now)
        events.append(.agentSignedIn(agent: agent, counter: counter))
        return events
    }

    /// Ends the session at `counter` for `reason`; nothing when nobody is signed in there.
    public mutating func signOut(counter: Int, reason: SignOutReason) -> [QueueEvent.Payload] {
        guard let session = sessions.removeValue(forKey: counter) else { return [] }
        return [.agentSignedOut(agent: session.agent, counter: counter, reason: reason)]
    }

    /// Ends `agent`'s session wherever it is.
    public mutating func signOut(agent: AgentID, reason: SignOutReason) -> [QueueEvent.Payload] {
        guard let counter = counter(of: agent) else { return [] }
        return signOut(counter: counter, reason: reason)
    }

    /// The office day ends: everybody is signed out, counter by counter.
    public mutating func endOfDay() -> [QueueEvent.Payload] {
        sessions.keys.sorted().flatMap { signOut(counter: $0, reason: .dayClose) }
    }
}

/// How many wrong PINs a counter may take before it stops accepting sign-ins for a while
/// (someone trying PINs at a counter left open).
public struct PINAttemptRule: Sendable, Hashable {
    /// Wrong PINs allowed within `lockMinutes`.
    public var maxAttempts: Int
    /// The window that counts failures, and how long the counter stays locked.
    public var lockMinutes: Int

    public init(maxAttempts: Int = 5, lockMinutes: Int = 15) {
        self.maxAttempts = maxAttempts
        self.lockMinutes = lockMinutes
    }

    /// When a counter with these failures accepts sign-ins again, or nil when it does now.
    /// Locked while `maxAttempts` failures fall within the last `lockMinutes`; the lock ends
    /// `lockMinutes` after the oldest of the latest `maxAttempts` failures.
    public func lockedUntil(failures: [Date], now: Date) -> Date? {
        let window = TimeInterval(lockMinutes * 60)
        let recent = failures.filter { now.timeIntervalSince($0) < window && $0 <= now }.sorted()
        guard maxAttempts > 0, recent.count >= maxAttempts else { return nil }
        let until = recent[recent.count - maxAttempts].addingTimeInterval(window)
        return until > now ? until : nil
    }
}
