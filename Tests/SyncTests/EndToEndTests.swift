import CentralServer
import Foundation
import Logging
import SyncClient
import SyncProtocol
import TestSupport
import Testing
import TurneroCore
import TurneroStore

/// Two kiosks and a centre on real HTTP over 127.0.0.1, through the fault-injecting proxy.
@Suite("Sync end to end over HTTP", .serialized)
struct EndToEndTests {
    /// Issued events per kiosk, read from the outbox right after issuing (compaction deletes later).
    final class Ledger: @unchecked Sendable {  // used by one task per kiosk
        var entries: [Int64: OutboxEntry] = [:]

        func record(_ kiosk: TestKiosk) throws {
            let next = (entries.keys.max() ?? 0) + 1
            for entry in try kiosk.store.outboxEntries(from: next, limit: 10_000) { entries[entry.seq] = entry }
        }
    }

    static func schedule(seed: UInt64, faultShare: Double) -> @Sendable (Int) -> FaultProxy.Fault {
        { index in
            var random = SplitMix64(seed: seed &+ UInt64(index) &* 7919)
            guard Double.random(in: 0..<1, using: &random) < faultShare else { return .pass }
            switch Int.random(in: 0..<5, using: &random) {
            case 0: return .dropRequest
            case 1: return .dropResponse
            case 2: return .truncateResponse
            case 3: return .delay(Int.random(in: 5...80, using: &random))
            default: return .reset
            }
        }
    }

    @Test("two kiosks, faults on every other request, backups and compaction: the centre ends with exactly their events")
    func twoKiosksWithFaults() async throws {
        let directory = try TempDirectory("turnero-e2e")
        defer { directory.remove() }
        let server = try await RunningServer.start(database: directory.path("central.sqlite"))
        let faulty = Locked(true)
        let chaos = Self.schedule(seed: 20_261_123, faultShare: 0.5)
        let proxy = try FaultProxy(upstreamPort: server.port) { index in faulty.value ? chaos(index) : .pass }
        defer { proxy.stop() }
        let url = "http://127.0.0.1:\(proxy.port)"
        let officeJSON = try Fixtures.officeJSON(officeId: "office-1")
        _ = try await server.storage.publishDataset(
            name: DatasetName.officeConfig, officeId: "office-1",
            rows: try DatasetFile.rows(name: DatasetName.officeConfig, json: officeJSON), now: Date())
        _ = try await server.storage.publishDataset(
            name: DatasetName.bills, officeId: nil,
            rows: (1...300).map { DatasetRow(key: String(format: "%08d", $0), value: #"{"amount":\#($0 * 1000)}"#) }, now: Date())

        var kiosks: [TestKiosk] = []
        for id in ["office-1-kiosk-1", "office-1-kiosk-2"] {
            let kiosk = try TestKiosk(id: id, in: directory)
            let direct = try HTTPTransport(baseURL: server.url)
            try await kiosk.enroll(storage: server.storage, transport: direct, server: url)
            kiosks.append(kiosk)
        }
        let ledgers = [Ledger(), Ledger()]

        // Kiosk 1: the real background service, poked after each burst of events.
        let service = SyncService(sync: try kiosks[0].sync(transport: HTTPTransport(baseURL: url, timeout: 2)), logger: Fixtures.quiet)
        let running = Task { try await service.run() }
        // Kiosk 2: rounds by hand, with a compaction and a centre backup now and then.
        let sync2 = try kiosks[1].sync(transport: HTTPTransport(baseURL: url, timeout: 2))
        var random = SplitMix64(seed: 99)
        for round in 0..<60 {
            try kiosks[0].issue(Int.random(in: 0...6, using: &random))
            try ledgers[0].record(kiosks[0])
            service.poke()
            try kiosks[1].issue(Int.random(in: 0...6, using: &random))
            try ledgers[1].record(kiosks[1])
            _ = try? await sync2.uploadRound(batchSize: 7)
            if round % 10 == 9 {
                _ = try await server.storage.backup(to: directory.path("backup-\(round).sqlite"))
                _ = try? await sync2.compact()
            }
        }
        running.cancel()
        _ = await running.result

        // The link heals: a final clean sync of both.
        faulty.withLock { $0 = false }
        for (index, kiosk) in kiosks.enumerated() {
            let sync = try kiosk.sync(transport: HTTPTransport(baseURL: url))
            let report = try await sync.syncOnce(batchSize: 50)
            #expect(report.datasets.isEmpty || report.datasets[DatasetName.bills] == 1)
            let stored = try await server.storage.storedEvents(kioskId: kiosk.id)
            #expect(stored.allSatisfy { $0.rejection == nil })
            let centre = stored.map { "\($0.seq) \($0.eventId ?? "") \($0.payload)" }
            let expected = ledgers[index].entries.values.sorted { $0.seq < $1.seq }
                .map { "\($0.seq) \($0.event.id.uuidString.lowercased()) \($0.payloadJSON)" }
            #expect(centre == expected, "\(kiosk.id): centre \(centre.count) events, kiosk issued \(expected.count)")
            #expect(try kiosk.database.syncRecord().pending == 0)
            #expect(try kiosk.database.datasetVersions()[DatasetName.bills]?.version == 1)
            #expect(try kiosk.database.datasetRows(name: DatasetName.bills).count == 300)
            let officeFile = FileManager.default.contents(atPath: kiosk.directory + "/office.json")
            #expect(officeFile == officeJSON)
        }
        #expect(try await server.storage.countedEvents(kioskId: nil) == Int64(ledgers.map(\.entries.count).reduce(0, +)))
        let faults = proxy.applied.withLock { $0 }
        #expect(faults.filter { $0 != .pass }.count >= 10, "too few faults injected: \(faults)")
        await server.stop()
    }

    @Test("a new dataset version is swapped in after verification; 304 when current")
    func datasetVersions() async throws {
        let directory = try TempDirectory("turnero-datasets")
        defer { directory.remove() }
        let server = try await RunningServer.start(database: directory.path("central.sqlite"))
        let kiosk = try TestKiosk(id: "kiosk-d", in: directory)
        let http = try HTTPTransport(baseURL: server.url)
        try await kiosk.enroll(storage: server.storage, transport: http, server: server.url)
        let sync = try kiosk.sync(transport: http)
        #expect(try await sync.refreshDatasets().isEmpty)
        _ = try await server.storage.publishDataset(
            name: DatasetName.bills, officeId: nil, rows: [DatasetRow(key: "a", value: "{\"n\":1}")], now: Date())
        #expect(try await sync.refreshDatasets() == [DatasetName.bills: 1])
        #expect(try await sync.refreshDatasets().isEmpty)  // 304
        _ = try await server.storage.publishDataset(
            name: DatasetName.bills, officeId: nil,
            rows: [DatasetRow(key: "b", value: "{\"n\":2}"), DatasetRow(key: "c", value: "{\"n\":3}")], now: Date())
        #expect(try await sync.refreshDatasets(advertised: [DatasetName.bills: 2]) == [DatasetName.bills: 2])
        #expect(try kiosk.database.datasetRows(name: DatasetName.bills).map(\.key) == ["b", "c"])
        #expect(try kiosk.database.datasetRow(name: DatasetName.bills, key: "a") == nil)
        await server.stop()
    }

    @Test("a corrupted snapshot is refused and the current version stays")
    func corruptedSnapshotIsRefused() async throws {
        let directory = try TempDirectory("turnero-corrupt")
        defer { directory.remove() }
        let server = try await RunningServer.start(database: directory.path("central.sqlite"))
        let kiosk = try TestKiosk(id: "kiosk-c", in: directory)
        try await kiosk.enroll(storage: server.storage, transport: HTTPTransport(baseURL: server.url), server: server.url)
        _ = try await server.storage.publishDataset(
            name: DatasetName.bills, officeId: nil, rows: [DatasetRow(key: "a", value: "{}")], now: Date())
        // A transport that flips one byte of the dataset body (after the TCP checksum, say).
        struct Corrupting: SyncTransport {
            let inner: HTTPTransport
            func send(_ request: SyncHTTPRequest) async throws -> SyncHTTPResponse {
                var response = try await inner.send(request)
                if request.target.hasPrefix("/v1/datasets"), let index = response.body.firstIndex(of: UInt8(ascii: "{")) {
                    if let brace = response.body[(index + 1)...].firstIndex(of: UInt8(ascii: "{")) { response.body[brace + 1] = UInt8(ascii: " ") }
                }
                return response
            }
        }
        let sync = try kiosk.sync(transport: Corrupting(inner: try HTTPTransport(baseURL: server.url)))
        await #expect(throws: SyncError.self) { try await sync.refreshDatasets() }
        #expect(try kiosk.database.datasetVersions().isEmpty)
        await server.stop()
    }

    @Test("an office configuration naming another office is refused: the kiosk keeps its own")
    func anotherOfficesConfigurationIsRefused() async throws {
        let directory = try TempDirectory("turnero-foreign-config")
        defer { directory.remove() }
        let server = try await RunningServer.start(database: directory.path("central.sqlite"))
        let kiosk = try TestKiosk(id: "kiosk-f", in: directory)
        try await kiosk.enroll(storage: server.storage, transport: HTTPTransport(baseURL: server.url), server: server.url)
        // Published for every office by mistake: the document names office 'office-2'.
        _ = try await server.storage.publishDataset(
            name: DatasetName.officeConfig, officeId: nil,
            rows: try DatasetFile.rows(name: DatasetName.officeConfig, json: Fixtures.officeJSON(officeId: "office-2")), now: Date())
        let sync = try kiosk.sync(transport: HTTPTransport(baseURL: server.url))
        let error = await #expect(throws: SyncError.self) { try await sync.refreshDatasets() }
        #expect(error?.message.contains("'office-2'") == true && error?.message.contains("'office-1'") == true, "\(String(describing: error))")
        #expect(try kiosk.database.datasetVersions()[DatasetName.officeConfig] == nil)
        #expect(!FileManager.default.fileExists(atPath: (kiosk.directory as NSString).appendingPathComponent("office.json")))
        // Its own office's configuration, published next, is applied.
        _ = try await server.storage.publishDataset(
            name: DatasetName.officeConfig, officeId: "office-1",
            rows: try DatasetFile.rows(name: DatasetName.officeConfig, json: Fixtures.officeJSON(officeId: "office-1")), now: Date())
        _ = try await sync.refreshDatasets()
        #expect(try kiosk.database.datasetVersions()[DatasetName.officeConfig] != nil)
        await server.stop()
    }
}
