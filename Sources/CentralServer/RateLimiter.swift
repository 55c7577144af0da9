import Foundation
import Synchronization

/// Token buckets: one per key (kiosk id, or remote address for enrollment) and one global.
final class RateLimiter: Sendable {
    private struct Bucket {
        var tokens: Double
        var updated: Date
    }

    private struct State {
        var buckets: [String: Bucket] = [:]
        var global: Bucket
    }

    private let state: Mutex<State>
    private let rate: Double
    private let burst: Double
    private let globalRate: Double
    private let globalBurst: Double

    init(rate: Double, burst: Double, globalRate: Double, globalBurst: Double) {
        self.rate = rate
        self.burst = burst
        self.globalRate = globalRate
        self.globalBurst = globalBurst
        state = Mutex(State(global: Bucket(tokens: globalBurst, updated: .distantPast)))
    }

    /// Takes a token from the global bucket; returns nil when allowed, else seconds to wait.
    func admitGlobal(now: Date) -> TimeInterval? {
        state.withLock { state in Self.take(&state.global, rate: globalRate, burst: globalBurst, now: now) }
    }

    /// Takes a token from `key`'s bucket; returns nil when allowed, else seconds to wait.
    func admit(_ key: String, now: Date) -> TimeInterval? {
        state.withLock { state in
            if state.buckets.count > 100_000 { state.buckets.removeAll(keepingCapacity: true) }
            var bucket = state.buckets[key] ?? Bucket(tokens: burst, updated: now)
            let wait = Self.take(&bucket, rate: rate, burst: burst, now: now)
            state.buckets[key] = bucket
            return wait
        }
    }

    private static func take(_ bucket: inout Bucket, rate: Double, burst: Double, now: Date) -> TimeInterval? {
        let elapsed = max(0, now.timeIntervalSince(bucket.updated))
        bucket.tokens = min(burst, bucket.tokens + elapsed * rate)
        bucket.updated = now
        guard bucket.tokens >= 1 else { return (1 - bucket.tokens) / rate }
        bucket.tokens -= 1
        return nil
    }
}
