@testable import CentralServer
import Foundation
import SyncProtocol
import TestSupport
import Testing
import TurneroCore

/// The managers' staff page (issue 16): agents per office, added, disabled, enabled and given a
/// new PIN through CSRF-protected forms, each change a new version of the office's `staff`
/// dataset; the PIN is hashed and never shown.
@Suite("Staff page at the centre")
struct StaffPageTests {
    static func agents(_ storage: any CentralStorage, _ office: String) async throws -> [String: Agent] {
        let rows = try await storage.dataset(name: DatasetName.staff, officeId: office)?.rows ?? []
        return Dictionary(uniqueKeysWithValues: try rows.map { row in
            let agent = try JSONDecoder().decode(Agent.self, from: Data(row.value.utf8))
            return (agent.id.rawValue, agent)
        })
    }

    @Test("a manager adds, disables, enables and re-PINs an agent; the dataset follows", arguments: Backend.enabled)
    func managesAgents(_ backend: Backend) async throws {
        try await withTestStorage(backend) { storage in
            var configuration = Fixtures.permissive
            configuration.pinRounds = 1_000
            let clock = TestClock(QualityReportTests.morning)
            let api = CentralAPI(storage: storage.storage, configuration: configuration, logger: Fixtures.quiet, clock: clock.function)
            try await DashboardTests.operators(storage.storage)
            let kiosk = try TestKiosk(id: "kiosk-staff", in: storage.directory, clock: clock)
            try await kiosk.enroll(storage: storage.storage, transport: InProcessTransport(api), office: OfficeScenario.office)
            let office = OfficeScenario.office
            let manager = Session(api)
            #expect(await manager.login("gerente", "clave-de-gerente").status == 303)
            let page = await manager.get("/dashboard/staff?office=\(office)")
            #expect(page.status == 200 && page.text.contains("Agregar asesor"))
            let csrf = try #require(Session.csrf(in: page.text))
            func post(_ form: [String: String]) async -> APIResponse {
                await manager.post("/dashboard/staff", form: form.merging(["csrf": csrf, "office": office]) { $1 })
            }
            #expect(await post(["action": "add", "agent": "ana", "name": "Ana Pérez", "pin": "4821"]).status == 303)
            var agents = try await Self.agents(storage.storage, office)
            let ana = try #require(agents["ana"])
            #expect(ana.name == "Ana Pérez" && ana.active && PasswordHash.verify("4821", against: ana.pinHash))
            var listed = await manager.get("/dashboard/staff?office=\(office)")
            #expect(listed.text.contains(#"<tr data-agent="ana"><td>ana</td><td>Ana Pérez</td><td data-state="active">"#))
            #expect(!listed.text.contains("4821") && !listed.text.contains(ana.pinHash))

            // Bad input: a clear message, nothing published.
            let version = try await storage.storage.dataset(name: DatasetName.staff, officeId: office)?.version
            for (form, message) in [
                (["action": "add", "agent": "ana", "name": "Otra", "pin": "1234"], "Ya existe un asesor con ese código."),
                (["action": "add", "agent": "luis", "name": "Luis", "pin": "12"], "El PIN debe tener de 4 a 8 dígitos."),
                (["action": "add", "agent": "Luis Díaz", "name": "Luis", "pin": "1234"], "Asesor no válido"),
                (["action": "add", "agent": "luis", "name": " ", "pin": "1234"], "Asesor no válido"),
                (["action": "pin", "agent": "nadie", "pin": "1234"], "No hay un asesor con ese código"),
                (["action": "borrar", "agent": "ana"], "Acción desconocida."),
            ] {
                let refused = await post(form)
                #expect(refused.status == 400 && refused.text.contains(message), "\(form): \(refused.text.prefix(200))")
            }
            #expect(try await storage.storage.dataset(name: DatasetName.staff, officeId: office)?.version == version)

            #expect(await post(["action": "disable", "agent": "ana"]).status == 303)
            #expect(try await Self.agents(storage.storage, office)["ana"]?.active == false)
            listed = await manager.get("/dashboard/staff?office=\(office)")
            #expect(listed.text.contains(#"<td data-state="disabled">desactivado</td>"#))
            #expect(await post(["action": "enable", "agent": "ana"]).status == 303)
            #expect(await post(["action": "pin", "agent": "ana", "pin": "90817"]).status == 303)
            agents = try await Self.agents(storage.storage, office)
            #expect(agents["ana"]?.active == true && PasswordHash.verify("90817", against: agents["ana"]!.pinHash))
            #expect(!PasswordHash.verify("4821", against: agents["ana"]!.pinHash))

            // The office's kiosk receives the dataset with its next sync.
            _ = try await kiosk.sync(transport: InProcessTransport(api)).syncOnce()
            #expect(try kiosk.store.agents().map(\.id) == ["ana"])

            // Forms without the session's token, and agents, are refused.
            #expect(await manager.post("/dashboard/staff", form: ["office": office, "action": "disable", "agent": "ana"]).status == 403)
            let agent = Session(api)
            #expect(await agent.login("agente", "clave-de-agente").status == 303)
            #expect(await agent.get("/dashboard/staff").status == 403)
            let agentCSRF = try #require(Session.csrf(in: (await agent.get("/dashboard/escalations")).text))
            #expect(await agent.post("/dashboard/staff", form: ["csrf": agentCSRF, "office": office, "action": "disable", "agent": "ana"]).status == 403)
            #expect(try await Self.agents(storage.storage, office)["ana"]?.active == true)
        }
    }
}
