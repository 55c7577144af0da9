import Foundation
import Logging
import ServiceLifecycle
import struct TurneroCore.LocalDay

/// The centre's housekeeping while it runs: assigns new call-backs to agents (balanced by open
/// load), erases customers' numbers whose retention after closing is over, and forgets nonces
/// and throttle hits no limit looks at any more. Once at start, then every `interval`; stops on
/// graceful shutdown. Every instance runs it; each pass is idempotent, so N instances doing it
/// at once only repeat work.
struct Housekeeping: Service {
    let api: CentralAPI
    let interval: Duration

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await api.site.maintainCallbacks(now: api.clock())
                await pruneLedger(now: api.clock())
                await pruneTickets(now: api.clock())
                try? await Task.sleep(for: interval)
            }
        }
    }

    /// Nonces past their expiry; hits older than every window that counts them.
    private func pruneLedger(now: Date) async {
        let configuration = api.configuration
        let windows = [
            configuration.signInThrottle.window, configuration.kioskLimit.window, configuration.loginLinkLimit.window,
            configuration.signInThrottle.global.window, configuration.ticketPageLimit.window, configuration.ticketMissLimit.window,
        ]
        do {
            let pruned = try await api.storage.pruneLedger(now: now, hitsBefore: now.addingTimeInterval(-(windows.max() ?? 3600) - 60))
            if pruned > 0 { api.logger.debug("request ledger pruned", metadata: ["rows": "\(pruned)"]) }
        } catch {
            api.logger.warning("request ledger pruning failed", metadata: ["error": "\(error)"])
        }
    }
}

extension Housekeeping {
    /// Ticket links and page requests are kept three days: the page works only on the turn's
    /// office day, and a number a detractor left that never reached a call-back goes with them.
    private func pruneTickets(now: Date) async {
        let cutoff = now.addingTimeInterval(-3 * 86_400)
        do {
            let pruned = try await api.storage.pruneTickets(
                dayBefore: LocalDay(containing: cutoff, in: .gmt).rawValue, requestedBefore: cutoff)
            if pruned > 0 { api.logger.debug("ticket links and requests pruned", metadata: ["rows": "\(pruned)"]) }
        } catch {
            api.logger.warning("ticket pruning failed", metadata: ["error": "\(error)"])
        }
    }
}

extension OperatorSite {
    /// One call-back housekeeping pass; failures are logged and retried next pass.
    func maintainCallbacks(now: Date) async {
        await assignPendingCallbacks(now: now)
        do {
            let erased = try await storage.eraseCallbackContacts(closedBefore: now.addingTimeInterval(-policy.contactRetention), now: now)
            if erased > 0 { logger.notice("customers' numbers erased after their retention", metadata: ["count": "\(erased)"]) }
            let contacts = try await storage.eraseEscalationContacts(closedBefore: now.addingTimeInterval(-policy.contactRetention), now: now)
            if contacts > 0 { logger.notice("escalation contacts erased after their retention", metadata: ["count": "\(contacts)"]) }
        } catch {
            logger.warning("contact erasure failed", metadata: ["error": "\(error)"])
        }
    }
}
