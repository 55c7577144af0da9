import CentralServer
import Foundation
import SyncClient
import SyncProtocol
import Synchronization
import TestSupport
import TurneroStore

/// One step of the model: what the world does next.
enum ModelOp: Hashable, Sendable, CustomStringConvertible {
    enum Fault: Hashable, Sendable { case none, lostRequest, lostResponse }

    case issue(kiosk: Int, count: Int)
    case upload(kiosk: Int, fault: Fault)
    /// Two uploaders of one kiosk (service and `sync once`) send at the same time.
    case concurrentRetry(kiosk: Int)
    /// An earlier request is sent again: verbatim (same nonce), and re-signed (a retry).
    case replay(kiosk: Int)
    case serverRestart
    case backup
    /// The live centre database is lost and its latest backup restored.
    case restore
    case compact(kiosk: Int)
    /// The kiosk process dies (anything in flight is lost) and restarts.
    case crash(kiosk: Int)

    /// Maps a generated integer (0…9999) to a step; the weights favour uploads with faults.
    static func decode(_ value: Int) -> ModelOp {
        let kiosk = (value / 100) % 2
        switch value % 100 {
        case 0..<25: return .issue(kiosk: kiosk, count: 1 + (value / 200) % 4)
        case 25..<47: return .upload(kiosk: kiosk, fault: .none)
        case 47..<55: return .upload(kiosk: kiosk, fault: .lostRequest)
        case 55..<64: return .upload(kiosk: kiosk, fault: .lostResponse)
        case 64..<71: return .concurrentRetry(kiosk: kiosk)
        case 71..<75: return .replay(kiosk: kiosk)
        case 75..<79: return .serverRestart
        case 79..<85: return .backup
        case 85..<88: return .restore
        case 88..<95: return .compact(kiosk: kiosk)
        default: return .crash(kiosk: kiosk)
        }
    }

    var description: String {
        switch self {
        case .issue(let k, let n): "issue(k\(k),\(n))"
        case .upload(let k, let fault): "upload(k\(k)\(fault == .none ? "" : ",\(fault)"))"
        case .concurrentRetry(let k): "concurrentRetry(k\(k))"
        case .replay(let k): "replay(k\(k))"
        case .serverRestart: "serverRestart"
        case .backup: "backup"
        case .restore: "restore"
        case .compact(let k): "compact(k\(k))"
        case .crash(let k): "crash(k\(k))"
        }
    }
}

/// Which deliberately broken behaviour to run with (none: the real code).
struct ModelVariant: Sendable {
    /// The client marks a batch accepted and archived as soon as it sends it.
    var ackOnSend = false
    /// The centre checks for existing events, then inserts, in separate transactions.
    var checkThenInsert = false

    static let correct = ModelVariant()
}

/// Runs a sequence of steps against two real kiosks (SQLite files, the real client) and the
/// real centre (SQLite file, the real API), and returns every broken invariant.
final class SyncModel: @unchecked Sendable {  // used by one task at a time
    let variant: ModelVariant
    let directory: TempDirectory
    let server: ModelServer
    var kiosks: [TestKiosk] = []
    /// What each kiosk issued, by seq: the reference set.
    var issued: [[Int64: OutboxEntry]] = [[:], [:]]
    /// Highest high-water mark the centre ever reported per kiosk.
    var maxHighWater: [Int64] = [0, 0]
    /// Last signed upload request per kiosk, for replays.
    let lastRequest = Locked<[Int: SyncHTTPRequest]>([:])
    var violations: [String] = []

    init(variant: ModelVariant) async throws {
        self.variant = variant
        directory = try TempDirectory("turnero-model")
        server = try ModelServer(directory: directory, checkThenInsert: variant.checkThenInsert)
        for index in 0..<2 {
            let kiosk = try TestKiosk(id: "kiosk-\(index)", in: directory)
            try await kiosk.enroll(storage: server.storage, transport: InProcessTransport(server.api))
            kiosks.append(kiosk)
        }
    }

    deinit { directory.remove() }

    /// Runs `ops`, checks invariants after each, then a final clean sync and equality.
    static func check(_ ops: [ModelOp], variant: ModelVariant = .correct) async -> [String] {
        do {
            let model = try await SyncModel(variant: variant)
            return try await model.run(ops)
        } catch {
            return ["model setup failed: \(error)"]
        }
    }

    func run(_ ops: [ModelOp]) async throws -> [String] {
        for (index, op) in ops.enumerated() {
            try await perform(op)
            try await checkInvariants(after: "step \(index) \(op)")
            if !violations.isEmpty { return violations }
        }
        try await finalSync()
        return violations
    }

    func transport(_ kiosk: Int, fault: ModelOp.Fault = .none) -> ModelTransport {
        let database = kiosks[kiosk].database
        return ModelTransport(
            server: server, fault: fault, ackOnSend: variant.ackOnSend ? database : nil,
            record: { [lastRequest] request in lastRequest.withLock { $0[kiosk] = request } })
    }

    private func perform(_ op: ModelOp) async throws {
        switch op {
        case .issue(let kiosk, let count):
            try kiosks[kiosk].issue(count)
            let known = issued[kiosk].keys.max() ?? 0
            for entry in try kiosks[kiosk].store.outboxEntries(from: known + 1, limit: 100) { issued[kiosk][entry.seq] = entry }
        case .upload(let kiosk, let fault):
            _ = try? await kiosks[kiosk].sync(transport: transport(kiosk, fault: fault)).uploadRound(batchSize: 4)
        case .concurrentRetry(let kiosk):
            // A second process: its own connection to the same file.
            let other = try TurneroDatabase.open(at: kiosks[kiosk].directory + "/turnero.sqlite")
            let first = try kiosks[kiosk].sync(transport: transport(kiosk))
            let second = try KioskSync(
                database: other, credentials: SyncCredentials.load(stateDirectory: kiosks[kiosk].directory)!,
                configuration: Fixtures.syncConfiguration(kiosks[kiosk].directory), transport: transport(kiosk),
                logger: Fixtures.quiet)
            server.rendezvous.arm()
            async let a = try? first.uploadRound(batchSize: 4)
            async let b = try? second.uploadRound(batchSize: 4)
            _ = await (a, b)
            server.rendezvous.disarm()
        case .replay(let kiosk):
            guard let request = lastRequest.withLock({ $0[kiosk] }) else { return }
            // Verbatim: the nonce was seen (unless the centre restarted since): refused or harmless.
            _ = try? await InProcessTransport(server.api).send(request)
            // Re-signed with a fresh nonce, as a retry of the same body.
            let credentials = try SyncCredentials.load(stateDirectory: kiosks[kiosk].directory)!
            var random = SystemRandomNumberGenerator()
            let parts = RequestSignature.sign(
                method: "POST", target: request.target, body: request.body, kioskId: credentials.kioskId,
                timestamp: Date().millisecondsSince1970, nonce: RequestSignature.makeNonce(using: &random),
                key: credentials.signingKey!)
            let resigned = SyncHTTPRequest(
                method: "POST", target: request.target,
                headers: parts.headers + [("content-type", "application/json"), ("content-encoding", "gzip")], body: request.body)
            _ = try? await InProcessTransport(server.api).send(resigned)
        case .serverRestart:
            try server.restart()
        case .backup:
            try await server.backup()
        case .restore:
            try server.restore()
        case .compact(let kiosk):
            _ = try? await kiosks[kiosk].sync(transport: transport(kiosk)).compact()
        case .crash(let kiosk):
            try kiosks[kiosk].reopen()
        }
    }

    private func checkInvariants(after step: String) async throws {
        let all = try await server.storage.storedEvents(kioskId: nil)
        for (index, kiosk) in kiosks.enumerated() {
            let stored = all.filter { $0.kioskId == kiosk.id }
            let accepted = stored.filter { $0.rejection == nil }
            if Set(stored.map(\.seq)).count != stored.count {
                violations.append("\(step): duplicate seq at the centre for \(kiosk.id)")
            }
            let ids = accepted.compactMap(\.eventId)
            if Set(ids).count != ids.count { violations.append("\(step): duplicate event id at the centre for \(kiosk.id)") }
            let counted = try await server.storage.countedEvents(kioskId: kiosk.id)
            if counted != Int64(accepted.count) {
                violations.append("\(step): counters say \(counted) events for \(kiosk.id), \(accepted.count) stored (double count)")
            }
            for event in stored {
                guard let mine = issued[index][event.seq], mine.event.id.uuidString.lowercased() == event.eventId,
                    mine.payloadJSON == event.payload, event.rejection == nil
                else {
                    violations.append("\(step): centre holds seq \(event.seq) of \(kiosk.id) that differs from what was issued")
                    continue
                }
            }
            let marks = try await server.storage.marks(kioskId: kiosk.id, dbEpoch: kiosk.database.identity.dbEpoch)
            maxHighWater[index] = max(maxHighWater[index], marks.acceptedThrough)
            let local = try kiosk.database.syncMarks()
            if local.acceptedThrough > maxHighWater[index] {
                violations.append("\(step): \(kiosk.id) marked seq ≤ \(local.acceptedThrough) accepted; the centre never held past \(maxHighWater[index])")
            }
            let present = Set(try kiosk.outbox().map(\.seq))
            let storedSeqs = Set(accepted.map(\.seq))
            for seq in issued[index].keys where !present.contains(seq) && !storedSeqs.contains(seq) {
                violations.append("\(step): \(kiosk.id) deleted seq \(seq), which the centre does not hold (lost)")
            }
        }
    }

    /// A final clean sync of both kiosks; then the centre must hold exactly what was issued.
    private func finalSync() async throws {
        server.rendezvous.disarm()
        for (index, kiosk) in kiosks.enumerated() {
            do {
                _ = try await kiosk.sync(transport: transport(index)).syncOnce(batchSize: 50)
            } catch {
                violations.append("final sync of \(kiosk.id) failed: \(error)")
            }
            let stored = try await server.storage.storedEvents(kioskId: kiosk.id).filter { $0.rejection == nil }
            let centre = Set(stored.map { "\($0.seq) \($0.eventId ?? "-") \($0.payload)" })
            let expected = Set(issued[index].values.map { "\($0.seq) \($0.event.id.uuidString.lowercased()) \($0.payloadJSON)" })
            if centre != expected || stored.count != issued[index].count {
                violations.append(
                    "after the final sync the centre holds \(stored.count) events of \(kiosk.id), "
                        + "\(centre.subtracting(expected).count) unknown, \(expected.subtracting(centre).count) missing; \(issued[index].count) issued")
            }
            let marks = try kiosk.database.syncMarks()
            if marks.acceptedThrough != Int64(issued[index].count) {
                violations.append("after the final sync \(kiosk.id) has accepted_through \(marks.acceptedThrough) of \(issued[index].count)")
            }
            if try kiosk.database.integrityCheck() != ["ok"] { violations.append("\(kiosk.id) fails integrity_check") }
        }
    }
}

/// The model's network: calls the centre's API in process, losing the request or the answer
/// when told; optionally the broken client that acknowledges on send.
struct ModelTransport: SyncTransport {
    let server: ModelServer
    let fault: ModelOp.Fault
    let ackOnSend: TurneroDatabase?
    let record: @Sendable (SyncHTTPRequest) -> Void

    func send(_ request: SyncHTTPRequest) async throws -> SyncHTTPResponse {
        if request.method == "POST", request.target.hasSuffix("/events") {
            record(request)
            if let database = ackOnSend,
                let batch = try? SyncJSON.decode(EventBatch.self, from: Gzip.decompress(request.body, limit: 1 << 26)),
                !batch.events.isEmpty
            {
                // BROKEN ON PURPOSE: acknowledges (and archives) what it only sent.
                try database.applySyncAcknowledgement(acceptedThrough: batch.toSeq, archivedThrough: batch.toSeq)
            }
        }
        if fault == .lostRequest { throw InjectedFault(description: "request lost") }
        let response = try await InProcessTransport(resolving: { [server] in server.api }).send(request)
        if fault == .lostResponse { throw InjectedFault(description: "response lost after the centre committed") }
        return response
    }
}
