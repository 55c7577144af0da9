import Dispatch

/// Runs blocking work (SQLite, printer I/O) on its own serial queue, off Swift's cooperative
/// thread pool, and awaits the result.
public final class BlockingExecutor: Sendable {
    private let queue: DispatchQueue

    public init(label: String) {
        queue = DispatchQueue(label: label, qos: .userInitiated)
    }

    /// Runs `body` on the executor's queue.
    public func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result { try body() })
            }
        }
    }
}
