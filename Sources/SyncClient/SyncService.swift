import Foundation
public import Logging
public import ServiceLifecycle
import Synchronization
import SystemIO

/// The kiosk's background upload: one loop over ``KioskSync`` rounds, with full-jitter backoff,
/// dataset refreshes and compaction when caught up. A ServiceLifecycle `Service`: `run()`
/// returns on task cancellation or graceful shutdown. Anything interrupted is simply resent
/// next time (the centre deduplicates). Heartbeats are a service of their own
/// (``HeartbeatService``).
public final class SyncService: Service, Sendable {
    public let sync: KioskSync
    let logger: Logger
    let wakeup = Wakeup()
    /// Set on graceful shutdown: the round in progress finishes (its acknowledgement applied),
    /// no new one starts.
    private let stopping = Mutex(false)

    public init(sync: KioskSync, logger: Logger) {
        self.sync = sync
        self.logger = logger
    }

    /// Runs the service in its own ServiceGroup until SIGTERM or SIGINT (`turnero sync run`).
    public func runUntilSignalled() async throws {
        var configuration = ServiceGroupConfiguration(
            services: [.init(service: self)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        configuration.maximumGracefulShutdownDuration = .seconds(10)
        try await ServiceGroup(configuration: configuration).run()
    }

    /// Asks the loop to sync now (e.g. right after an event was recorded) instead of at the next interval.
    public func poke() { wakeup.poke() }

    /// Loops until cancelled or graceful shutdown (which lets the round in progress finish):
    /// the uploader, the outbox watch and the notices listener.
    public func run() async throws {
        await withGracefulShutdownHandler { [self] in
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await self.loop() }
                group.addTask { await self.watchOutbox() }
                if sync.configuration.listensForNotices { group.addTask { await self.listen() } }
                // The uploader returns when stopping; the helpers only when cancelled.
                await group.next()
                group.cancelAll()
            }
        } onGracefulShutdown: { [self] in
            stopping.withLock { $0 = true }
            wakeup.poke()
        }
    }

    private var isStopping: Bool { stopping.withLock { $0 } || Task.isCancelled }

    private func loop() async {
        let configuration = sync.configuration
        var machine = SyncLoop(
            batchSize: configuration.batchSize, interval: configuration.interval, backoff: configuration.backoff,
            blockedRecheck: configuration.blockedRecheck)
        var random = SystemRandomNumberGenerator()
        var lastCompaction = Date.distantPast
        var action = SyncLoop.Action.upload(batchSize: configuration.batchSize)
        logger.info("sync started", metadata: ["kiosk": "\(sync.credentials.kioskId)"])
        while !isStopping {
            switch action {
            case .upload:
                break
            case .rest(let seconds):
                await housekeeping(&lastCompaction)
                guard await rest(seconds, wakeOnPoke: true) else { return }
            case .retry(let seconds):
                guard await rest(seconds, wakeOnPoke: false) else { return }
            }
            action = machine.next(after: await round(batchSize: machine.batchSize), using: &random)
        }
    }

    /// One upload round as a state-machine event; failures are recorded and logged.
    func round(batchSize: Int) async -> SyncLoop.Event {
        do {
            switch try await sync.uploadRound(batchSize: batchSize) {
            case .uploaded(_, let more): return .uploaded(more: more)
            case .caughtUp: return .caughtUp
            case .rewound: return .rewound
            }
        } catch {
            await sync.record(error)
            switch error.code {
            case .blocked, .credentials, .notEnrolled, .enrollment:
                return .blocked(reason: error.message)
            case .batchRefused:
                logger.warning("batch refused; sending fewer events", metadata: ["error": "\(error.message)"])
                return .batchRefused
            default:
                logger.info("sync round failed; backing off", metadata: ["error": "\(error.message)"])
                return .failed(retryAfter: error.retryAfter)
            }
        }
    }

    /// Caught up: refresh datasets the centre advertised, compact hourly.
    private func housekeeping(_ lastCompaction: inout Date) async {
        do {
            let advertised = try sync.database.syncRecord().serverDatasetVersions
            try await sync.refreshDatasets(advertised: advertised)
        } catch {
            logger.warning("dataset refresh failed", metadata: ["error": "\(error)"])
        }
        if Date().timeIntervalSince(lastCompaction) >= sync.configuration.compactionInterval {
            lastCompaction = Date()
            do { try await sync.compact() } catch { logger.warning("compaction failed", metadata: ["error": "\(error.message)"]) }
        }
    }

    /// Sleeps `seconds`, or until poked when `wakeOnPoke` (a backoff ignores pokes: a new
    /// event must not hammer a failing centre); false when the service is stopping.
    private func rest(_ seconds: Double, wakeOnPoke: Bool) async -> Bool {
        let end = ContinuousClock.now + .milliseconds(Int64(max(0, seconds) * 1000))
        while !isStopping, ContinuousClock.now < end {
            if await wakeup.wait(upTo: end - .now), wakeOnPoke { break }
        }
        return !isStopping
    }
}
