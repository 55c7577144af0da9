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
    /// - Throws: `FileWatchError` when the database's directory cannot be watched.
    public func changes() throws(FileWatchError) -> AsyncStream<Void> {
        let directory = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        return try FileWatch.changes(in: directory.isEmpty ? "." : directory) { $0 == name || $0.hasPrefix(name + "-") }
    }
}
