import Synchronization
import TurneroCore

/// A ``TokenBucket`` shared by concurrent callers (the backend is a value copied into tasks).
final class SharedBucket: Sendable {
    private let bucket: Mutex<TokenBucket>

    init(_ bucket: TokenBucket) { self.bucket = Mutex(bucket) }

    /// Takes a token at `now` (seconds on the backend's clock); false when the limit is reached.
    func allow(at now: Double) -> Bool {
        bucket.withLock { $0.take(at: now) == nil }
    }
}

extension Duration {
    /// The duration in seconds, as the token buckets count time.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
