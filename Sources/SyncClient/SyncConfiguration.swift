/// How the kiosk syncs; the executable fills it, the defaults suit a weak 3G link.
public struct SyncConfiguration: Sendable {
    /// The state directory (credentials, `office.json`).
    public var stateDirectory: String
    /// Most events per batch (batches shrink on a failing link and grow back).
    public var batchSize: Int = 250
    /// Seconds between rounds once caught up.
    public var interval: Double = 30
    /// Backoff after failures.
    public var backoff = Backoff()
    /// Seconds before re-checking a blocked sync.
    public var blockedRecheck: Double = 300
    /// Archived events younger than this stay on the kiosk (local reports read them).
    public var retention: Double = 35 * 86_400
    /// Seconds between compactions.
    public var compactionInterval: Double = 3_600
    /// Deadline of one HTTP exchange, seconds.
    public var requestTimeout: Double = 30
    /// Seconds between heartbeats (`POST /v1/kiosks/{id}/status`); a printer change is sent at once.
    public var statusInterval: Double = 30
    /// How long the centre may hold a notices request (`GET …/notices?wait=`), seconds: the
    /// kiosk hears of a cancellation from a ticket's page at once, at one small request per wait.
    public var noticeWait: Int = 20
    /// Whether to listen for notices at all (off: they still come with upload answers).
    public var listensForNotices = true
    /// Where the database's files cannot be watched: how often the outbox is checked for events
    /// other processes recorded (the counters), seconds. Watched, a new event goes up within a
    /// round trip of being committed.
    public var outboxCheckInterval: Double = 0.5

    public init(stateDirectory: String) { self.stateDirectory = stateDirectory }
}
