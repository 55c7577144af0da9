import Foundation
public import Logging
public import ServiceLifecycle
import SyncProtocol
import SystemIO

/// The kiosk's heartbeat (`POST /v1/kiosks/{id}/status`): its printer, version, last ticket
/// and pending events, every `statusInterval` and at once when poked (the printer's condition
/// changed), so the centre's dashboard shows a paper-out within seconds. A ServiceLifecycle
/// `Service` beside ``SyncService``; its failures never touch uploads.
public final class HeartbeatService: Service, Sendable {
    public let sync: KioskSync
    let status: KioskStatusProvider
    let logger: Logger
    let wakeup = Wakeup()

    /// - Parameter status: asked before each heartbeat for what the kiosk knows of itself.
    public init(sync: KioskSync, status: @escaping KioskStatusProvider, logger: Logger) {
        self.sync = sync
        self.status = status
        self.logger = logger
    }

    /// Sends a heartbeat now if the printer's condition differs from the last one sent.
    public func poke() { wakeup.poke() }

    /// Beats until cancelled or graceful shutdown.
    public func run() async throws {
        await cancelWhenGracefulShutdown { [self] in
            var state = State()
            while !Task.isCancelled {
                let next = await beat(&state)
                await wakeup.wait(upTo: .milliseconds(Int64(max(0.05, next.timeIntervalSinceNow) * 1000)))
            }
        }
    }

    /// When the last heartbeat went, with which printer condition.
    struct State {
        var sentAt = Date.distantPast
        var printer: KioskPrinterCondition?
        /// An older centre without heartbeats: asked again only after this.
        var pausedUntil = Date.distantPast
        /// After a failure: the next try.
        var retryAt = Date.distantPast
    }

    /// Sends a heartbeat when one is due; returns when the next one is due.
    func beat(_ state: inout State) async -> Date {
        let interval = sync.configuration.statusInterval
        let runtime = await status()
        let now = Date()
        guard now >= state.pausedUntil else { return state.pausedUntil }
        let due = now.timeIntervalSince(state.sentAt) >= interval || runtime.printer != state.printer
        // A blocked kiosk (revoked, unknown to the centre) would only be refused again.
        let blocked = (try? sync.database.syncRecord().blockedReason) != nil
        guard due, now >= state.retryAt, !blocked else {
            return max(state.retryAt, state.sentAt.addingTimeInterval(interval), now.addingTimeInterval(blocked ? interval : 0))
        }
        do {
            switch try await sync.sendStatus(runtime) {
            case .delivered:
                state.sentAt = now
                state.printer = runtime.printer
            case .unsupported:
                logger.notice("the centre does not take heartbeats; asking again in an hour")
                state.pausedUntil = now.addingTimeInterval(3_600)
                return state.pausedUntil
            }
        } catch {
            // The upload loop already says whether the link works.
            state.retryAt = now.addingTimeInterval(min(10, interval))
            logger.debug("heartbeat failed", metadata: ["error": "\(error.message)"])
            return state.retryAt
        }
        return state.sentAt.addingTimeInterval(interval)
    }
}
