// sync-bench: central ingest rate, kiosk catch-up time and bytes per event on 127.0.0.1.
// Run: swift build -c release --product sync-bench && .build/release/sync-bench
import CentralSQLite
import CentralServer
import Foundation
import Logging
import Synchronization
import SyncClient
import SyncProtocol
import TurneroCore
import TurneroStore

let logger = Logger(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() })
let root = FileManager.default.temporaryDirectory.appendingPathComponent("sync-bench-\(UUID().uuidString)").path
try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(atPath: root) }

let limits: CentralConfiguration = {
    var limits = CentralConfiguration()
    limits.kioskRate = 1e9
    limits.kioskBurst = 1e9
    limits.globalRate = 1e9
    limits.globalBurst = 1e9
    return limits
}()

/// Starts the centre on 127.0.0.1 (real HTTP) and returns its storage and port.
@MainActor
func startCentre(_ name: String) async throws -> (SQLiteCentralStorage, CentralAPI, Int, Task<Void, any Error>) {
    let storage = try SQLiteCentralStorage(path: "\(root)/\(name).sqlite")
    let api = CentralAPI(storage: storage, configuration: limits, logger: logger)
    let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
    let application = try CentralServer(api: api, port: 0, logger: logger).makeApplication { continuation.yield($0) }
    let task = Task { try await application.run() }
    var iterator = ports.makeAsyncIterator()
    return (storage, api, await iterator.next()!, task)
}

/// Counts bytes on the wire (request line + headers + body; status line + headers + body).
final class CountingTransport: SyncTransport, @unchecked Sendable {  // counters guarded by `lock`
    let inner: HTTPTransport
    let lock = NSLock()
    var sent = 0
    var received = 0
    var requests = 0

    init(_ inner: HTTPTransport) { self.inner = inner }

    func send(_ request: SyncHTTPRequest) async throws -> SyncHTTPResponse {
        let response = try await inner.send(request)
        // Headers the client always adds: host, connection, content-length, accept-encoding.
        let head = "\(request.method) \(request.target) HTTP/1.1\r\n".utf8.count
            + request.headers.reduce(0) { $0 + $1.0.utf8.count + $1.1.utf8.count + 4 } + 90
        lock.withLock {
            requests += 1
            sent += head + request.body.count
            // Status line + Hummingbird's headers ≈ 160 bytes; the body as sent (gzip when large).
            received += 160 + (response.headers["content-length"].flatMap(Int.init) ?? response.body.count)
        }
        return response
    }
}

/// Transport errors retried during the ingest run.
final class RetryCount: Sendable {
    let count = Mutex(0)
}

func payload(_ seq: Int64) -> String {
    let id = UUID().uuidString.lowercased()
    return #"{"ahead":\#(seq % 17),"estimate":null,"preferential":false,"turn":{"id":"\#(id)","label":"P-\#(String(format: "%03d", seq % 1000))","service":"pagos"},"type":"turn.issued"}"#
}

// 1. Ingest: 8 kiosks, pre-signed gzip batches of 500 events, 8 concurrent uploaders.
do {
    let (storage, _, port, task) = try await startCentre("ingest")
    let kiosks = 8
    let batches = 25
    let size = 500
    var prepared: [[SyncHTTPRequest]] = []
    var random = SystemRandomNumberGenerator()
    for kiosk in 0..<kiosks {
        let secret = RequestSignature.makeSecret()
        let code = EnrollmentCode.make()
        try await storage.addEnrollmentCode(hash: EnrollmentCode.hash(EnrollmentCode.normalize(code)!), officeId: "o", expiresAt: Date().addingTimeInterval(60))
        _ = try await storage.redeemEnrollmentCode(
            hash: EnrollmentCode.hash(EnrollmentCode.normalize(code)!), kioskId: "k\(kiosk)", key: .hmac(secret),
            credentialExpiresAt: Date().addingTimeInterval(3600), now: Date())
        var requests: [SyncHTTPRequest] = []
        for batch in 0..<batches {
            let events = (1...size).map { offset -> WireEvent in
                let seq = Int64(batch * size + offset)
                return WireEvent(
                    seq: seq, eventId: UUID().uuidString.lowercased(), type: "turn.issued", day: "2026-11-23",
                    occurredAt: 1_795_000_000_000 + seq, payload: payload(seq))
            }
            let body = try Gzip.compress(try SyncJSON.encode(EventBatch(dbEpoch: "epoch-\(kiosk)", events: events, next: 1)))
            let target = SyncPaths.events(kioskId: "k\(kiosk)")
            let parts = RequestSignature.sign(
                method: "POST", target: target, body: body, kioskId: "k\(kiosk)", timestamp: Date().millisecondsSince1970,
                nonce: RequestSignature.makeNonce(using: &random), secret: secret)
            requests.append(SyncHTTPRequest(
                method: "POST", target: target,
                headers: parts.headers + [("content-type", "application/json"), ("content-encoding", "gzip")], body: body))
        }
        prepared.append(requests)
    }
    let transport = try HTTPTransport(baseURL: "http://127.0.0.1:\(port)", timeout: 60)
    let retries = RetryCount()
    let start = ContinuousClock.now
    try await withThrowingTaskGroup(of: Void.self) { group in
        for requests in prepared {
            group.addTask {
                for request in requests {
                    // A transport error is retried as the kiosk would (the batch is idempotent);
                    // a retry is signed anew since the centre refuses a seen nonce.
                    var attempt = 0
                    while true {
                        attempt += 1
                        do {
                            let response = try await transport.send(request)
                            guard response.status == 200 || (attempt > 1 && response.status == 401) else {
                                fatalError("ingest answered \(response.status)")
                            }
                            break
                        } catch {
                            retries.count.withLock { $0 += 1 }
                            guard attempt < 3 else { throw error }
                        }
                    }
                }
            }
        }
        try await group.waitForAll()
    }
    let elapsed = ContinuousClock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    let total = kiosks * batches * size
    let stored = try await storage.countedEvents(kioskId: nil)
    precondition(stored == Int64(total), "stored \(stored) of \(total)")
    print(String(format: "ingest: %d events (%d kiosks × %d batches × %d) in %.2f s = %.0f events/s over HTTP, fsync'd; %d transport retries", total, kiosks, batches, size, seconds, Double(total) / seconds, retries.count.withLock { $0 }))
    task.cancel()
    _ = await task.result
}

// 2. Catch-up: one kiosk with 10,000 pending events (real QueueStore turns), loopback HTTP.
let configurationData = FileManager.default.contents(atPath: CommandLine.arguments.dropFirst().first ?? "kiosk-scripts/config/office.example.json")!
let office = try OfficeConfiguration.load(json: configurationData)
for batchSize in [250, 500] {
    let (storage, api, port, task) = try await startCentre("catchup-\(batchSize)")
    let directory = "\(root)/kiosk-\(batchSize)"
    let database = try TurneroDatabase.create(at: "\(directory)/turnero.sqlite", kioskId: "kiosk-bench")
    let store = QueueStore(database: database, configuration: office)
    for index in 0..<10_000 { _ = try store.issueTurn(service: index % 2 == 0 ? "pagos" : "reclamos", preferential: index % 7 == 0) }
    let code = EnrollmentCode.make()
    try await storage.addEnrollmentCode(hash: EnrollmentCode.hash(EnrollmentCode.normalize(code)!), officeId: "o", expiresAt: Date().addingTimeInterval(60))
    let counting = CountingTransport(try HTTPTransport(baseURL: "http://127.0.0.1:\(port)"))
    _ = try await Enrollment.enroll(server: "http://127.0.0.1:\(port)", code: code, kioskId: "kiosk-bench", stateDirectory: directory, transport: counting)
    counting.lock.withLock { counting.sent = 0; counting.received = 0; counting.requests = 0 }
    var configuration = SyncConfiguration(stateDirectory: directory)
    configuration.batchSize = batchSize
    let sync = try KioskSync(
        database: database, credentials: SyncCredentials.load(stateDirectory: directory)!, configuration: configuration,
        transport: counting, logger: logger)
    let start = ContinuousClock.now
    var uploaded = 0
    while true {
        if case .uploaded(let count, _) = try await sync.uploadRound(batchSize: batchSize) { uploaded += count } else { break }
    }
    let elapsed = ContinuousClock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    let pending = try database.syncRecord().pending
    precondition(uploaded == 10_000 && pending == 0)
    let (sent, received, requests) = counting.lock.withLock { (counting.sent, counting.received, counting.requests) }
    print(String(format: "catch-up (batch %d): 10,000 events in %.2f s, %d requests; on the wire %.1f bytes/event up, %.1f down", batchSize, seconds, requests, Double(sent) / 10_000, Double(received) / 10_000))
    _ = api
    task.cancel()
    _ = await task.result
}
