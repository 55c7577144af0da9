import Logging
import SystemIO
import TurneroStore

/// Runs `body` at start and again each time another process commits to the store: the
/// database's files are watched (inotify) and `data_version` tells a real change from a
/// checkpoint. What the board and the rating screen wait on instead of polling.
enum StoreWatch {
    /// Watches until the task is cancelled. If the directory cannot be watched, it falls back
    /// to looking every `fallback` and says so in the log.
    static func run(
        _ store: QueueStore, on executor: BlockingExecutor, logger: Logger, fallback: Duration = .seconds(1),
        _ body: () async -> Void
    ) async {
        let changes: AsyncStream<Void>
        do {
            changes = try store.database.changes()
        } catch {
            logger.warning("database changes cannot be watched; looking every second", metadata: ["error": "\(error)"])
            changes = AsyncStream { continuation in
                let ticker = Task {
                    while !Task.isCancelled {
                        continuation.yield()
                        try? await Task.sleep(for: fallback)
                    }
                }
                continuation.onTermination = { _ in ticker.cancel() }
            }
        }
        var version: Int?
        func check() async {
            do {
                let current = try await executor.run { try store.changeCounter() }
                guard current != version else { return }
                version = current
                await body()
            } catch {
                logger.error("database unavailable", metadata: ["error": "\(error)"])
            }
        }
        await check()
        for await _ in changes { await check() }
    }
}
