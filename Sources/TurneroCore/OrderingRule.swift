/// The explicit rule that decides which waiting turn a counter calls next.
///
/// 1. **Cap first**: any turn that has waited `maxWaitMinutes` or longer goes first, the one
///    that has waited longest among them.
/// 2. **Ratio between classes**: when both preferential and normal turns wait, calls follow the
///    repeating pattern `preferential × P, normal × N` (1 : 2 by default). Each counter keeps
///    its own place in the pattern ("run"), so a busy counter cannot starve either class.
/// 3. **FIFO within a class**: the turn that joined the queue first (arrival kept across
///    transfers), ties broken by issue order.
///
/// When only one class waits, it is served (the rule never leaves a counter idle).
public struct OrderingRule: Codable, Sendable, Hashable {
    /// Preferential turns called in a row before normal ones get their share.
    public var preferential: Int
    /// Normal turns called in a row before preferential ones get their share.
    public var normal: Int
    /// Minutes after which a turn goes first regardless of class; `nil` disables the cap.
    public var maxWaitMinutes: Int?

    public init(preferential: Int = 1, normal: Int = 2, maxWaitMinutes: Int? = 45) {
        self.preferential = preferential
        self.normal = normal
        self.maxWaitMinutes = maxWaitMinutes
    }

    private enum CodingKeys: String, CodingKey { case preferential, normal, maxWaitMinutes }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        preferential = try c.decodeIfPresent(Int.self, forKey: .preferential) ?? 1
        normal = try c.decodeIfPresent(Int.self, forKey: .normal) ?? 2
        if c.contains(.maxWaitMinutes) {
            maxWaitMinutes = try c.decodeIfPresent(Int.self, forKey: .maxWaitMinutes)
        } else {
            maxWaitMinutes = 45
        }
    }

    /// Checks the ratio and cap are usable.
    public func validate() throws(ConfigurationError) {
        if !(1...10).contains(preferential) {
            throw ConfigurationError(field: "ordering.preferential", reason: "must be between 1 and 10")
        }
        if !(1...10).contains(normal) {
            throw ConfigurationError(field: "ordering.normal", reason: "must be between 1 and 10")
        }
        if let cap = maxWaitMinutes, !(1...600).contains(cap) {
            throw ConfigurationError(
                field: "ordering.maxWaitMinutes", reason: "must be between 1 and 600, or null for no cap")
        }
    }
}

/// The two classes of turn. Only the class is stored, never the reason for preference.
public enum TurnClass: String, Codable, Sendable, Hashable {
    case preferential
    case normal
}

/// Where a counter is in the ratio pattern: the class of its last call and how many in a row.
public struct OrderingState: Codable, Sendable, Hashable {
    public var lastClass: TurnClass?
    public var runLength: Int

    public init(lastClass: TurnClass? = nil, runLength: Int = 0) {
        self.lastClass = lastClass
        self.runLength = runLength
    }

    /// The state after calling a turn of `turnClass`.
    public func after(calling turnClass: TurnClass) -> OrderingState {
        turnClass == lastClass
            ? OrderingState(lastClass: turnClass, runLength: runLength + 1)
            : OrderingState(lastClass: turnClass, runLength: 1)
    }
}
