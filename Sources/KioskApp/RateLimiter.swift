import Foundation
import Synchronization

/// A token bucket: at most `perMinute` actions a minute, refilled continuously.
final class RateLimiter: Sendable {
    private let state: Mutex<(tokens: Double, updated: ContinuousClock.Instant)>
    private let perMinute: Double

    init(perMinute: Int, now: ContinuousClock.Instant = .now) {
        self.perMinute = Double(max(1, perMinute))
        state = Mutex((Double(max(1, perMinute)), now))
    }

    /// Takes a token; false when none is left.
    func allow(now: ContinuousClock.Instant = .now) -> Bool {
        state.withLock { bucket in
            let elapsed = now - bucket.updated
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            bucket.tokens = min(perMinute, bucket.tokens + seconds * perMinute / 60)
            bucket.updated = now
            guard bucket.tokens >= 1 else { return false }
            bucket.tokens -= 1
            return true
        }
    }
}
