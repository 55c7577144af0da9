import Foundation
import Synchronization

/// Nonces seen within the signature window, per kiosk: a second use is a replay.
///
/// In memory: after a restart a replay inside the window is accepted by this check, and is
/// still harmless, because ingestion deduplicates (see docs/sync.md).
final class NonceCache: Sendable {
    private struct State {
        var expiries: [String: Date] = [:]
        var lastPrune = Date.distantPast
    }

    private let state = Mutex(State())
    /// Entries kept at most; past it the oldest are dropped (the global rate limit bounds growth).
    private let capacity: Int

    init(capacity: Int = 500_000) { self.capacity = capacity }

    /// Records `nonce` for `kioskId` until `expiry`; false when it was already recorded.
    func insert(kioskId: String, nonce: String, expiry: Date, now: Date) -> Bool {
        state.withLock { state in
            if now.timeIntervalSince(state.lastPrune) > 30 || state.expiries.count >= capacity {
                state.expiries = state.expiries.filter { $0.value > now }
                if state.expiries.count >= capacity {
                    let oldest = state.expiries.sorted { $0.value < $1.value }.prefix(state.expiries.count / 2)
                    for (key, _) in oldest { state.expiries[key] = nil }
                }
                state.lastPrune = now
            }
            let key = kioskId + "\n" + nonce
            if let seen = state.expiries[key], seen > now { return false }
            state.expiries[key] = expiry
            return true
        }
    }
}
