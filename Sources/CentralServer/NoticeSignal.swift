import Synchronization

/// Wakes the long-polls of one kiosk in this process when a notice for it is queued here
/// (`GET /v1/kiosks/{kiosk_id}/notices?wait=S`). Another instance's notice is found by the
/// long-poll's short database poll instead: the signal only makes the common case immediate.
final class NoticeSignal: Sendable {
    private enum Waiter {
        /// Registered; its task has not suspended yet.
        case pending
        /// Signalled (or given up) before it suspended: it returns at once.
        case released
        case waiting(CheckedContinuation<Void, Never>)
    }

    private struct State {
        var next: UInt64 = 0
        var waiters: [String: [UInt64: Waiter]] = [:]
    }

    private let state = Mutex(State())

    /// Wakes every long-poll of `kioskId` waiting now.
    func signal(kioskId: String) {
        let woken = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            guard var list = state.waiters[kioskId] else { return [] }
            var woken: [CheckedContinuation<Void, Never>] = []
            for (id, waiter) in list {
                if case .waiting(let continuation) = waiter { woken.append(continuation) }
                list[id] = .released
            }
            state.waiters[kioskId] = list
            return woken
        }
        for continuation in woken { continuation.resume() }
    }

    /// Returns when `kioskId` is signalled, `timeout` has passed or the task is cancelled.
    func wait(kioskId: String, upTo timeout: Duration) async {
        let id = state.withLock { state in
            state.next += 1
            state.waiters[kioskId, default: [:]][state.next] = .pending
            return state.next
        }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await Task.sleep(for: timeout) }
            group.addTask { await self.suspend(kioskId, id) }
            await group.next()
            group.cancelAll()
            self.release(kioskId, id)
        }
        state.withLock { state in
            state.waiters[kioskId]?[id] = nil
            if state.waiters[kioskId]?.isEmpty == true { state.waiters[kioskId] = nil }
        }
    }

    /// How many long-polls are registered (tests).
    var waiting: Int { state.withLock { $0.waiters.values.reduce(0) { $0 + $1.count } } }

    private func suspend(_ kioskId: String, _ id: UInt64) async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let resumeNow = self.state.withLock { state -> Bool in
                    guard case .pending? = state.waiters[kioskId]?[id] else { return true }
                    state.waiters[kioskId]?[id] = .waiting(continuation)
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            self.release(kioskId, id)
        }
    }

    private func release(_ kioskId: String, _ id: UInt64) {
        let continuation = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard let waiter = state.waiters[kioskId]?[id] else { return nil }
            state.waiters[kioskId]?[id] = .released
            if case .waiting(let continuation) = waiter { return continuation }
            return nil
        }
        continuation?.resume()
    }
}
