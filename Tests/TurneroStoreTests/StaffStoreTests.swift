import Foundation
import Testing
import TurneroCore
@testable import TurneroStore

/// Agents at counters, typed finishes and escalations on a real SQLite file (issue 16).
@Suite("Staff and typed requests in the store")
struct StaffStoreTests {
    /// A stand-in for PBKDF2 (the store only calls the verifier it is given).
    static let verify: PINVerifier = { pin, hash in hash == "test$" + pin }

    static func staffed(_ fixture: StoreFixture) throws -> QueueStore {
        let store = try fixture.store()
        try store.saveAgent(Agent(id: "ana", name: "Ana Pérez", pinHash: "test$1111"))
        try store.saveAgent(Agent(id: "luis", name: "Luis Díaz", pinHash: "test$2222"))
        return store
    }

    static func events(_ store: QueueStore, from seq: Int64 = 1) throws -> [QueueEvent] {
        try store.outboxEntries(from: seq).map(\.event)
    }

    @Test func counterActionsCarryTheSignedInAgent() throws {
        let fixture = try StoreFixture()
        let store = try Self.staffed(fixture)
        try store.signIn("ana", pin: "1111", counter: 1, verify: Self.verify)
        _ = try store.issueTurn(service: "pagos", preferential: false)
        _ = try store.call(counter: 1)
        _ = try store.start(counter: 1)
        _ = try store.finish(counter: 1)
        let events = try Self.events(store)
        #expect(events.first?.payload == .agentSignedIn(agent: "ana", counter: 1) && events.first?.agent == nil)
        let acted = events.filter { ["turn.called", "turn.started", "turn.finished"].contains($0.payload.type) }
        #expect(acted.count == 3 && acted.allSatisfy { $0.agent == "ana" })
        #expect(events.first { $0.payload.type == "turn.issued" }?.agent == nil)
        // The agent travels in the stored JSON, beside the payload's fields.
        #expect(try store.outboxEntries().first { $0.event.payload.type == "turn.called" }?.payloadJSON.contains(#""agent":"ana""#) == true)
    }

    @Test func aSecondSignInElsewhereSignsTheFirstOutAndIsLogged() throws {
        let fixture = try StoreFixture()
        let store = try Self.staffed(fixture)
        try store.signIn("ana", pin: "1111", counter: 1, verify: Self.verify)
        try store.signIn("luis", pin: "2222", counter: 2, verify: Self.verify)
        let seq = try store.database.lastOutboxSeq() + 1
        #expect(try store.signIn("ana", pin: "1111", counter: 2, verify: Self.verify) == [
            .agentSignedOut(agent: "ana", counter: 1, reason: .moved), .agentSignedOut(agent: "luis", counter: 2, reason: .replaced),
            .agentSignedIn(agent: "ana", counter: 2),
        ])
        #expect(try Self.events(store, from: seq).map(\.payload.type) == ["agent.signed_out", "agent.signed_out", "agent.signed_in"])
        #expect(try store.sessions().map { "\($0.agent)@\($0.counter)" } == ["ana@2"])
        // Signing in again where one already is changes nothing and records nothing.
        #expect(try store.signIn("ana", pin: "1111", counter: 2, verify: Self.verify).isEmpty)
        #expect(try store.signOut(counter: 2) == "ana")
        #expect(try store.sessions().isEmpty && store.signOut(counter: 2) == nil)
    }

    @Test func wrongPINsAreCountedAndLockTheCounter() throws {
        var office = StoreFixture.office
        office.staff.pinAttempts = 3
        office.staff.pinLockMinutes = 10
        let fixture = try StoreFixture(configuration: office)
        let store = try Self.staffed(fixture)
        try store.setAgent("luis", active: false)
        // A wrong PIN, an unknown agent and a disabled one all read the same.
        for (agent, pin) in [("ana", "9999"), ("nadie", "1111"), ("luis", "2222")] {
            let error = #expect(throws: StoreError.self) { try store.signIn(AgentID(agent), pin: pin, counter: 1, verify: Self.verify) }
            #expect(error?.code == .wrongPIN && error?.message == "agent or PIN not recognised at counter 1")
        }
        let locked = #expect(throws: StoreError.self) { try store.signIn("ana", pin: "1111", counter: 1, verify: Self.verify) }
        #expect(locked?.code == .counterLocked)
        // Another counter is not locked; this one opens again after the lock.
        try store.signIn("ana", pin: "1111", counter: 2, verify: Self.verify)
        fixture.advance(minutes: 10)
        try store.signIn("ana", pin: "1111", counter: 1, verify: Self.verify)
        #expect(try store.outboxEntries().filter { $0.event.payload.type == "agent.signed_in" }.count == 2)
    }

    @Test func disablingAnAgentSignsThemOut() throws {
        let fixture = try StoreFixture()
        let store = try Self.staffed(fixture)
        try store.signIn("ana", pin: "1111", counter: 1, verify: Self.verify)
        try store.setAgent("ana", active: false)
        #expect(try store.sessions().isEmpty)
        #expect(try Self.events(store).last?.payload == .agentSignedOut(agent: "ana", counter: 1, reason: .disabled))
        #expect(try store.agents().map(\.active) == [false, true])
        #expect(throws: StoreError.self) { try store.setAgent("nadie", active: false) }
        let bad = #expect(throws: StoreError.self) { try store.saveAgent(Agent(id: "Ana Pérez", name: "Ana", pinHash: "x")) }
        #expect(bad?.code == .invalidArgument)
    }

    @Test func theOfficeCanRequireSomeoneSignedIn() throws {
        var office = StoreFixture.office
        office.staff.signInRequired = true
        let fixture = try StoreFixture(configuration: office)
        let store = try Self.staffed(fixture)
        _ = try store.issueTurn(service: "pagos", preferential: false)
        let refused = #expect(throws: StoreError.self) { try store.call(counter: 1) }
        #expect(refused?.code == .signInRequired)
        #expect(try store.currentTurn(counter: 1) == nil)
        try store.signIn("ana", pin: "1111", counter: 1, verify: Self.verify)
        #expect(try store.call(counter: 1).turn.label == "P-001")
        try store.signOut(counter: 1)
        #expect(throws: StoreError.self) { try store.start(counter: 1) }
    }

    @Test func sessionsEndWithTheirDay() throws {
        let fixture = try StoreFixture()
        let store = try Self.staffed(fixture)
        try store.signIn("ana", pin: "1111", counter: 1, verify: Self.verify)
        fixture.advance(minutes: 24 * 60)
        _ = try store.issueTurn(service: "pagos", preferential: false)
        let out = try #require(try Self.events(store).first { $0.payload.type == "agent.signed_out" })
        #expect(out.payload == .agentSignedOut(agent: "ana", counter: 1, reason: .dayClose))
        #expect(out.day.rawValue == "2026-11-17" && out.occurredAt < fixture.now)
        #expect(try store.sessions().isEmpty)
        try store.signIn("luis", pin: "2222", counter: 2, verify: Self.verify)
        try store.closeDay()
        #expect(try store.sessions().isEmpty)
    }

    @Test func aTypedFinishRecordsTypesAndOpensTheEscalation() throws {
        let fixture = try StoreFixture()
        let store = try Self.staffed(fixture)
        try store.signIn("luis", pin: "2222", counter: 2, verify: Self.verify)
        let ticket = try store.issueTurn(service: "reclamos", preferential: false)
        _ = try store.call(counter: 2)
        _ = try store.start(counter: 2)
        let seq = try store.database.lastOutboxSeq() + 1
        let finished = try store.finish(
            counter: 2, record: FinishRecord(types: ["reclamo", "queja"], resolution: .escalated, area: "facturacion"))
        let escalation = try #require(finished.escalation)
        // Tuesday 17 Nov 2026 + 15 business days (8 Dec is a holiday): Wednesday 9 Dec.
        #expect(escalation.due.rawValue == "2026-12-09" && escalation.agent == "luis" && finished.turn.outcome == .pending)
        let events = try Self.events(store, from: seq)
        #expect(events.map(\.payload) == [QueueEvent.Payload]([
            .turnFinished(turn: ticket.turn.reference, counter: 2, outcome: .pending),
            .requestTyped(turn: ticket.turn.reference, counter: 2, types: ["reclamo", "queja"], resolution: .escalated, escalation: escalation.id),
            .escalationOpened(escalation: escalation.id, turn: ticket.turn.reference, area: "facturacion", types: ["reclamo", "queja"],
                              due: escalation.due, contactGiven: false),
        ]))
        #expect(events.allSatisfy { $0.agent == "luis" })
        #expect(try store.escalations(openOnly: true) == [escalation])
        let closed = try store.closeEscalation(escalation.id, answer: "  Se ajustó la factura  ")
        #expect(closed.answer == "Se ajustó la factura" && closed.closedAt == fixture.now)
        #expect(try store.escalations(openOnly: true).isEmpty && store.escalations().count == 1)
        #expect(throws: StoreError.self) { try store.closeEscalation(escalation.id, answer: "otra vez") }
        #expect(try Self.events(store).last?.payload == .escalationClosed(escalation: escalation.id, answer: "Se ajustó la factura"))
        // The per-agent figures read the same events.
        let luis = AgentKPICalculator(configuration: fixture.configuration).report(events: try Self.events(store), until: fixture.now)
            .first { $0.agent == "luis" }
        #expect(luis?.attended == 1 && luis?.typedRequests == 1 && luis?.escalationsOpened == 1 && luis?.escalationsOpen == 0)
    }

    @Test func typingRulesRefuseWithoutFinishing() throws {
        var office = StoreFixture.office
        office.requests.typeRequired = true
        let fixture = try StoreFixture(configuration: office)
        let store = try Self.staffed(fixture)
        _ = try store.issueTurn(service: "pagos", preferential: false)
        _ = try store.call(counter: 1)
        _ = try store.start(counter: 1)
        let seq = try store.database.lastOutboxSeq() + 1
        for attempt in [nil, FinishRecord(types: [], resolution: .firstContact), FinishRecord(types: ["marte"], resolution: .firstContact),
                        FinishRecord(types: ["reclamo"], resolution: .escalated)] {
            let error = #expect(throws: StoreError.self) { try store.finish(counter: 1, record: attempt) }
            #expect(error?.code == .requestRefused)
        }
        #expect(throws: StoreError.self) { try store.finish(counter: 1) }
        #expect(try store.database.lastOutboxSeq() == seq - 1 && store.currentTurn(counter: 1)?.state == .serving)
        let done = try store.finish(counter: 1, record: FinishRecord(types: ["informacion"], resolution: .firstContact))
        #expect(done.turn.outcome == .resolved && done.escalation == nil && done.agent == nil)
    }
}
