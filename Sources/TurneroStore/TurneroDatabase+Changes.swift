import Foundation
public import SystemIO

extension TurneroDatabase {
    /// Wakes when another process may have committed to this database: the kernel reports a
    /// write to the database's files (its write-ahead log above all), so displays sleep until
    /// a counter calls or a kiosk issues instead of asking the database every few hundred
    /// milliseconds. Several commits before the consumer looks again are one element.
    ///
    /// A wake-up is a hint, not a change: checkpoints and this process's own writes wake it
    /// too. Compare ``QueueStore/changeCounter()`` before re-reading.
    ///
    /// The kernel reports the write to the log, but a commit becomes visible to readers only
    /// when the writer then updates the shared-memory index, which is memory-mapped and so
    /// never reported. A reader woken by the first report can look too early; each burst of
    /// reports is therefore followed by two more wake-ups, `settle` later and a second later,
    /// so the commit is seen even when the writer was descheduled in between.
    ///
    /// - Throws: `FileWatchError` when the database's directory cannot be watched.
    public func changes(settle: Duration = .milliseconds(100)) throws(FileWatchError) -> AsyncStream<Void> {
        let directory = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        let reports = try FileWatch.changes(in: directory.isEmpty ? "." : directory) { $0 == name || $0.hasPrefix(name + "-") }
        let (stream, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let relay = Task {
            var trailing: Task<Void, Never>?
            for await _ in reports {
                continuation.yield()
                trailing?.cancel()
                trailing = Task {
                    for delay in [settle, .seconds(1)] {
                        try? await Task.sleep(for: delay)
                        if Task.isCancelled { return }
                        continuation.yield()
                    }
                }
            }
            trailing?.cancel()
            continuation.finish()
        }
        continuation.onTermination = { _ in relay.cancel() }
        return stream
    }
}
