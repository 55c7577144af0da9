public import Foundation

// Events travel as flat JSON objects with a `type` field, e.g.
// {"type":"turn.called","turn":{"id":"…","label":"P-004","service":"pagos"},"counter":3,"call":1}
// so that the server and SQL (json_extract) can read them without knowing Swift enums.
extension QueueEvent.Payload: Codable {
    private enum Key: String, CodingKey {
        case type, turn, preferential, ahead, estimate, counter, call, outcome, to, score
        case callback, deadline, coupon, kind, accountHash, billNumber, amount, dueDate, datasetVersion
        case agent, reason, types, resolution, escalation, area, due, contactGiven, answer, audit, month, answers, auditor
        case link, language
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        let type = try c.decode(String.self, forKey: .type)
        func turn() throws -> TurnReference { try c.decode(TurnReference.self, forKey: .turn) }
        func counter() throws -> Int { try c.decode(Int.self, forKey: .counter) }
        switch type {
        case "turn.issued":
            self = .turnIssued(
                turn: try turn(), preferential: try c.decode(Bool.self, forKey: .preferential),
                ahead: try c.decode(Int.self, forKey: .ahead),
                estimate: try c.decodeIfPresent(WaitEstimate.self, forKey: .estimate),
                link: try c.decodeIfPresent(String.self, forKey: .link),
                language: try c.decodeIfPresent(Language.self, forKey: .language))
        case "turn.called":
            self = .turnCalled(turn: try turn(), counter: try counter(), call: try c.decode(Int.self, forKey: .call))
        case "turn.started": self = .turnStarted(turn: try turn(), counter: try counter())
        case "turn.finished":
            self = .turnFinished(
                turn: try turn(), counter: try counter(),
                outcome: try c.decode(ServiceOutcome.self, forKey: .outcome))
        case "turn.no_show": self = .turnNoShow(turn: try turn(), counter: try counter())
        case "turn.returned": self = .turnReturned(turn: try turn(), counter: try counter())
        case "turn.transferred":
            self = .turnTransferred(
                turn: try turn(), counter: try counter(), to: try c.decode(ServiceCode.self, forKey: .to))
        case "turn.cancelled": self = .turnCancelled(turn: try turn())
        case "turn.reactivated": self = .turnReactivated(turn: try turn())
        case "turn.abandoned": self = .turnAbandoned(turn: try turn())
        case "turn.rated": self = .turnRated(turn: try turn(), score: try c.decode(Int.self, forKey: .score))
        case "callback.opened":
            self = .callbackOpened(
                callback: try c.decode(UUID.self, forKey: .callback), turn: try turn(),
                score: try c.decode(Int.self, forKey: .score), deadline: try c.decode(Date.self, forKey: .deadline))
        case "callback.closed":
            self = .callbackClosed(
                callback: try c.decode(UUID.self, forKey: .callback),
                outcome: try c.decode(CallbackOutcome.self, forKey: .outcome))
        case "callback.contact_given":
            self = .callbackContactGiven(callback: try c.decode(UUID.self, forKey: .callback))
        case "coupon.issued":
            self = .couponIssued(
                coupon: try c.decode(UUID.self, forKey: .coupon), kind: try c.decode(CouponKind.self, forKey: .kind),
                accountHash: try c.decode(String.self, forKey: .accountHash),
                billNumber: try c.decode(String.self, forKey: .billNumber), amount: try c.decode(Pesos.self, forKey: .amount),
                dueDate: try c.decode(LocalDay.self, forKey: .dueDate),
                datasetVersion: try c.decode(String.self, forKey: .datasetVersion))
        case "counter.opened": self = .counterOpened(counter: try counter())
        case "counter.closed": self = .counterClosed(counter: try counter())
        case "agent.signed_in":
            self = .agentSignedIn(agent: try c.decode(AgentID.self, forKey: .agent), counter: try counter())
        case "agent.signed_out":
            self = .agentSignedOut(
                agent: try c.decode(AgentID.self, forKey: .agent), counter: try counter(),
                reason: try c.decode(SignOutReason.self, forKey: .reason))
        case "turn.request_typed":
            self = .requestTyped(
                turn: try turn(), counter: try counter(), types: try c.decode([String].self, forKey: .types),
                resolution: try c.decode(RequestResolution.self, forKey: .resolution),
                escalation: try c.decodeIfPresent(UUID.self, forKey: .escalation))
        case "escalation.opened":
            self = .escalationOpened(
                escalation: try c.decode(UUID.self, forKey: .escalation), turn: try turn(),
                area: try c.decode(String.self, forKey: .area), types: try c.decode([String].self, forKey: .types),
                due: try c.decode(LocalDay.self, forKey: .due), contactGiven: try c.decode(Bool.self, forKey: .contactGiven))
        case "escalation.closed":
            self = .escalationClosed(
                escalation: try c.decode(UUID.self, forKey: .escalation), answer: try c.decode(String.self, forKey: .answer))
        case "audit.recorded":
            self = .auditRecorded(
                audit: try c.decode(UUID.self, forKey: .audit), agent: try c.decode(AgentID.self, forKey: .agent),
                turn: try turn(), month: try c.decode(String.self, forKey: .month),
                answers: try c.decode([String: AuditAnswer].self, forKey: .answers),
                auditor: try c.decode(String.self, forKey: .auditor))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: c, debugDescription: "unknown event type '\(type)'")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(type, forKey: .type)
        try c.encodeIfPresent(turn, forKey: .turn)
        switch self {
        case .turnIssued(_, let preferential, let ahead, let estimate, let link, let language):
            try c.encode(preferential, forKey: .preferential)
            try c.encode(ahead, forKey: .ahead)
            try c.encodeIfPresent(estimate, forKey: .estimate)
            try c.encodeIfPresent(link, forKey: .link)
            try c.encodeIfPresent(language, forKey: .language)
        case .turnCalled(_, let counter, let call):
            try c.encode(counter, forKey: .counter)
            try c.encode(call, forKey: .call)
        case .turnStarted(_, let counter), .turnNoShow(_, let counter), .turnReturned(_, let counter),
            .counterOpened(let counter), .counterClosed(let counter):
            try c.encode(counter, forKey: .counter)
        case .turnFinished(_, let counter, let outcome):
            try c.encode(counter, forKey: .counter)
            try c.encode(outcome, forKey: .outcome)
        case .turnTransferred(_, let counter, let target):
            try c.encode(counter, forKey: .counter)
            try c.encode(target, forKey: .to)
        case .turnCancelled, .turnReactivated, .turnAbandoned:
            break
        case .turnRated(_, let score):
            try c.encode(score, forKey: .score)
        case .callbackOpened(let callback, _, let score, let deadline):
            try c.encode(callback, forKey: .callback)
            try c.encode(score, forKey: .score)
            try c.encode(deadline, forKey: .deadline)
        case .callbackClosed(let callback, let outcome):
            try c.encode(callback, forKey: .callback)
            try c.encode(outcome, forKey: .outcome)
        case .callbackContactGiven(let callback):
            try c.encode(callback, forKey: .callback)
        case .couponIssued(let coupon, let kind, let accountHash, let billNumber, let amount, let dueDate, let version):
            try c.encode(coupon, forKey: .coupon)
            try c.encode(kind, forKey: .kind)
            try c.encode(accountHash, forKey: .accountHash)
            try c.encode(billNumber, forKey: .billNumber)
            try c.encode(amount, forKey: .amount)
            try c.encode(dueDate, forKey: .dueDate)
            try c.encode(version, forKey: .datasetVersion)
        case .agentSignedIn(let agent, let counter):
            try c.encode(agent, forKey: .agent)
            try c.encode(counter, forKey: .counter)
        case .agentSignedOut(let agent, let counter, let reason):
            try c.encode(agent, forKey: .agent)
            try c.encode(counter, forKey: .counter)
            try c.encode(reason, forKey: .reason)
        case .requestTyped(_, let counter, let types, let resolution, let escalation):
            try c.encode(counter, forKey: .counter)
            try c.encode(types, forKey: .types)
            try c.encode(resolution, forKey: .resolution)
            try c.encodeIfPresent(escalation, forKey: .escalation)
        case .escalationOpened(let escalation, _, let area, let types, let due, let contactGiven):
            try c.encode(escalation, forKey: .escalation)
            try c.encode(area, forKey: .area)
            try c.encode(types, forKey: .types)
            try c.encode(due, forKey: .due)
            try c.encode(contactGiven, forKey: .contactGiven)
        case .escalationClosed(let escalation, let answer):
            try c.encode(escalation, forKey: .escalation)
            try c.encode(answer, forKey: .answer)
        case .auditRecorded(let audit, let agent, _, let month, let answers, let auditor):
            try c.encode(audit, forKey: .audit)
            try c.encode(agent, forKey: .agent)
            try c.encode(month, forKey: .month)
            try c.encode(answers, forKey: .answers)
            try c.encode(auditor, forKey: .auditor)
        }
    }
}

/// The JSON stored in the outbox and synced for one event: the payload's fields plus, for
/// counter actions, `agent` (who was signed in at the counter). Decoders that predate staff
/// read the payload and ignore `agent`.
public struct EventDocument: Codable, Sendable, Hashable {
    public var payload: QueueEvent.Payload
    public var agent: AgentID?

    public init(payload: QueueEvent.Payload, agent: AgentID?) {
        self.payload = payload
        self.agent = agent
    }

    private enum Key: String, CodingKey { case agent }

    public init(from decoder: any Decoder) throws {
        payload = try QueueEvent.Payload(from: decoder)
        switch payload {
        case .agentSignedIn, .agentSignedOut, .auditRecorded:
            agent = nil  // their `agent` is who signed in or was audited, not who acted
        default:
            agent = try decoder.container(keyedBy: Key.self).decodeIfPresent(AgentID.self, forKey: .agent)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        try payload.encode(to: encoder)
        switch payload {
        case .agentSignedIn, .agentSignedOut, .auditRecorded:
            break  // `agent` is already the payload's own field
        default:
            var c = encoder.container(keyedBy: Key.self)
            try c.encodeIfPresent(agent, forKey: .agent)
        }
    }

    /// The stored JSON text of an event's payload and agent.
    public static func json(_ payload: QueueEvent.Payload, agent: AgentID?) throws -> String {
        if let fast = fastJSON(payload, agent: agent) { return fast }
        return String(decoding: try encoder.encode(EventDocument(payload: payload, agent: agent)), as: UTF8.self)
    }

    /// One encoder for every event (its options never change; encoding is thread-safe).
    private static let encoder = TurneroJSON.encoder()

    /// Reads stored JSON back.
    public static func decode(_ json: String) throws -> EventDocument {
        try TurneroJSON.decoder().decode(EventDocument.self, from: Data(json.utf8))
    }
}

/// The JSON conventions shared by the store, the CLI and sync: dates as integer milliseconds
/// since 1970, sorted keys (stable content hashes).
public enum TurneroJSON {
    /// An encoder with Turnero's conventions.
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .millisecondsSince1970
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// A decoder with Turnero's conventions.
    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        return decoder
    }
}
