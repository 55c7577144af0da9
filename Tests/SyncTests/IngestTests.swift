import CentralServer
import CentralSQLite
import Foundation
import SyncClient
import SyncProtocol
import Testing
import TurneroStore

/// The centre's ingest rules on a real SQLite file, through the API (no sockets).
@Suite("Central ingest")
struct IngestTests {
    /// A centre in process with one enrolled kiosk.
    struct Centre {
        let directory: TempDirectory
        let storage: SQLiteCentralStorage
        let api: CentralAPI
        let kiosk: TestKiosk
        let key: KioskSigningKey

        init() async throws {
            directory = try TempDirectory("turnero-ingest")
            storage = try SQLiteCentralStorage(path: directory.path("central.sqlite"))
            api = CentralAPI(storage: storage, configuration: Fixtures.permissive, logger: Fixtures.quiet)
            kiosk = try TestKiosk(id: "kiosk-i", in: directory)
            try await kiosk.enroll(storage: storage, transport: InProcessTransport(api))
            key = try SyncCredentials.load(stateDirectory: kiosk.directory)!.signingKey!
        }

        var epoch: String { kiosk.database.identity.dbEpoch }

        func event(_ seq: Int64, payload: String? = nil, id: String? = nil) -> WireEvent {
            WireEvent(
                seq: seq, eventId: id ?? UUID().uuidString.lowercased(), type: "counter.opened", day: "2026-11-23",
                occurredAt: 1_800_000_000_000 + seq, payload: payload ?? #"{"counter":\#(seq),"type":"counter.opened"}"#)
        }

        /// Posts a batch, signed; returns the status and body.
        func post(_ events: [WireEvent], from: Int64? = nil) async throws -> SyncHTTPResponse {
            let batch = EventBatch(
                dbEpoch: epoch, fromSeq: from ?? events.first?.seq ?? 1, toSeq: events.last?.seq ?? ((from ?? 1) - 1), events: events)
            let body = try SyncJSON.encode(batch)
            var random = SystemRandomNumberGenerator()
            let target = SyncPaths.events(kioskId: kiosk.id)
            let parts = RequestSignature.sign(
                method: "POST", target: target, body: body, kioskId: kiosk.id, timestamp: Date().millisecondsSince1970,
                nonce: RequestSignature.makeNonce(using: &random), key: key)
            return try await InProcessTransport(api).send(SyncHTTPRequest(
                method: "POST", target: target, headers: parts.headers + [("content-type", "application/json")], body: body))
        }

        func answer(_ response: SyncHTTPResponse) throws -> UploadResponse { try SyncJSON.decode(UploadResponse.self, from: response.body) }
        func error(_ response: SyncHTTPResponse) throws -> ErrorBody { try SyncJSON.decode(ErrorBody.self, from: response.body) }
    }

    @Test("a batch sent twice is stored once; counters count it once")
    func deduplication() async throws {
        let centre = try await Centre()
        defer { centre.directory.remove() }
        let events = (1...5).map { centre.event($0) }
        let first = try centre.answer(try await centre.post(events))
        #expect(first.acceptedThrough == 5 && first.results.allSatisfy { $0.status == .accepted })
        let again = try centre.answer(try await centre.post(events))
        #expect(again.acceptedThrough == 5 && again.results.allSatisfy { $0.status == .duplicate })
        let overlap = try centre.answer(try await centre.post(Array(events[3...]) + [centre.event(6)]))
        #expect(overlap.results.map(\.status) == [.duplicate, .duplicate, .accepted] && overlap.acceptedThrough == 6)
        #expect(try await centre.storage.storedEvents(kioskId: centre.kiosk.id).count == 6)
        #expect(try await centre.storage.countedEvents(kioskId: centre.kiosk.id) == 6)
    }

    @Test("a batch after a gap is refused with the high-water mark; nothing is stored")
    func gap() async throws {
        let centre = try await Centre()
        defer { centre.directory.remove() }
        _ = try await centre.post([centre.event(1), centre.event(2)])
        let response = try await centre.post([centre.event(4)])
        #expect(response.status == 409)
        let body = try centre.error(response)
        #expect(body.error == ErrorCode.gap && body.acceptedThrough == 2)
        #expect(try await centre.storage.storedEvents(kioskId: nil).count == 2)
    }

    @Test("same seq with different content: 409 seq_conflict and the whole batch rolls back")
    func seqConflict() async throws {
        let centre = try await Centre()
        defer { centre.directory.remove() }
        _ = try await centre.post([centre.event(1), centre.event(2)])
        let response = try await centre.post([centre.event(2), centre.event(3)])
        #expect(response.status == 409)
        let body = try centre.error(response)
        #expect(body.error == ErrorCode.seqConflict && body.conflictSeq == 2)
        #expect(try await centre.storage.storedEvents(kioskId: nil).count == 2)
        #expect(try await centre.storage.marks(kioskId: centre.kiosk.id, dbEpoch: centre.epoch).acceptedThrough == 2)
    }

    @Test("an invalid event becomes a dead letter and does not block the stream")
    func deadLetters() async throws {
        let centre = try await Centre()
        defer { centre.directory.remove() }
        let reused = UUID().uuidString.lowercased()
        let batch = [
            centre.event(1, id: reused), centre.event(2, payload: #"{"type":"turn.exploded"}"#), centre.event(3, id: "not-a-uuid"),
            centre.event(4, id: reused), centre.event(5),
        ]
        let answer = try centre.answer(try await centre.post(batch))
        #expect(answer.results.map(\.status) == [.accepted, .rejected, .rejected, .rejected, .accepted])
        #expect(answer.acceptedThrough == 5)
        let again = try centre.answer(try await centre.post(batch))
        #expect(again.results.allSatisfy { $0.status == .duplicate })
        let stored = try await centre.storage.storedEvents(kioskId: nil)
        #expect(stored.filter { $0.rejection != nil }.count == 3)
        #expect(try await centre.storage.countedEvents(kioskId: nil) == 2)
    }

    @Test("while the centre shuts down, batches get 503 + Retry-After and nothing is stored")
    func drainingAnswers503() async throws {
        let centre = try await Centre()
        defer { centre.directory.remove() }
        centre.api.beginDraining()
        let response = try await centre.post([centre.event(1)])
        #expect(response.status == 503 && Int(response.headers["retry-after"] ?? "") ?? 0 >= 1)
        #expect(try centre.error(response).error == ErrorCode.unavailable)
        #expect(try await centre.storage.storedEvents(kioskId: nil).isEmpty)
    }

    @Test("the kiosk stops on seq_conflict and says why in its status")
    func kioskBlocksOnConflict() async throws {
        let centre = try await Centre()
        defer { centre.directory.remove() }
        try centre.kiosk.issue(2)
        _ = try await centre.post([centre.event(1)])  // someone else's content at seq 1
        let sync = try centre.kiosk.sync(transport: InProcessTransport(centre.api))
        await #expect(throws: SyncError.self) { _ = try await sync.uploadRound(batchSize: 10) }
        let record = try centre.kiosk.database.syncRecord()
        #expect(record.blockedReason?.contains("seq_conflict") == true && record.pending == 2)
    }

    @Test("backups raise the archived mark to what the copy holds; the kiosk compacts only below it")
    func backupAndCompaction() async throws {
        let centre = try await Centre()
        defer { centre.directory.remove() }
        try centre.kiosk.issue(5)
        let sync = try centre.kiosk.sync(transport: InProcessTransport(centre.api))
        _ = try await sync.syncOnce()
        #expect(try await sync.compact() == 0)  // nothing archived yet
        #expect(try await centre.storage.backup(to: centre.directory.path("backup.sqlite")) == 1)
        try centre.kiosk.issue(3)
        _ = try await sync.syncOnce()
        let marks = try centre.kiosk.database.syncMarks()
        #expect(marks.acceptedThrough == 8 && marks.archivedThrough == 5)
        #expect(try centre.kiosk.outbox().map(\.seq) == [6, 7, 8])
        // With a retention, recent archived rows stay (local reports read them).
        _ = try await centre.storage.backup(to: centre.directory.path("backup.sqlite"))
        _ = try await sync.syncOnce()
        var keep = Fixtures.syncConfiguration(centre.kiosk.directory)
        keep.retention = 86_400
        let keeping = try KioskSync(
            database: centre.kiosk.database, credentials: SyncCredentials.load(stateDirectory: centre.kiosk.directory)!,
            configuration: keep, transport: InProcessTransport(centre.api), logger: Fixtures.quiet)
        #expect(try await keeping.compact() == 0)
        #expect(try centre.kiosk.database.syncMarks().archivedThrough == 8)
    }

    @Test("a centre restored from an older backup gets the missing events again")
    func restoredCentre() async throws {
        let centre = try await Centre()
        defer { centre.directory.remove() }
        try centre.kiosk.issue(4)
        let sync = try centre.kiosk.sync(transport: InProcessTransport(centre.api))
        _ = try await sync.syncOnce()
        _ = try await centre.storage.backup(to: centre.directory.path("backup.sqlite"))
        try centre.kiosk.issue(4)
        _ = try await sync.syncOnce()
        try centre.storage.close()
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: centre.directory.path("central.sqlite") + suffix) }
        try FileManager.default.copyItem(atPath: centre.directory.path("backup.sqlite"), toPath: centre.directory.path("central.sqlite"))
        let restored = try SQLiteCentralStorage(path: centre.directory.path("central.sqlite"))
        let api = CentralAPI(storage: restored, configuration: Fixtures.permissive, logger: Fixtures.quiet)
        let again = try centre.kiosk.sync(transport: InProcessTransport(api))
        let report = try await again.syncOnce()
        #expect(report.rewinds == 1 && report.uploaded == 4)
        #expect(try await restored.storedEvents(kioskId: nil).count == 8)
    }
}
