import Foundation
import Testing
import TurneroCore

@Suite("Event wire format")
struct EventCodingTests {
    static let turn = TurnReference(id: UUID(uuidString: "9B2C3D4E-0000-4000-8000-000000000001")!, label: "P-004", service: "pagos")
    static let payloads: [QueueEvent.Payload] = [
        .turnIssued(turn: turn, preferential: true, ahead: 3, estimate: WaitEstimate(lowerMinutes: 5, upperMinutes: 10, pointMinutes: 7.5)),
        .turnIssued(turn: turn, preferential: false, ahead: 0, estimate: nil),
        .turnCalled(turn: turn, counter: 3, call: 2), .turnStarted(turn: turn, counter: 3),
        .turnFinished(turn: turn, counter: 3, outcome: .referred), .turnNoShow(turn: turn, counter: 3),
        .turnReturned(turn: turn, counter: 3), .turnTransferred(turn: turn, counter: 3, to: "reclamos"),
        .turnCancelled(turn: turn), .turnReactivated(turn: turn), .turnAbandoned(turn: turn),
        .turnRated(turn: turn, score: 4),
        .callbackOpened(callback: UUID(), turn: turn, score: 4, deadline: Date(millisecondsSince1970: 1_795_000_000_123)),
        .callbackClosed(callback: UUID(), outcome: .notContacted), .counterOpened(counter: 1), .counterClosed(counter: 1),
        .agentSignedIn(agent: "ana", counter: 2), .agentSignedOut(agent: "ana", counter: 2, reason: .moved),
        .requestTyped(turn: turn, counter: 3, types: ["reclamo", "queja"], resolution: .escalated, escalation: UUID()),
        .requestTyped(turn: turn, counter: 3, types: [], resolution: .firstContact, escalation: nil),
        .escalationOpened(escalation: UUID(), turn: turn, area: "facturacion", types: ["reclamo"],
                          due: LocalDay(rawValue: "2027-01-13")!, contactGiven: true),
        .escalationClosed(escalation: UUID(), answer: "Se ajustó la factura"),
        .auditRecorded(audit: UUID(), agent: "luis", turn: turn, month: "2026-11", answers: ["trato": .met, "registro": .notApplicable],
                       auditor: "calidad"),
    ]

    @Test(arguments: payloads)
    func payloadRoundTrips(payload: QueueEvent.Payload) throws {
        let data = try TurneroJSON.encoder().encode(payload)
        #expect(try TurneroJSON.decoder().decode(QueueEvent.Payload.self, from: data) == payload)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["type"] as? String == payload.type)
    }

    @Test func flatShapeIsStable() throws {
        let json = String(decoding: try TurneroJSON.encoder().encode(QueueEvent.Payload.turnCalled(turn: Self.turn, counter: 3, call: 1)), as: UTF8.self)
        #expect(json == #"{"call":1,"counter":3,"turn":{"id":"9B2C3D4E-0000-4000-8000-000000000001","label":"P-004","service":"pagos"},"type":"turn.called"}"#)
    }

    /// Counter actions carry the signed-in agent beside the payload's fields; a decoder that
    /// predates staff (the bare payload) reads the same JSON and ignores it.
    @Test func agentTravelsBesideThePayload() throws {
        let payload = QueueEvent.Payload.turnFinished(turn: Self.turn, counter: 3, outcome: .resolved)
        let json = try EventDocument.json(payload, agent: "ana.perez")
        #expect(json.contains(#""agent":"ana.perez""#))
        #expect(try EventDocument.decode(json) == EventDocument(payload: payload, agent: "ana.perez"))
        #expect(try TurneroJSON.decoder().decode(QueueEvent.Payload.self, from: Data(json.utf8)) == payload)
        #expect(try EventDocument.json(payload, agent: nil) == String(decoding: try TurneroJSON.encoder().encode(payload), as: UTF8.self))
        // Sign-ins name their agent once, in the payload, and act for nobody.
        let signIn = try EventDocument.json(.agentSignedIn(agent: "ana", counter: 2), agent: "ana")
        #expect(signIn == #"{"agent":"ana","counter":2,"type":"agent.signed_in"}"#)
        #expect(try EventDocument.decode(signIn).agent == nil)
    }

    @Test(arguments: [#"{"type":"turn.exploded"}"#, #"{"type":"turn.called","counter":1}"#, #"{"counter":1}"#, "[]"])
    func malformedEventsAreRejected(json: String) {
        #expect(throws: DecodingError.self) { try TurneroJSON.decoder().decode(QueueEvent.Payload.self, from: Data(json.utf8)) }
    }
}

extension Date {
    init(millisecondsSince1970 ms: Int64) { self.init(timeIntervalSince1970: Double(ms) / 1000) }
}
