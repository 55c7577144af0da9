import Foundation
import GRDB
public import TurneroCore

/// Checks a typed PIN against a stored hash. The store never hashes: the PBKDF2 scheme lives
/// with the kiosk and the centre (SyncProtocol's `PINHash`), and tests inject a cheap one.
public typealias PINVerifier = @Sendable (_ pin: String, _ storedHash: String) -> Bool

/// Where an agent's record came from.
public enum AgentSource: String, Sendable, Hashable {
    /// `turnero staff add` on an office without a centre.
    case local
    /// The office dataset the centre delivers.
    case centre
}

extension QueueStore {
    /// Adds or replaces an agent. Disabling one signs them out wherever they are signed in.
    ///
    /// - Throws: `.invalidArgument` naming what is wrong with the agent.
    public func saveAgent(_ agent: Agent, source: AgentSource = .local) throws(StoreError) {
        if let problem = agent.problem { throw StoreError(.invalidArgument, "agent \(agent.id.rawValue.prefix(32)): \(problem)") }
        try transaction { context in
            try context.db.run("""
                INSERT INTO agents (id, name, pin_hash, active, source, updated_at) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET name = excluded.name, pin_hash = excluded.pin_hash,
                    active = excluded.active, source = excluded.source, updated_at = excluded.updated_at
                """, [agent.id.rawValue, agent.name.trimmingWhitespace(), agent.pinHash, agent.active, source.rawValue,
                      context.now.millisecondsSince1970])
            if !agent.active { try context.endSession(agent: agent.id, reason: .disabled) }
        }
    }

    /// Disables (or re-enables) an agent; a disabled agent is signed out and cannot sign in.
    /// - Throws: `.unknownAgent`.
    public func setAgent(_ id: AgentID, active: Bool) throws(StoreError) {
        try transaction { context in
            try context.db.run("UPDATE agents SET active = ?, updated_at = ? WHERE id = ?", [active, context.now.millisecondsSince1970, id.rawValue])
            guard context.db.changesCount > 0 else { throw StoreError(.unknownAgent, "no agent '\(id.rawValue.prefix(32))'") }
            if !active { try context.endSession(agent: id, reason: .disabled) }
        }
    }

    /// Every agent, by id: those added here (`turnero staff add`) and those of the centre's
    /// `staff` dataset; a local record wins over the dataset's for the same id.
    public func agents() throws(StoreError) -> [Agent] {
        let local = try read { db in
            try db.rows("SELECT id, name, pin_hash, active FROM agents ORDER BY id").map { row in
                Agent(id: AgentID(row["id"] as String), name: row["name"], pinHash: row["pin_hash"], active: row["active"])
            }
        }
        let ids = Set(local.map(\.id))
        let centre = try database.datasetRows(name: Self.staffDataset).compactMap { Self.agent(json: $0.json) }.filter { !ids.contains($0.id) }
        return (local + centre).sorted { $0.id < $1.id }
    }

    /// The dataset the centre delivers agents in (one row per agent, key = id).
    public static let staffDataset = "staff"

    /// The agent `id` of the centre's `staff` dataset, if it lists them.
    func centreAgent(_ id: AgentID) throws(StoreError) -> Agent? {
        try database.datasetRow(name: Self.staffDataset, key: id.rawValue).flatMap(Self.agent(json:))
    }

    /// A dataset row as an agent; nil when it does not decode or is not a valid agent.
    static func agent(json: String) -> Agent? {
        guard let agent = try? JSONDecoder().decode(Agent.self, from: Data(json.utf8)), agent.problem == nil else { return nil }
        return agent
    }

    /// Who is signed in where, by counter.
    public func sessions() throws(StoreError) -> [CounterSession] {
        try read { db in try Self.sessions(db) }
    }

    /// The agent signed in at `counter`, if any.
    public func session(counter: Int) throws(StoreError) -> CounterSession? {
        try sessions().first { $0.counter == counter }
    }

    /// Signs `agent` in at `counter` with their PIN. A wrong PIN (or an unknown or disabled
    /// agent: which one is not said) counts against the counter; too many lock it for a while.
    /// Signing in elsewhere, or where someone else is, ends that session first (``CounterDesk``).
    ///
    /// The PIN is checked outside the write transaction (PBKDF2 is slow on purpose), then the
    /// lock and the agent are checked again inside it.
    /// - Returns: the events recorded (empty when the agent was already signed in here).
    /// - Throws: `.unknownCounter`, `.counterLocked`, `.wrongPIN`.
    @discardableResult
    public func signIn(_ agent: AgentID, pin: String, counter: Int, verify: PINVerifier) throws(StoreError) -> [QueueEvent.Payload] {
        _ = try requireCounter(counter)
        let rule = configuration.staff.pinRule
        let before = clock()
        let (failures, local) = try read { db in
            (try Self.failures(counter: counter, db), try db.value(String.self, "SELECT pin_hash FROM agents WHERE id = ? AND active", [agent.rawValue]))
        }
        var hash = local
        if hash == nil, let listed = try centreAgent(agent), listed.active { hash = listed.pinHash }
        if let until = rule.lockedUntil(failures: failures, now: before) { throw Self.locked(counter, until: until) }
        let matches = hash.map { verify(pin, $0) } ?? false
        let outcome: Result<[QueueEvent.Payload], StoreError> = try transaction { context in
            let db = context.db
            if let until = rule.lockedUntil(failures: try Self.failures(counter: counter, db), now: context.now) {
                return .failure(Self.locked(counter, until: until))
            }
            // A local record that appeared or changed meanwhile wins over the PIN just checked.
            let localNow = try db.value(String.self, "SELECT pin_hash FROM agents WHERE id = ? AND active", [agent.rawValue])
            let stillValid = local == nil ? try db.value(Int.self, "SELECT 1 FROM agents WHERE id = ?", [agent.rawValue]) == nil : localNow == local
            guard matches, stillValid else {
                try db.run("DELETE FROM pin_failures WHERE at < ?", [context.now.addingTimeInterval(-86_400).millisecondsSince1970])
                try db.run("INSERT INTO pin_failures (counter, at) VALUES (?, ?)", [counter, context.now.millisecondsSince1970])
                return .failure(StoreError(.wrongPIN, "agent or PIN not recognised at counter \(counter)"))
            }
            var desk = CounterDesk(sessions: try Self.sessions(db))
            let events = desk.signIn(agent, counter: counter, at: context.now)
            try context.apply(events)
            try db.run("DELETE FROM pin_failures WHERE counter = ?", [counter])
            return .success(events)
        }
        return try outcome.get()
    }

    /// Ends the session at `counter`; nothing when nobody is signed in there.
    @discardableResult
    public func signOut(counter: Int, reason: SignOutReason = .signOut) throws(StoreError) -> AgentID? {
        _ = try requireCounter(counter)
        return try transaction { context in
            var desk = CounterDesk(sessions: try Self.sessions(context.db))
            let agent = desk.session(counter: counter)?.agent
            try context.apply(desk.signOut(counter: counter, reason: reason))
            return agent
        }
    }

    static func sessions(_ db: Database) throws -> [CounterSession] {
        try db.rows("SELECT counter, agent, since FROM agent_sessions ORDER BY counter").map { row in
            CounterSession(agent: AgentID(row["agent"] as String), counter: row["counter"], since: Date(millisecondsSince1970: row["since"]))
        }
    }

    private static func failures(counter: Int, _ db: Database) throws -> [Date] {
        try db.values(Int64.self, "SELECT at FROM pin_failures WHERE counter = ?", [counter]).map(Date.init(millisecondsSince1970:))
    }

    private static func locked(_ counter: Int, until: Date) -> StoreError {
        StoreError(.counterLocked, "too many wrong PINs at counter \(counter); sign-ins resume at \(until.millisecondsSince1970)")
    }
}

extension ActionContext {
    /// The agent signed in at `counter`; refused when the office requires one and nobody is.
    func actingAgent(counter: Int) throws -> AgentID? {
        let agent = try db.withCall("SELECT agent FROM agent_sessions WHERE counter = ?") { call in
            call.bind(counter)
            return try call.step() ? AgentID(rawValue: call.text(0)) : nil
        }
        if agent == nil && store.configuration.staff.signInRequired {
            throw StoreError(.signInRequired, "counter \(counter) needs an agent signed in (staff.signInRequired)")
        }
        return agent
    }

    /// Applies sign-in/out events from ``CounterDesk`` to the sessions table and records them.
    mutating func apply(_ events: [QueueEvent.Payload], day eventDay: LocalDay? = nil, at instant: Date? = nil) throws {
        for event in events {
            switch event {
            case .agentSignedIn(let agent, let counter):
                try db.run("INSERT INTO agent_sessions (counter, agent, since) VALUES (?, ?, ?)",
                           [counter, agent.rawValue, (instant ?? now).millisecondsSince1970])
            case .agentSignedOut(_, let counter, _):
                try db.run("DELETE FROM agent_sessions WHERE counter = ?", [counter])
            default:
                break
            }
            try record(event, day: eventDay, at: instant)
        }
    }

    /// Ends `agent`'s session wherever it is.
    mutating func endSession(agent: AgentID, reason: SignOutReason) throws {
        var desk = CounterDesk(sessions: try QueueStore.sessions(db))
        try apply(desk.signOut(agent: agent, reason: reason))
    }

    /// Signs out everybody signed in before `start` (earlier office days), each at the end of
    /// the day they signed in, or everybody now when `start` is nil (closing the day).
    mutating func endSessions(before start: Date?) throws {
        let zone = store.timeZone
        for session in try QueueStore.sessions(db) where start.map({ session.since < $0 }) ?? true {
            let signedInDay = LocalDay(containing: session.since, in: zone)
            let end = start == nil ? now : signedInDay.interval(in: zone).end.addingTimeInterval(-0.001)
            var desk = CounterDesk(sessions: [session])
            try apply(desk.signOut(counter: session.counter, reason: .dayClose), day: start == nil ? nil : signedInDay, at: end)
        }
    }
}
