public import Foundation
import Synchronization

/// Whether the centre is shutting down, for everything that answers differently then:
/// `/v1/ready` turns 503 (a load balancer stops sending), new kiosk work gets 503 +
/// `Retry-After` while requests already in flight finish. Set once, never cleared.
public final class DrainState: Sendable {
    private let since = Mutex<ContinuousClock.Instant?>(nil)
    /// How long the centre keeps answering (503 for new work) before it stops accepting.
    public let window: Duration

    public init(window: Duration) { self.window = window }

    /// Starts draining (idempotent).
    public func begin() {
        since.withLock { if $0 == nil { $0 = .now } }
    }

    public var isDraining: Bool { since.withLock { $0 != nil } }

    /// Seconds a refused kiosk should wait: the window (a restarted or another instance is up
    /// by then), at least 1.
    public var retryAfter: TimeInterval {
        max(1, Double(window.components.seconds) + Double(window.components.attoseconds) / 1e18)
    }
}
