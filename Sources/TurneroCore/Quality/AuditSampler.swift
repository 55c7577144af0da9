public import Foundation

/// One attention that can be audited: a served visit, with the figures the auditor sees.
public struct Attention: Codable, Sendable, Hashable {
    public var turn: TurnReference
    public var day: LocalDay
    public var agent: AgentID
    public var counter: Int
    public var calledAt: Date?
    public var finishedAt: Date
    /// Seconds waited (first call − entered the queue).
    public var wait: Double?
    /// Seconds at the counter (finish − start).
    public var handling: Double?
    /// The customer's rating, when given.
    public var rating: Int?
    public var types: [String]
    public var resolution: RequestResolution?

    public init(
        turn: TurnReference, day: LocalDay, agent: AgentID, counter: Int, calledAt: Date?, finishedAt: Date, wait: Double?,
        handling: Double?, rating: Int?, types: [String] = [], resolution: RequestResolution? = nil
    ) {
        self.turn = turn
        self.day = day
        self.agent = agent
        self.counter = counter
        self.calledAt = calledAt
        self.finishedAt = finishedAt
        self.wait = wait
        self.handling = handling
        self.rating = rating
        self.types = types
        self.resolution = resolution
    }
}

/// Draws the monthly audit sample: for each agent, `size` of their attentions at random, the
/// same ones every time for the same month and agent (seeded by both), so two auditors, a
/// re-run and an independent check all see the same sample.
public enum AuditSampler {
    /// The sample of `agent`'s attentions for `month` (`YYYY-MM`), in the order drawn.
    ///
    /// The attentions are first put in a canonical order (finish time, then turn id), so the
    /// draw depends only on which attentions exist, not on how they were listed.
    public static func sample(_ attentions: [Attention], agent: AgentID, month: String, size: Int) -> [Attention] {
        var pool = attentions.filter { $0.agent == agent }.sorted { ($0.finishedAt, $0.turn.id.uuidString) < ($1.finishedAt, $1.turn.id.uuidString) }
        var generator = SplitMix64(seed: seed(month: month, agent: agent))
        let count = min(max(0, size), pool.count)
        // A partial Fisher–Yates shuffle: the first `count` places are the sample.
        for index in 0..<count {
            let pick = index + Int(generator.next() % UInt64(pool.count - index))
            pool.swapAt(index, pick)
        }
        return Array(pool.prefix(count))
    }

    /// The seed of a month and agent: FNV-1a (64-bit) over `month|agent`.
    public static func seed(month: String, agent: AgentID) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in "\(month)|\(agent.rawValue)".utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }
}
