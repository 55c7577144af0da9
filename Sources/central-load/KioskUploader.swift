import Foundation
import SyncClient
import SyncProtocol

/// One simulated kiosk's uploader: the kiosk's protocol (contiguous batches from the centre's
/// `accepted_through`, rewind on `409 gap`, `Retry-After` on 429/503, full-jitter backoff on
/// transport errors) over the kiosk's real HTTP client (`HTTPTransport`, one connection per
/// request), with reconnect storms and lost answers injected.
struct KioskUploader {
    let kiosk: SimulatedKiosk
    let transport: HTTPTransport
    /// A client that gives up after 50 ms: the connection drops while the centre may still commit.
    let impatient: HTTPTransport
    let batch: Int
    let dayDuration: Double
    let started: Date
    let deadline: Date
    let storms: StormPlan
    let index: Int
    var random: SeededRandom
    /// Everything below this seq is acknowledged.
    var accepted: Int64 = 0
    let backoff = Backoff(base: 0.25, cap: 8)

    init(
        kiosk: SimulatedKiosk, port: Int, batch: Int, dayDuration: Double, started: Date, deadline: Date, storms: StormPlan,
        index: Int, seed: UInt64
    ) {
        self.kiosk = kiosk
        transport = try! HTTPTransport(baseURL: "http://127.0.0.1:\(port)", timeout: 30)
        impatient = try! HTTPTransport(baseURL: "http://127.0.0.1:\(port)", timeout: 0.05)
        self.batch = batch
        self.dayDuration = dayDuration
        self.started = started
        self.deadline = deadline
        self.storms = storms
        self.index = index
        random = SeededRandom(seed: seed ^ 0x77)
    }

    /// Events that have happened by now (the day runs `dayDuration` seconds from `started`).
    private func released(fraction: Double) -> Int {
        let cutoff = kiosk.dayStart.timeIntervalSince1970 * 1000 + fraction * 10.5 * 3600 * 1000
        var low = 0, high = kiosk.events.count
        while low < high {
            let middle = (low + high) / 2
            if Double(kiosk.events[middle].occurredAt) <= cutoff { low = middle + 1 } else { high = middle }
        }
        return fraction >= 1 ? kiosk.events.count : low
    }

    /// Uploads until every event is acknowledged or the deadline passes; true when done.
    mutating func run(stats: LoadStats) async -> Bool {
        // Kiosks do not start in lockstep.
        try? await Task.sleep(for: .milliseconds(Int.random(in: 0..<1500, using: &random)))
        var failures = 0
        var returning = false
        while Date() < deadline {
            let fraction = Date().timeIntervalSince(started) / dayDuration
            if let back = storms.offlineUntil(kiosk: index, fraction: fraction) {
                // Offline: the link is down; everyone in this window comes back at the same instant.
                let wake = started.addingTimeInterval(back * dayDuration)
                try? await Task.sleep(for: .milliseconds(Int(max(0, wake.timeIntervalSinceNow) * 1000)))
                returning = true
                continue
            }
            let available = released(fraction: fraction)
            if accepted >= Int64(kiosk.events.count) { return true }
            guard accepted < Int64(available) else {
                // Caught up: the next sync interval (compressed: 1–3 s).
                try? await Task.sleep(for: .milliseconds(Int.random(in: 1000..<3000, using: &random)))
                continue
            }
            let slice = kiosk.events[Int(accepted)..<min(available, Int(accepted) + batch)]
            let injectLoss = returning && Double.random(in: 0..<1, using: &random) < 0.2
            let injectAbort = returning && !injectLoss && Double.random(in: 0..<1, using: &random) < 0.05
            returning = false
            switch await send(Array(slice), impatient: injectAbort, stats: stats) {
            case .accepted(let through, let duplicates):
                failures = 0
                if injectLoss {
                    // The answer is lost on the way back: the kiosk does not know and sends again.
                    stats.record { $0.lostAnswers += 1 }
                    continue
                }
                if duplicates > 0 { stats.record { $0.duplicatesReported += duplicates } }
                accepted = max(accepted, through)
            case .gap(let through):
                stats.record { $0.gaps += 1 }
                accepted = through
            case .retry(let after):
                failures += 1
                let wait = backoff.delay(attempt: failures, retryAfter: after, using: &random)
                try? await Task.sleep(for: .milliseconds(Int(wait * 1000)))
            }
        }
        return accepted >= Int64(kiosk.events.count)
    }

    enum Outcome {
        case accepted(through: Int64, duplicates: Int)
        case gap(through: Int64)
        case retry(after: Double?)
    }

    private mutating func send(_ events: [WireEvent], impatient: Bool, stats: LoadStats) async -> Outcome {
        let batch = EventBatch(
            dbEpoch: kiosk.epoch, events: events, next: accepted + 1, client: ClientClock(wallTime: Date().millisecondsSince1970))
        guard let json = try? SyncJSON.encode(batch), let body = try? Gzip.compress(json) else { return .retry(after: 1) }
        let target = SyncPaths.events(kioskId: kiosk.id)
        let parts = RequestSignature.sign(
            method: "POST", target: target, body: body, kioskId: kiosk.id, timestamp: Date().millisecondsSince1970,
            nonce: RequestSignature.makeNonce(using: &random), secret: kiosk.secret)
        let request = SyncHTTPRequest(
            method: "POST", target: target,
            headers: parts.headers + [("content-type", SyncPaths.json), ("content-encoding", "gzip")], body: body)
        let sent = ContinuousClock.now
        let response: SyncHTTPResponse
        do {
            response = try await (impatient ? self.impatient : transport).send(request)
        } catch {
            stats.record {
                $0.requests += 1
                if impatient { $0.abortedConnections += 1 } else { $0.transportErrors += 1 }
            }
            return .retry(after: nil)
        }
        let elapsed = ContinuousClock.now - sent
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        stats.record {
            $0.requests += 1
            $0.byStatus[response.status, default: 0] += 1
            if response.status == 200 {
                $0.uploads += 1
                $0.latencies.append(milliseconds)
            }
        }
        switch response.status {
        case 200:
            guard let answer = try? SyncJSON.decode(UploadResponse.self, from: response.body) else { return .retry(after: 1) }
            return .accepted(through: answer.acceptedThrough, duplicates: answer.results.count { $0.status == .duplicate })
        case 409:
            if let error = try? SyncJSON.decode(ErrorBody.self, from: response.body), error.error == ErrorCode.gap,
                let through = error.acceptedThrough
            {
                return .gap(through: through)
            }
            return .retry(after: 5)
        default:
            return .retry(after: response.headers["retry-after"].flatMap(Double.init))
        }
    }
}
