import Foundation
public import Logging
public import ServiceLifecycle
import Synchronization
import SyncProtocol
public import TurneroStore

/// The kiosk's background sync: one uploader looping over ``KioskSync`` rounds, with
/// full-jitter backoff, dataset refreshes and compaction when caught up. A ServiceLifecycle
/// `Service`: `run()` returns on task cancellation or graceful shutdown. Anything interrupted
/// is simply resent next time (the centre deduplicates).
public final class SyncService: Service, Sendable {
    public let sync: KioskSync
    let logger: Logger
    let wakeup = Wakeup()
    /// The printer condition and version for heartbeats (nil: reported as unknown).
    let statusProvider: KioskStatusProvider?

    /// - Parameter statusProvider: asked after each upload attempt for the heartbeat
    ///   (`POST /v1/kiosks/{id}/status`), sent at most every `statusInterval` and at once when
    ///   the printer's condition changes.
    public init(sync: KioskSync, logger: Logger, statusProvider: KioskStatusProvider? = nil) {
        self.sync = sync
        self.logger = logger
        self.statusProvider = statusProvider
    }

    /// Builds the service from a state directory: opens `turnero.sqlite` and reads the credentials.
    ///
    /// - Throws: `SyncError` `.notEnrolled` when `turnero sync enroll` was never run, `.store` when
    ///   the database cannot be opened.
    public static func fromStateDirectory(
        _ stateDirectory: String, configuration: SyncConfiguration? = nil, logger: Logger,
        statusProvider: KioskStatusProvider? = nil, office: QueueStore? = nil,
        onDatasetApplied: @escaping @Sendable (String, Int64) -> Void = { _, _ in }
    ) throws(SyncError) -> SyncService {
        guard let credentials = try SyncCredentials.load(stateDirectory: stateDirectory) else {
            throw SyncError(.notEnrolled, "this kiosk is not enrolled; run `turnero sync enroll --server URL --code CODE`")
        }
        let database: TurneroDatabase
        if let office {
            database = office.database
        } else {
            do {
                database = try TurneroDatabase.open(at: (stateDirectory as NSString).appendingPathComponent("turnero.sqlite"))
            } catch {
                throw SyncError(.store, error.message)
            }
        }
        let sync = try KioskSync(
            database: database, credentials: credentials,
            configuration: configuration ?? SyncConfiguration(stateDirectory: stateDirectory), logger: logger,
            onDatasetApplied: onDatasetApplied, office: office)
        return SyncService(sync: sync, logger: logger, statusProvider: statusProvider)
    }

    /// Runs the service in its own ServiceGroup until SIGTERM or SIGINT (`turnero sync run`).
    public func runUntilSignalled() async throws {
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [.init(service: self)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }

    /// Asks the loop to sync now (e.g. right after an event was recorded) instead of at the next interval.
    public func poke() { wakeup.poke() }

    /// Loops until cancelled or graceful shutdown: the uploader, the outbox watch and the
    /// notices listener.
    public func run() async throws {
        await cancelWhenGracefulShutdown { [self] in
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await self.loop() }
                group.addTask { await self.watchOutbox() }
                if sync.configuration.listensForNotices { group.addTask { await self.listen() } }
                await group.next()
                group.cancelAll()
            }
        }
    }

    private func loop() async {
        let configuration = sync.configuration
        var machine = SyncLoop(
            batchSize: configuration.batchSize, interval: configuration.interval, backoff: configuration.backoff,
            blockedRecheck: configuration.blockedRecheck)
        var random = SystemRandomNumberGenerator()
        var lastCompaction = Date.distantPast
        var action = SyncLoop.Action.upload(batchSize: configuration.batchSize)
        var heartbeat = Heartbeat()
        logger.info("sync started", metadata: ["kiosk": "\(sync.credentials.kioskId)"])
        while !Task.isCancelled {
            switch action {
            case .upload:
                break
            case .rest(let seconds):
                await housekeeping(&lastCompaction)
                guard await rest(seconds, wakeOnPoke: true) else { return }
            case .retry(let seconds):
                guard await rest(seconds, wakeOnPoke: false) else { return }
            }
            let event = await round(batchSize: machine.batchSize)
            if case .blocked = event {} else { await sendHeartbeat(&heartbeat) }
            action = machine.next(after: event, using: &random)
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

    /// When the last heartbeat went, with which printer condition.
    struct Heartbeat {
        var sentAt = Date.distantPast
        var printer: KioskPrinterCondition?
        /// An older centre without heartbeats: asked again only after this.
        var pausedUntil = Date.distantPast
    }

    /// After an upload attempt: a heartbeat when due. Its failures never touch the upload loop.
    private func sendHeartbeat(_ state: inout Heartbeat) async {
        let runtime = await statusProvider?() ?? KioskRuntimeStatus(printer: .unknown)
        let now = Date()
        guard now >= state.pausedUntil,
            now.timeIntervalSince(state.sentAt) >= sync.configuration.statusInterval || runtime.printer != state.printer
        else { return }
        do {
            switch try await sync.sendStatus(runtime) {
            case .delivered:
                state.sentAt = now
                state.printer = runtime.printer
            case .unsupported:
                logger.notice("the centre does not take heartbeats; asking again in an hour")
                state.pausedUntil = now.addingTimeInterval(3_600)
            }
        } catch {
            // Retried at the next round; the upload result already says whether the link works.
            state.sentAt = now.addingTimeInterval(min(10, sync.configuration.statusInterval) - sync.configuration.statusInterval)
            logger.debug("heartbeat failed", metadata: ["error": "\(error.message)"])
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

    /// Sleeps `seconds` (or until poked); false when cancelled.
    private func rest(_ seconds: Double, wakeOnPoke: Bool) async -> Bool {
        let wakeup = self.wakeup
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await Task.sleep(for: .milliseconds(Int64(max(0, seconds) * 1000))) }
            if wakeOnPoke {
                group.addTask { await wakeup.wait() }
            }
            await group.next()
            group.cancelAll()
        }
        return !Task.isCancelled
    }
}
