import CentralServer
import CentralSQLite
import Foundation
import SyncProtocol
import TestSupport
import Testing
import TurneroCore
import TurneroStore

/// Agents managed at the centre reach kiosks in the `staff` dataset (issue 16): hashed PINs
/// only, applied like any dataset, and what it says about an agent is what sign-in obeys.
@Suite("The staff dataset")
struct StaffDatasetTests {
    static func file(_ agents: [(id: String, pin: String, active: Bool)]) throws -> Data {
        let list = try agents.map { Agent(id: AgentID($0.id), name: $0.id.capitalized, pinHash: try PasswordHash.make($0.pin, rounds: 1_000), active: $0.active) }
        return try JSONEncoder().encode(list)
    }

    @Test func aClearPINOrABadAgentIsRefusedAtPublishing() throws {
        let clear = Data(#"[{"id":"ana","name":"Ana","pinHash":"4821"}]"#.utf8)
        #expect(throws: CentralError.self) { try DatasetFile.rows(name: DatasetName.staff, json: clear) }
        let bad = Data(#"[{"id":"Ana Pérez","name":"Ana","pinHash":"pbkdf2-sha256$1000$AA==$AA=="}]"#.utf8)
        #expect(throws: CentralError.self) { try DatasetFile.rows(name: DatasetName.staff, json: bad) }
        let twice = try Self.file([("ana", "4821", true), ("ana", "1111", true)])
        #expect(throws: CentralError.self) { try DatasetFile.rows(name: DatasetName.staff, json: twice) }
        let rows = try DatasetFile.rows(name: DatasetName.staff, json: try Self.file([("luis", "2222", true), ("ana", "4821", true)]))
        #expect(rows.map(\.key) == ["luis", "ana"] && rows.allSatisfy { !$0.value.contains("4821") && !$0.value.contains("2222") })
    }

    @Test func kiosksSignInWithTheCentresAgents() async throws {
        let directory = try TempDirectory("turnero-staff-dataset")
        defer { directory.remove() }
        let storage = try SQLiteCentralStorage(path: directory.path("central.sqlite"))
        let api = CentralAPI(storage: storage, configuration: Fixtures.permissive, logger: Fixtures.quiet)
        let kiosk = try TestKiosk(id: "kiosk-s", in: directory)
        try await kiosk.enroll(storage: storage, transport: InProcessTransport(api))
        let sync = try kiosk.sync(transport: InProcessTransport(api))
        let verify: PINVerifier = { PasswordHash.verify($0, against: $1) }
        _ = try await storage.publishDataset(
            name: DatasetName.staff, officeId: nil,
            rows: try DatasetFile.rows(name: DatasetName.staff, json: try Self.file([("ana", "4821", true), ("luis", "2222", true)])),
            now: Date())
        #expect(try await sync.refreshDatasets()[DatasetName.staff] == 1)
        #expect(try kiosk.store.agents().map(\.id) == ["ana", "luis"])
        #expect(try kiosk.store.signIn("ana", pin: "4821", counter: 1, verify: verify) == [.agentSignedIn(agent: "ana", counter: 1)])
        #expect(throws: StoreError.self) { try kiosk.store.signIn("luis", pin: "9999", counter: 2, verify: verify) }
        // The centre disables luis: the next version refuses him.
        _ = try await storage.publishDataset(
            name: DatasetName.staff, officeId: nil,
            rows: try DatasetFile.rows(name: DatasetName.staff, json: try Self.file([("ana", "4821", true), ("luis", "2222", false)])),
            now: Date())
        #expect(try await sync.refreshDatasets()[DatasetName.staff] == 2)
        let refused = #expect(throws: StoreError.self) { try kiosk.store.signIn("luis", pin: "2222", counter: 2, verify: verify) }
        #expect(refused?.code == .wrongPIN)
        // A local record (turnero staff add) wins over the dataset's for the same id.
        try kiosk.store.saveAgent(Agent(id: "luis", name: "Luis", pinHash: try PasswordHash.make("3333", rounds: 1_000)))
        try kiosk.store.signIn("luis", pin: "3333", counter: 2, verify: verify)
        #expect(try kiosk.store.agents().first { $0.id == "luis" }?.active == true)
    }
}
