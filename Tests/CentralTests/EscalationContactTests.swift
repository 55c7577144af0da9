@testable import CentralServer
import Foundation
import SyncProtocol
import TestSupport
import Testing
import TurneroCore
import TurneroStore

/// The customer's contact for an escalation's answer at the centre (issue 16): it travels from
/// the counter apart from the events, is shown in full only to the operator working the
/// escalation, masked to everyone else, and is erased after the retention once it is closed.
@Suite("Escalation contacts at the centre")
struct EscalationContactTests {
    @Test("a consented phone reaches the centre, masked but for who works it, erased after the retention", arguments: Backend.enabled)
    func contactToErasure(_ backend: Backend) async throws {
        try await withTestStorage(backend) { storage in
            let clock = TestClock(QualityReportTests.morning)
            let api = CentralAPI(storage: storage.storage, configuration: Fixtures.permissive, logger: Fixtures.quiet, clock: clock.function)
            let kiosk = try TestKiosk(id: "kiosk-contacto", in: storage.directory, clock: clock)
            try await kiosk.enroll(storage: storage.storage, transport: InProcessTransport(api), office: OfficeScenario.office)
            try kiosk.store.saveAgent(Agent(id: "luis", name: "Luis Díaz", pinHash: "test$2222"))
            try kiosk.store.signIn("luis", pin: "2222", counter: 3, verify: QualityReportTests.verify)
            _ = try kiosk.store.issueTurn(service: "reclamos", preferential: false)
            _ = try kiosk.store.call(counter: 3)
            _ = try kiosk.store.start(counter: 3)
            let contact = try #require(CustomerContact(parsing: "300 123 4567"))
            let escalation = try #require(try kiosk.store.finish(
                counter: 3, record: FinishRecord(types: ["reclamo"], resolution: .escalated, area: "facturacion", contact: contact)).escalation)
            _ = try await kiosk.sync(transport: InProcessTransport(api)).syncOnce()
            #expect(try kiosk.store.escalationContacts().isEmpty, "the kiosk kept a contact the centre has")
            let id = escalation.id.uuidString
            #expect(try await storage.storage.escalations(officeId: nil, openOnly: true, limit: 5).first?.contact == contact)

            try await DashboardTests.operators(storage.storage)
            let manager = Session(api)
            #expect(await manager.login("gerente", "clave-de-gerente").status == 303)
            let agent = Session(api)
            #expect(await agent.login("agente", "clave-de-agente").status == 303)
            var page = await manager.get("/dashboard/escalations")
            #expect(page.text.contains(#"<span data-contact="masked">300 *** **67</span>"#) && !page.text.contains("300 123 4567"))
            let csrf = try #require(Session.csrf(in: (await agent.get("/dashboard/escalations")).text))
            #expect(await agent.post("/dashboard/escalations/\(id)/take", form: ["csrf": csrf]).status == 303)
            #expect((await agent.get("/dashboard/escalations")).text.contains(#"<span data-contact="full">300 123 4567</span>"#))
            page = await manager.get("/dashboard/escalations")
            #expect(!page.text.contains("300 123 4567") && page.text.contains(#"data-worked-by="agente""#))
            let managerCSRF = try #require(Session.csrf(in: page.text))
            #expect(await manager.post("/dashboard/escalations/\(id)/take", form: ["csrf": managerCSRF]).status == 409)
            #expect(await agent.post("/dashboard/escalations/\(id)/take", form: [:]).status == 403)  // no CSRF token

            // Closed, then kept for the retention (30 days by default), then erased.
            #expect(await agent.post("/dashboard/escalations/\(id)/close", form: ["csrf": csrf, "answer": "Se llamó al cliente"]).status == 303)
            let retention = Fixtures.permissive.callbackPolicy.contactRetention
            await api.site.maintainCallbacks(now: clock.date.addingTimeInterval(retention - 60))
            #expect(try await storage.storage.escalations(officeId: nil, openOnly: false, limit: 5).first?.contact == contact)
            await api.site.maintainCallbacks(now: clock.date.addingTimeInterval(retention + 60))
            let erased = try #require(try await storage.storage.escalations(officeId: nil, openOnly: false, limit: 5).first)
            #expect(erased.contact == nil && erased.opening.contactGiven)
            // Sent again (a kiosk restored from a backup): not kept.
            #expect(try await storage.storage.storeEscalationContact(
                kioskId: kiosk.id, escalationId: id, contact: contact, consentAt: clock.date, closedSince: .distantPast, now: clock.date) == .discarded)
            #expect(try await storage.storage.storeEscalationContact(
                kioskId: "otro-kiosco", escalationId: id, contact: contact, consentAt: clock.date, closedSince: .distantPast, now: clock.date) == .unknown)
        }
    }

    @Test("an upload with a bad contact is refused whole", arguments: Backend.enabled)
    func badUploads(_ backend: Backend) async throws {
        try await withTestStorage(backend) { storage in
            let clock = TestClock(QualityReportTests.morning)
            let api = CentralAPI(storage: storage.storage, configuration: Fixtures.permissive, logger: Fixtures.quiet, clock: clock.function)
            let kiosk = try TestKiosk(id: "kiosk-malo", in: storage.directory, clock: clock)
            try await kiosk.enroll(storage: storage.storage, transport: InProcessTransport(api), office: OfficeScenario.office)
            let target = SyncPaths.escalationContacts(kioskId: kiosk.id)
            let id = UUID().uuidString
            for contact in [
                EscalationContactUpload.Contact(escalationId: id, phone: "3001234567", email: "a@b.co", consentedAt: 0),
                EscalationContactUpload.Contact(escalationId: id, phone: nil, email: nil, consentedAt: 0),
                EscalationContactUpload.Contact(escalationId: id, phone: "123", email: nil, consentedAt: 0),
                EscalationContactUpload.Contact(escalationId: id, phone: nil, email: "no es correo", consentedAt: 0),
                EscalationContactUpload.Contact(escalationId: "R-001", phone: "3001234567", email: nil, consentedAt: 0),
            ] {
                let body = try SyncJSON.encode(EscalationContactUpload(contacts: [contact]))
                let answer = await api.respond(to: signed("POST", target, body: body, kiosk: kiosk.id, key: try kiosk.signingKey, now: clock.date))
                #expect(answer.status == 400, "\(contact)")
                #expect(!answer.text.contains("3001234567"))
            }
            let body = try SyncJSON.encode(EscalationContactUpload(contacts: [.init(escalationId: id, phone: "3001234567", email: nil, consentedAt: 0)]))
            let answer = await api.respond(to: signed("POST", target, body: body, kiosk: kiosk.id, key: try kiosk.signingKey, now: clock.date))
            #expect(answer.status == 200 && answer.text.contains(id) && answer.text.contains("unknown"))
        }
    }
}
