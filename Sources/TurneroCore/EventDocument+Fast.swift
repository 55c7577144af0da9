import Foundation

extension EventDocument {
    /// The stored JSON of the counter's three everyday events (`turn.called`, `turn.started`,
    /// `turn.finished`) written directly, byte for byte what ``json(_:agent:)``'s `JSONEncoder`
    /// writes (keys sorted, slashes not escaped; checked by `EventCodingTests`). Generic
    /// `Codable` encoding costs more CPU than the rest of such a transition's own work.
    ///
    /// - Returns: nil for any other event, and for text that would need escaping or is not
    ///   ASCII (the encoder then writes it), so the bytes never differ.
    static func fastJSON(_ payload: QueueEvent.Payload, agent: AgentID?) -> String? {
        var writer = FastEventWriter()
        guard writer.object(agent: agent, payload: payload) else { return nil }
        return String(decoding: writer.bytes, as: UTF8.self)
    }
}

/// Writes one flat event object, keys in sorted order.
private struct FastEventWriter {
    var bytes: [UInt8] = []

    init() { bytes.reserveCapacity(200) }

    /// False when the event is not one of the three, or a text needs the encoder.
    mutating func object(agent: AgentID?, payload: QueueEvent.Payload) -> Bool {
        let turn: TurnReference
        let counter: Int
        var call: Int?
        var outcome: ServiceOutcome?
        switch payload {
        case .turnCalled(let reference, let number, let calls): (turn, counter, call) = (reference, number, calls)
        case .turnStarted(let reference, let number): (turn, counter) = (reference, number)
        case .turnFinished(let reference, let number, let result): (turn, counter, outcome) = (reference, number, result)
        default: return false
        }
        // Sorted: agent, call, counter, outcome, turn {id, label, service}, type.
        bytes.append(UInt8(ascii: "{"))
        if let agent { guard key("agent", first: true), string(agent.rawValue) else { return false } }
        if let call { _ = key("call", first: agent == nil); number(call) }
        _ = key("counter", first: agent == nil && call == nil)
        number(counter)
        if let outcome { guard key("outcome"), string(outcome.rawValue) else { return false } }
        guard key("turn"), raw("{"), key("id", first: true), string(turn.id.upperText), key("label"), string(turn.label),
            key("service"), string(turn.service.rawValue), raw("}"), key("type"), string(payload.type), raw("}")
        else { return false }
        return true
    }

    @discardableResult
    private mutating func raw(_ text: StaticString) -> Bool {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
        return true
    }

    private mutating func key(_ name: StaticString, first: Bool = false) -> Bool {
        if !first { bytes.append(UInt8(ascii: ",")) }
        bytes.append(UInt8(ascii: "\""))
        raw(name)
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
        return true
    }

    private mutating func number(_ value: Int) {
        bytes.append(contentsOf: String(value).utf8)
    }

    /// Printable ASCII without `"` or `\` only: what the encoder writes unchanged.
    private mutating func string(_ text: String) -> Bool {
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            guard byte >= 0x20, byte < 0x7F, byte != UInt8(ascii: "\""), byte != UInt8(ascii: "\\") else { return false }
            bytes.append(byte)
        }
        bytes.append(UInt8(ascii: "\""))
        return true
    }
}
