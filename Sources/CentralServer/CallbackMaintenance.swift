import Foundation
import Logging
import ServiceLifecycle

/// The detractor team's housekeeping while the centre runs: assigns new call-backs to agents
/// (balanced by open load) and erases customers' numbers whose retention after closing is over.
/// Once at start, then every `interval`; stops on graceful shutdown.
struct CallbackMaintenance: Service {
    let site: OperatorSite
    let interval: Duration
    let clock: @Sendable () -> Date

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await site.maintainCallbacks(now: clock())
                try? await Task.sleep(for: interval)
            }
        }
    }
}

extension OperatorSite {
    /// One housekeeping pass; failures are logged and retried next pass.
    func maintainCallbacks(now: Date) async {
        await assignPendingCallbacks(now: now)
        do {
            let erased = try await storage.eraseCallbackContacts(closedBefore: now.addingTimeInterval(-policy.contactRetention), now: now)
            if erased > 0 { logger.notice("customers' numbers erased after their retention", metadata: ["count": "\(erased)"]) }
        } catch {
            logger.warning("contact erasure failed", metadata: ["error": "\(error)"])
        }
    }
}
