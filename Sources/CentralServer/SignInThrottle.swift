public import Foundation
import Synchronization

/// Throttles sign-ins (dashboard form and one-time links) so that guessing is slow but nobody
/// can lock a manager out from elsewhere:
///
/// - only **failed** attempts count; a good password never spends anything;
/// - failures are counted per **account name and client address** together, so wrong passwords
///   typed at one address do not block the right password at another;
/// - failures per **client address** over every name are capped too (password spraying);
/// - a **global** token bucket bounds attempts of any kind (each costs a PBKDF2 run).
///
/// State lives in this process; counts are over a sliding window.
public final class SignInThrottle: Sendable {
    /// The limits.
    public struct Limits: Sendable, Hashable {
        /// Failures allowed per (name, address) within `window`.
        public var failuresPerAccountAndAddress = 5
        /// Failures allowed per address, over every name, within `window`.
        public var failuresPerAddress = 30
        /// The sliding window, seconds.
        public var window: TimeInterval = 15 * 60
        /// Attempts of any kind per second for the whole centre, and their burst.
        public var globalRate: Double = 20
        public var globalBurst: Double = 60

        public init() {}
    }

    private struct State {
        var failures: [String: [Date]] = [:]
        var globalTokens: Double
        var globalUpdated = Date.distantPast
    }

    let limits: Limits
    private let state: Mutex<State>

    public init(limits: Limits = .init()) {
        self.limits = limits
        state = Mutex(State(globalTokens: limits.globalBurst))
    }

    /// Before checking a password: nil to go ahead, else the seconds to wait.
    public func admit(name: String, address: String, now: Date) -> TimeInterval? {
        let pair = Self.pairKey(name: name, address: address)
        let addressKey = "address:" + address
        return state.withLock { state in
            let elapsed = max(0, now.timeIntervalSince(state.globalUpdated))
            state.globalTokens = min(limits.globalBurst, state.globalTokens + elapsed * limits.globalRate)
            state.globalUpdated = now
            guard state.globalTokens >= 1 else { return (1 - state.globalTokens) / limits.globalRate }
            for (key, limit) in [(pair, limits.failuresPerAccountAndAddress), (addressKey, limits.failuresPerAddress)] {
                let recent = Self.recent(state.failures[key] ?? [], now: now, window: limits.window)
                state.failures[key] = recent
                if recent.count >= limit, let oldest = recent.first { return max(1, limits.window - now.timeIntervalSince(oldest)) }
            }
            state.globalTokens -= 1
            return nil
        }
    }

    /// A wrong name or password.
    public func recordFailure(name: String, address: String, now: Date) {
        let keys = [Self.pairKey(name: name, address: address), "address:" + address]
        state.withLock { state in
            if state.failures.count > 100_000 { state.failures.removeAll(keepingCapacity: true) }
            for key in keys {
                var recent = Self.recent(state.failures[key] ?? [], now: now, window: limits.window)
                recent.append(now)
                state.failures[key] = Array(recent.suffix(200))
            }
        }
    }

    /// A good sign-in forgets the pair's failures.
    public func recordSuccess(name: String, address: String) {
        let pair = Self.pairKey(name: name, address: address)
        _ = state.withLock { $0.failures.removeValue(forKey: pair) }
    }

    private static func pairKey(name: String, address: String) -> String { "pair:" + name.lowercased() + "\u{1F}" + address }

    private static func recent(_ dates: [Date], now: Date, window: TimeInterval) -> [Date] {
        dates.filter { now.timeIntervalSince($0) < window && $0 <= now.addingTimeInterval(1) }
    }
}
