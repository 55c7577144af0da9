import CentralServer
import CentralSQLite
import Foundation
import SyncClient
import SyncProtocol
import Testing
import TurneroStore

/// Finding 7: the centre restored from an older backup than the kiosk compacted against.
@Suite("Recovery after a restore from an older backup", .serialized)
struct RestoreRecoveryTests {
    @Test("the kiosk declares what it already deleted, the centre records a permanent gap, later events all arrive")
    func olderBackupRestored() async throws {
        let directory = try TempDirectory("turnero-restore")
        defer { directory.remove() }
        let path = directory.path("central.sqlite")
        var storage = try SQLiteCentralStorage(path: path)
        var api = CentralAPI(storage: storage, configuration: Fixtures.permissive, logger: Fixtures.quiet)
        let apiBox = Locked(api)
        let transport = InProcessTransport(resolving: { apiBox.value })
        let kiosk = try TestKiosk(id: "kiosk-r", in: directory)
        try await kiosk.enroll(storage: storage, transport: transport)

        try kiosk.issue(10)
        #expect(try await kiosk.sync(transport: transport).syncOnce().uploaded == 10)
        _ = try await storage.backup(to: directory.path("monday.sqlite"))  // the older backup: 1…10
        try kiosk.issue(10)
        #expect(try await kiosk.sync(transport: transport).syncOnce().uploaded == 10)
        _ = try await storage.backup(to: directory.path("tuesday.sqlite"))  // the later one: 1…20
        // The kiosk learns the archived mark and compacts (retention 0 in tests): 1…20 are gone here.
        _ = try await kiosk.sync(transport: transport).syncOnce()
        #expect(try kiosk.outbox().isEmpty)
        try kiosk.issue(5)
        #expect(try await kiosk.sync(transport: transport).syncOnce().uploaded == 5)

        // The operator restores Monday's backup (the older one).
        try storage.close()
        _ = try SQLiteCentralStorage.restore(from: directory.path("monday.sqlite"), to: path, replace: true)
        storage = try SQLiteCentralStorage(path: path)
        api = CentralAPI(storage: storage, configuration: Fixtures.permissive, logger: Fixtures.quiet)
        apiBox.withLock { $0 = api }
        #expect(try await storage.eventTotals(kioskId: kiosk.id).events == 10)

        // More events happen; the kiosk syncs: nothing blocks, nothing after the loss is lost.
        try kiosk.issue(3)
        let recovery = try await kiosk.sync(transport: transport).syncOnce()
        #expect(recovery.rewinds >= 1)
        let record = try kiosk.database.syncRecord()
        #expect(record.blockedReason == nil && record.pending == 0 && record.declaredLost == 10)
        let stored = try await storage.storedEvents(kioskId: kiosk.id)
        #expect(stored.map(\.seq) == Array(1...10) + Array(21...28))
        #expect(stored.allSatisfy { $0.rejection == nil })
        #expect(try await storage.countedEvents(kioskId: kiosk.id) == 18)
        let local = try kiosk.outbox().map { "\($0.seq) \($0.event.id.uuidString.lowercased())" }
        let centre = stored.filter { $0.seq > 20 }.map { "\($0.seq) \($0.eventId ?? "")" }
        #expect(local == centre)
        // The gap is permanent, counted and visible.
        let gaps = try await storage.streamGaps(kioskId: kiosk.id)
        #expect(gaps.map { "\($0.fromSeq)-\($0.toSeq)" } == ["11-20"])
        // Later syncs go on normally.
        try kiosk.issue(2)
        #expect(try await kiosk.sync(transport: transport).syncOnce().uploaded == 2)
        #expect(try await storage.streamGaps(kioskId: kiosk.id).count == 1)
        try storage.close()
    }
}
