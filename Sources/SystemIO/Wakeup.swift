import Synchronization

/// A one-slot wake-up signal: `poke()` wakes the waiter, or the next `wait()` if none waits.
/// Several pokes before the waiter looks again are one.
///
/// How a service is told "look now" (an event was recorded, the printer changed) without a
/// timer. (An `AsyncStream` cannot serve here: cancelling a task that iterates it ends the
/// stream.)
public final class Wakeup: Sendable {
    private struct State {
        var poked = false
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let state = Mutex(State())

    /// An unpoked signal.
    public init() {}

    /// Wakes the waiter (or the next one).
    public func poke() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard let waiter = state.waiter else {
                state.poked = true
                return nil
            }
            state.waiter = nil
            return waiter
        }
        waiter?.resume()
    }

    /// Returns when poked (consuming the poke) or when the task is cancelled. One waiter at a time.
    public func wait() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let now = state.withLock { state -> Bool in
                    // Checked under the lock the cancellation handler also takes: no lost wake-up.
                    if state.poked || Task.isCancelled {
                        state.poked = false
                        return true
                    }
                    state.waiter = continuation
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume()
        }
    }

    /// Returns when poked (true) or after `timeout` (false; nil: no timeout), or when the task
    /// is cancelled (false).
    @discardableResult
    public func wait(upTo timeout: Duration?) async -> Bool {
        guard let timeout else {
            await wait()
            return !Task.isCancelled
        }
        return await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                await self.wait()
                return !Task.isCancelled
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return false
            }
            let poked = await group.next() ?? false
            group.cancelAll()
            return poked
        }
    }
}
