import Foundation
import Synchronization
import TurneroCore

/// Token buckets: one per key (kiosk id, or remote address for enrollment) and one global. The
/// arithmetic is the kiosk's too: `TokenBucket` in the core.
final class RateLimiter: Sendable {
    private struct State {
        var buckets: [String: TokenBucket] = [:]
        var global: TokenBucket
    }

    private let state: Mutex<State>
    private let rate: Double
    private let burst: Double

    init(rate: Double, burst: Double, globalRate: Double, globalBurst: Double) {
        self.rate = rate
        self.burst = burst
        // Full from the start: the first request at any later time finds the bucket full.
        state = Mutex(State(global: TokenBucket(rate: globalRate, burst: globalBurst, now: -.infinity)))
    }

    /// Takes a token from the global bucket; returns nil when allowed, else seconds to wait.
    func admitGlobal(now: Date) -> TimeInterval? {
        state.withLock { $0.global.take(at: now.timeIntervalSinceReferenceDate) }
    }

    /// Takes a token from `key`'s bucket; returns nil when allowed, else seconds to wait.
    func admit(_ key: String, now: Date) -> TimeInterval? {
        let seconds = now.timeIntervalSinceReferenceDate
        return state.withLock { state in
            if state.buckets.count > 100_000 { state.buckets.removeAll(keepingCapacity: true) }
            var bucket = state.buckets[key] ?? TokenBucket(rate: rate, burst: burst, now: seconds)
            let wait = bucket.take(at: seconds)
            state.buckets[key] = bucket
            return wait
        }
    }
}
