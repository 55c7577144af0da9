/// Full-jitter exponential backoff: the wait after the n-th consecutive failure is uniform in
/// `0…min(cap, base·2ⁿ)`, but never shorter than the centre's `Retry-After`.
public struct Backoff: Sendable, Hashable {
    /// Seconds of the first ceiling.
    public var base: Double
    /// Largest ceiling, seconds.
    public var cap: Double

    public init(base: Double = 1, cap: Double = 300) {
        self.base = base
        self.cap = cap
    }

    /// Seconds to wait after `attempt` consecutive failures (1 for the first).
    public func delay<G: RandomNumberGenerator>(attempt: Int, retryAfter: Double? = nil, using generator: inout G) -> Double {
        let exponent = Double(min(max(attempt - 1, 0), 30))
        let ceiling = min(cap, base * Double(1 << Int(exponent)))
        let jitter = Double.random(in: 0...max(ceiling, 0), using: &generator)
        return max(retryAfter ?? 0, jitter)
    }
}
