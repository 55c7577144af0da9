import Foundation

/// A token bucket: `rate` tokens a second up to `burst`. Pure; the caller keeps it behind a lock.
///
/// Used for the one limit that is per instance on purpose: the requests one process takes in
/// total (``GlobalLimitMiddleware``), which protects that process's own CPU and memory — N
/// instances take N times as much, which is why there are N. Limits that guard against a
/// client (kiosks, sign-ins, enrollment) are counted in the database (``WindowLimit``).
struct TokenBucket: Sendable {
    let rate: Double
    let burst: Double
    private var tokens: Double
    private var updated: Date?

    init(rate: Double, burst: Double) {
        self.rate = max(rate, 1e-9)
        self.burst = max(burst, 1)
        tokens = self.burst
    }

    /// Takes a token at `now`: nil when allowed, else the seconds until one is there.
    mutating func take(at now: Date) -> TimeInterval? {
        let elapsed = updated.map { max(0, now.timeIntervalSince($0)) } ?? 0
        tokens = min(burst, tokens + elapsed * rate)
        updated = now
        guard tokens >= 1 else { return (1 - tokens) / rate }
        tokens -= 1
        return nil
    }
}
