import CentralServer
import Foundation
import SyncProtocol
import Testing
import TurneroCore

/// The staff, request and audit events (issue 16) at the centre: accepted once with the acting
/// agent kept, and impossible ones kept as dead letters without blocking the stream.
@Suite("Central ingest of staff events")
struct StaffEventIngestTests {
    static let turn = TurnReference(id: UUID(), label: "R-001", service: "reclamos")

    static func wire(_ centre: IngestTests.Centre, _ seq: Int64, _ payload: QueueEvent.Payload, agent: AgentID? = nil) throws -> WireEvent {
        WireEvent(
            seq: seq, eventId: UUID().uuidString.lowercased(), type: payload.type, day: "2026-11-23",
            occurredAt: 1_800_000_000_000 + seq, payload: try EventDocument.json(payload, agent: agent))
    }

    /// Raw JSON for payloads the kiosk would never write.
    static func raw(_ seq: Int64, _ type: String, _ json: String) -> WireEvent {
        WireEvent(seq: seq, eventId: UUID().uuidString.lowercased(), type: type, day: "2026-11-23",
                  occurredAt: 1_800_000_000_000 + seq, payload: json)
    }

    @Test func staffEventsAreAcceptedOnceWithTheirAgent() async throws {
        let centre = try await IngestTests.Centre()
        defer { centre.directory.remove() }
        let escalation = UUID()
        let payloads: [(QueueEvent.Payload, AgentID?)] = [
            (.agentSignedIn(agent: "ana", counter: 3), nil),
            (.turnFinished(turn: Self.turn, counter: 3, outcome: .pending), "ana"),
            (.requestTyped(turn: Self.turn, counter: 3, types: ["reclamo"], resolution: .escalated, escalation: escalation), "ana"),
            (.escalationOpened(escalation: escalation, turn: Self.turn, area: "facturacion", types: ["reclamo"],
                               due: LocalDay(rawValue: "2026-12-15")!, contactGiven: false), "ana"),
            (.escalationClosed(escalation: escalation, answer: "Factura ajustada"), nil),
            (.auditRecorded(audit: UUID(), agent: "ana", turn: Self.turn, month: "2026-11", answers: ["trato": .met], auditor: "calidad"), nil),
            (.agentSignedOut(agent: "ana", counter: 3, reason: .dayClose), nil),
        ]
        let batch = try payloads.enumerated().map { try Self.wire(centre, Int64($0.offset + 1), $0.element.0, agent: $0.element.1) }
        let answer = try centre.answer(try await centre.post(batch))
        #expect(answer.results.allSatisfy { $0.status == .accepted } && answer.acceptedThrough == 7)
        #expect(try centre.answer(try await centre.post(batch)).results.allSatisfy { $0.status == .duplicate })
        let stored = try await centre.storage.storedEvents(kioskId: nil).sorted { $0.seq < $1.seq }.compactMap(\.queueEvent)
        #expect(stored.map(\.payload) == payloads.map(\.0))
        #expect(stored.map(\.agent) == payloads.map(\.1))
        // The escalation is kept beside its events, closed by the office.
        let escalations = try await centre.storage.escalations(officeId: nil, openOnly: false, limit: 10)
        #expect(escalations.count == 1 && escalations[0].closedBy == "kiosk" && escalations[0].answer == "Factura ajustada")
        #expect(escalations[0].opening.agent == "ana" && escalations[0].opening.due == "2026-12-15" && escalations[0].opening.types == ["reclamo"])
    }

    @Test func impossibleStaffEventsBecomeDeadLetters() async throws {
        let centre = try await IngestTests.Centre()
        defer { centre.directory.remove() }
        let turn = #"{"id":"9B2C3D4E-0000-4000-8000-000000000001","label":"R-001","service":"reclamos"}"#
        let batch = [
            Self.raw(1, "agent.signed_in", #"{"type":"agent.signed_in","agent":"Ana Pérez <b>","counter":1}"#),
            Self.raw(2, "turn.called", #"{"type":"turn.called","turn":\#(turn),"counter":1,"call":1,"agent":"../../etc"}"#),
            Self.raw(3, "escalation.closed", #"{"type":"escalation.closed","escalation":"9B2C3D4E-0000-4000-8000-000000000002","answer":"\#(String(repeating: "x", count: 501))"}"#),
            Self.raw(4, "audit.recorded", #"{"type":"audit.recorded","audit":"9B2C3D4E-0000-4000-8000-000000000003","agent":"ana","turn":\#(turn),"month":"2026-13","answers":{"trato":"met"},"auditor":"calidad"}"#),
            Self.raw(5, "turn.request_typed", #"{"type":"turn.request_typed","turn":\#(turn),"counter":1,"types":[""],"resolution":"escalated"}"#),
            Self.raw(6, "agent.signed_out", #"{"type":"agent.signed_out","agent":"ana","counter":1,"reason":"vanished"}"#),
            Self.raw(7, "counter.opened", #"{"type":"counter.opened","counter":1}"#),
        ]
        let answer = try centre.answer(try await centre.post(batch))
        #expect(answer.results.map(\.status) == [.rejected, .rejected, .rejected, .rejected, .rejected, .rejected, .accepted])
        #expect(answer.acceptedThrough == 7)
        #expect(try await centre.storage.countedEvents(kioskId: nil) == 1)
    }
}
