public import Foundation

/// What every instance of the centre must share about recent requests, kept in the database so
/// that N `turnero-central serve` processes on one PostgreSQL behave as one centre: the nonces
/// of signed requests (a replay to another instance is refused) and throttle hits (failed
/// sign-ins, enrollment and login-link attempts), from which the rate limits are counted.
///
/// Part of ``CentralStorage``. Counting and recording are separate statements where a limit
/// only slows guessing down (two instances may each let one extra attempt through at once);
/// a nonce is recorded with an insert-or-ignore on its key, so a replay can never pass twice.
public protocol RequestLedgerStorage: Sendable {
    /// Records a signed request's nonce unless the kiosk used it before, and counts the kiosk's
    /// requests seen since `windowStart` (this one included when fresh), in one transaction.
    func recordNonce(kioskId: String, nonce: String, at now: Date, expiresAt: Date, windowStart: Date) async throws -> NonceRecord
    /// Records one hit on each key at `now`.
    func recordHits(_ keys: [String], at now: Date) async throws
    /// Each key's hits since `since` (keys without hits are absent).
    func hits(_ keys: [String], since: Date) async throws -> [String: HitCount]
    /// Forgets every hit of `key`.
    func clearHits(_ key: String) async throws
    /// Deletes nonces past their expiry and hits before `hitsBefore`; how many rows went.
    func pruneLedger(now: Date, hitsBefore: Date) async throws -> Int
}

/// What recording a nonce found.
public struct NonceRecord: Sendable, Hashable {
    /// False when the kiosk already used the nonce (a replay).
    public var fresh: Bool
    /// The kiosk's requests within the window, this one included when fresh.
    public var recent: HitCount

    public init(fresh: Bool, recent: HitCount) {
        self.fresh = fresh
        self.recent = recent
    }
}

/// Hits of one key within a window.
public struct HitCount: Sendable, Hashable {
    public var count: Int
    /// The oldest hit in the window (it leaves the window first).
    public var oldest: Date?

    public init(count: Int, oldest: Date?) {
        self.count = count
        self.oldest = oldest
    }

    public static let none = HitCount(count: 0, oldest: nil)
}

/// A sliding-window limit: at most `limit` hits within `window` seconds. Pure; the hits come
/// from ``RequestLedgerStorage``, so every instance counts the same ones.
public struct WindowLimit: Sendable, Hashable {
    public var limit: Int
    public var window: TimeInterval

    public init(limit: Int, window: TimeInterval) {
        self.limit = max(1, limit)
        self.window = max(0.001, window)
    }

    /// The limit equivalent to a token bucket of `rate` per second and `burst`: `burst` hits
    /// within `burst / rate` seconds.
    public init(rate: Double, burst: Double) {
        let burst = max(1, burst)
        self.init(limit: Int(min(burst, Double(Int32.max))), window: burst / max(rate, 1e-9))
    }

    /// The window's start for a check at `now`.
    public func start(at now: Date) -> Date { now.addingTimeInterval(-window) }

    /// Nil when `hits` (counted over the window ending `now`) are within the limit, else the
    /// seconds until the oldest leaves the window (at least 1).
    public func wait(after hits: HitCount, now: Date) -> TimeInterval? {
        guard hits.count > limit else { return nil }
        let leaves = hits.oldest.map { $0.addingTimeInterval(window).timeIntervalSince(now) } ?? window
        return max(1, leaves)
    }

    /// Like ``wait(after:now:)`` before a new hit is recorded: the new one must still fit.
    public func waitBefore(_ hits: HitCount, now: Date) -> TimeInterval? {
        wait(after: HitCount(count: hits.count + 1, oldest: hits.oldest ?? now), now: now)
    }
}
