public import Foundation

/// Throttles sign-ins (dashboard form) so that guessing is slow but nobody can lock a manager
/// out from elsewhere:
///
/// - only **failed** attempts count; a good password never spends anything;
/// - failures are counted per **account name and client address** together, so wrong passwords
///   typed at one address do not block the right password at another;
/// - failures per **client address** over every name are capped too (password spraying);
/// - **attempts** of any kind are capped for the whole centre (each costs a PBKDF2 run).
///
/// The counts are hits in the database (``RequestLedgerStorage``), so every instance of the
/// centre sees the same ones: failures on one instance throttle the next attempt on another.
public struct SignInThrottle: Sendable {
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

        var pair: WindowLimit { WindowLimit(limit: failuresPerAccountAndAddress, window: window) }
        var address: WindowLimit { WindowLimit(limit: failuresPerAddress, window: window) }
        var global: WindowLimit { WindowLimit(rate: globalRate, burst: globalBurst) }
    }

    /// The ledger keys of one attempt.
    struct Keys: Hashable {
        var pair: String
        var address: String
        static let global = "signin"

        init(name: String, address: String) {
            pair = "signin:pair:" + name.lowercased() + "\u{1F}" + address
            self.address = "signin:address:" + address
        }
    }

    public let limits: Limits
    let ledger: any RequestLedgerStorage

    public init(limits: Limits = .init(), ledger: any RequestLedgerStorage) {
        self.limits = limits
        self.ledger = ledger
    }

    /// The rule, without I/O: nil to go ahead, else the seconds to wait.
    /// - Parameters: the failures of the pair and the address, and the attempts of everyone,
    ///   each counted over its own window ending `now`.
    public static func decide(pair: HitCount, address: HitCount, attempts: HitCount, limits: Limits, now: Date) -> TimeInterval? {
        // A failure more would be one too many only past the limit: the limit counts failures
        // already made, and the next attempt may still succeed.
        if let wait = limits.pair.wait(after: HitCount(count: pair.count + 1, oldest: pair.oldest), now: now) { return wait }
        if let wait = limits.address.wait(after: HitCount(count: address.count + 1, oldest: address.oldest), now: now) { return wait }
        return limits.global.waitBefore(attempts, now: now)
    }

    /// Before checking a password: nil to go ahead (the attempt is counted), else the seconds to wait.
    public func admit(name: String, address: String, now: Date) async throws -> TimeInterval? {
        let keys = Keys(name: name, address: address)
        let failures = try await ledger.hits([keys.pair, keys.address], since: limits.pair.start(at: now))
        let attempts = try await ledger.hits([Keys.global], since: limits.global.start(at: now))
        if let wait = Self.decide(
            pair: failures[keys.pair] ?? .none, address: failures[keys.address] ?? .none, attempts: attempts[Keys.global] ?? .none,
            limits: limits, now: now)
        {
            return wait
        }
        try await ledger.recordHits([Keys.global], at: now)
        return nil
    }

    /// A wrong name or password.
    public func recordFailure(name: String, address: String, now: Date) async throws {
        let keys = Keys(name: name, address: address)
        try await ledger.recordHits([keys.pair, keys.address], at: now)
    }

    /// A good sign-in forgets the pair's failures.
    public func recordSuccess(name: String, address: String) async throws {
        try await ledger.clearHits(Keys(name: name, address: address).pair)
    }
}
