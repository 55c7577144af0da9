import Foundation
import Testing
@testable import TurneroCore

/// The counter's everyday events are written without `JSONEncoder` (issue 15: the queue engine
/// at the durable limit); the stored bytes must stay exactly the encoder's, since the centre
/// hashes and deduplicates what the kiosk stored.
@Suite("Event JSON fast path")
struct FastEventJSONTests {
    static func encoded(_ payload: QueueEvent.Payload, agent: AgentID?) throws -> String {
        String(decoding: try TurneroJSON.encoder().encode(EventDocument(payload: payload, agent: agent)), as: UTF8.self)
    }

    @Test func callStartAndFinishAreWrittenDirectlyAndMatchTheEncoder() throws {
        let turn = TurnReference(id: UUID(uuidString: "9B2C3D4E-0000-4000-8000-000000000001")!, label: "P-004", service: "pagos")
        for agent: AgentID? in [nil, "ana.perez"] {
            for payload: QueueEvent.Payload in [
                .turnCalled(turn: turn, counter: 3, call: 1), .turnStarted(turn: turn, counter: 12),
                .turnFinished(turn: turn, counter: 3, outcome: .referred),
            ] {
                let fast = try #require(EventDocument.fastJSON(payload, agent: agent), "\(payload.type) took the slow path")
                #expect(fast == (try Self.encoded(payload, agent: agent)))
                #expect(try EventDocument.json(payload, agent: agent) == fast)
            }
        }
    }

    @Test func everyOtherEventAndEveryTextNeedingEscapesGoesToTheEncoder() throws {
        let turn = TurnReference(id: UUID(), label: "P-1", service: "pagos")
        #expect(EventDocument.fastJSON(.turnIssued(turn: turn, preferential: false, ahead: 0, estimate: nil), agent: nil) == nil)
        #expect(EventDocument.fastJSON(.counterOpened(counter: 1), agent: nil) == nil)
        for label in ["P\"1", "P\\1", "P\n1", "Ñ-1", "P/1\u{7F}"] {
            let odd = TurnReference(id: turn.id, label: label, service: "pagos")
            #expect(EventDocument.fastJSON(.turnStarted(turn: odd, counter: 1), agent: nil) == nil, "\(label)")
            let stored = try EventDocument.json(.turnStarted(turn: odd, counter: 1), agent: "a\"b")
            #expect(stored == (try Self.encoded(.turnStarted(turn: odd, counter: 1), agent: "a\"b")))
        }
    }

    @Test func seededRandomEventsMatchTheEncoderByteForByte() throws {
        var random = SplitMix64(seed: 20_261_203)
        let alphabet = Array(" !#$%&'()*+,-./0123456789:;<=>?@ABCXYZ[]^_`abcxyz{|}~\"\\ñ\u{1}")
        func text() -> String { String((0..<Int.random(in: 0...12, using: &random)).map { _ in alphabet.randomElement(using: &random)! }) }
        var fastCount = 0
        for _ in 0..<3_000 {
            let turn = TurnReference(id: UUID(), label: text(), service: ServiceCode(text()))
            let counter = Int.random(in: -5...100_000, using: &random)
            let payload: QueueEvent.Payload
            switch Int.random(in: 0..<3, using: &random) {
            case 0: payload = .turnCalled(turn: turn, counter: counter, call: Int.random(in: 0...9, using: &random))
            case 1: payload = .turnStarted(turn: turn, counter: counter)
            default: payload = .turnFinished(turn: turn, counter: counter, outcome: ServiceOutcome.allCases.randomElement(using: &random)!)
            }
            let agent: AgentID? = Bool.random(using: &random) ? nil : AgentID(rawValue: text())
            let stored = try EventDocument.json(payload, agent: agent)
            #expect(stored == (try Self.encoded(payload, agent: agent)), "\(payload)")
            if EventDocument.fastJSON(payload, agent: agent) != nil { fastCount += 1 }
        }
        #expect(fastCount > 100, "the fast path was exercised \(fastCount) times")
    }
}
