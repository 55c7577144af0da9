import Foundation
import SyncProtocol

// The two helpers of the uploader that keep the office near real time while online: a watch
// on the outbox, so events any process records (the counters run apart from the kiosk) go up
// within a second, and a long-poll on the centre, so what customers do on their ticket's page
// comes down within a second or two.
extension SyncService {
    /// Pokes the uploader whenever the outbox grows: it looks each time the database's files
    /// change (inotify), or every `outboxCheckInterval` where they cannot be watched.
    func watchOutbox() async {
        var last = (try? await sync.store { [sync] in try sync.database.lastOutboxSeq() }) ?? 0
        let changes: AsyncStream<Void>
        do {
            changes = try sync.database.changes()
        } catch {
            logger.warning("the database cannot be watched; looking at the outbox periodically", metadata: ["error": "\(error)"])
            let interval = sync.configuration.outboxCheckInterval
            changes = AsyncStream { continuation in
                let ticker = Task {
                    while !Task.isCancelled {
                        try? await Task.sleep(for: .milliseconds(Int64(max(0.05, interval) * 1000)))
                        continuation.yield()
                    }
                }
                continuation.onTermination = { _ in ticker.cancel() }
            }
        }
        for await _ in changes {
            guard let current = try? await sync.store({ [sync] in try sync.database.lastOutboxSeq() }) else { continue }
            if current > last { poke() }
            last = current
        }
    }

    /// Long-polls the centre's notices and records them; backs off while the centre is out of
    /// reach, and asks an older centre without notices again only after an hour.
    func listen() async {
        var failures = 0
        var random = SystemRandomNumberGenerator()
        let configuration = sync.configuration
        while !Task.isCancelled {
            let pause: Double
            do {
                switch try await sync.listenOnce(wait: configuration.noticeWait) {
                case nil:
                    logger.notice("the centre does not offer notices; cancellations come with uploads")
                    pause = 3_600
                case .recorded?:
                    poke()
                    failures = 0
                    pause = 0
                case .nothing?:
                    failures = 0
                    pause = 0
                case .unrecorded?:
                    // Until the upload tells the centre, it answers with the same notices at once.
                    poke()
                    failures = 0
                    pause = Double(configuration.noticeWait)
                }
            } catch {
                switch error.code {
                case .credentials, .notEnrolled, .enrollment, .blocked:
                    pause = configuration.blockedRecheck
                default:
                    failures += 1
                    // Capped lower than the uploader's: back online, the office hears from its customers soon.
                    pause = min(30, configuration.backoff.delay(attempt: failures, retryAfter: error.retryAfter, using: &random))
                    logger.debug("notices not fetched; retrying", metadata: ["error": "\(error.message)"])
                }
            }
            if pause > 0 { try? await Task.sleep(for: .milliseconds(Int64(pause * 1000))) }
        }
    }
}
