import Dispatch

/// The one way Turnero runs blocking work (SQLite calls, printer I/O, file reads): on a serial
/// queue of its own, off Swift's cooperative thread pool, awaiting the result.
///
/// Serial on purpose: what one executor guards (a printer's descriptor, a process's database
/// connection) is only ever touched from its queue, one call at a time. Give each owner its
/// own executor; work on different executors runs in parallel.
public final class BlockingExecutor: Sendable {
    private let queue: DispatchQueue

    /// - Parameter label: names the queue's thread in debuggers and `top -H`.
    public init(label: String) {
        queue = DispatchQueue(label: label, qos: .userInitiated)
    }

    /// Runs `body` on the executor's queue and returns its result, keeping its error type.
    public func run<T: Sendable, Failure: Error>(
        _ body: @escaping @Sendable () throws(Failure) -> T
    ) async throws(Failure) -> T {
        let result: Result<T, Failure> = await withCheckedContinuation { continuation in
            queue.async {
                do throws(Failure) {
                    continuation.resume(returning: .success(try body()))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
        return try result.get()
    }

    /// Runs `body` on the queue later, without waiting (freeing C handles from a `deinit`).
    public func async(_ body: @escaping @Sendable () -> Void) {
        queue.async(execute: body)
    }
}
