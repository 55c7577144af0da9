/// The one rate-limit rule of kiosk and centre: a token bucket, as a pure value.
///
/// Holds at most `burst` tokens, refilled continuously at `rate` tokens a second; an action
/// takes one token or is refused with the seconds until one is back. Time is a number of
/// seconds on whatever clock the caller keeps (monotonic on the kiosk, wall time at the
/// centre), so tests freeze or advance it at will. Callers own the locking and the keying (a
/// bucket per kiosk, per address, one for everybody).
public struct TokenBucket: Sendable, Hashable {
    /// Tokens added per second.
    public let rate: Double
    /// Most tokens held (the burst allowed after a quiet period).
    public let burst: Double
    /// Tokens left after the last action.
    public private(set) var tokens: Double
    /// When `tokens` was last brought up to date, in the caller's seconds.
    public private(set) var updated: Double

    /// A full bucket at `now`.
    public init(rate: Double, burst: Double, now: Double) {
        self.rate = max(rate, .leastNonzeroMagnitude)
        self.burst = max(1, burst)
        tokens = max(1, burst)
        updated = now
    }

    /// A bucket refilled per minute: at most `perMinute` actions a minute, all at once after a
    /// quiet minute (the kiosk's coupon lookups and rating-code guesses).
    public init(perMinute: Int, now: Double) {
        let limit = Double(max(1, perMinute))
        self.init(rate: limit / 60, burst: limit, now: now)
    }

    /// Takes a token at `now`: nil when the action may go ahead, else the seconds to wait.
    /// Time running backwards (a wall clock set back) refills nothing and refuses nothing more.
    public mutating func take(at now: Double) -> Double? {
        let elapsed = max(0, now - updated)
        tokens = min(burst, tokens + elapsed * rate)
        updated = max(updated, now)
        guard tokens >= 1 else { return (1 - tokens) / rate }
        tokens -= 1
        return nil
    }
}
