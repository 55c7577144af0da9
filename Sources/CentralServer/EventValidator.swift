import Foundation
import SyncProtocol
import TurneroCore

/// Decides whether an uploaded event is valid. Invalid events become dead letters: they are
/// stored with the reason and count toward the high-water mark, so one bad event never blocks
/// a kiosk's queue. Valid call-back events also yield the fact the centre keeps beside them.
struct EventValidator: Sendable {
    var maxPayloadBytes: Int

    /// The event with its content hash and, when invalid, the reason.
    func check(_ event: WireEvent) -> CheckedEvent {
        let hash = ContentHash.of(event)
        switch decode(event) {
        case .failure(let problem):
            return CheckedEvent(event: event, contentHash: hash, rejection: problem.reason)
        case .success(let document):
            return CheckedEvent(
                event: event, contentHash: hash, rejection: nil,
                derived: Self.derived(document, day: event.day, at: Date(milliseconds: event.occurredAt)))
        }
    }

    private struct Problem: Error { var reason: String }

    private func decode(_ event: WireEvent) -> Result<EventDocument, Problem> {
        guard event.payload.utf8.count <= maxPayloadBytes else { return .failure(Problem(reason: "payload larger than \(maxPayloadBytes) bytes")) }
        guard let id = UUID(uuidString: event.eventId), id.uuidString.lowercased() == event.eventId.lowercased() else {
            return .failure(Problem(reason: "event_id is not a UUID"))
        }
        guard LocalDay(rawValue: event.day) != nil else { return .failure(Problem(reason: "day is not YYYY-MM-DD")) }
        let document: EventDocument
        do {
            document = try EventDocument.decode(event.payload)
        } catch {
            return .failure(Problem(reason: "payload is not a known event (\(String(describing: error).prefix(120)))"))
        }
        let payload = document.payload
        guard payload.type == event.type else { return .failure(Problem(reason: "type '\(event.type.prefix(40))' differs from the payload's")) }
        if let agent = document.agent, !agent.isValid { return .failure(Problem(reason: "agent is not a valid agent id")) }
        if let reason = Self.impossibility(payload) { return .failure(Problem(reason: reason)) }
        return .success(document)
    }

    /// Stored in columns of bounded size: refuse what no kiosk produces.
    private static func impossibility(_ payload: QueueEvent.Payload) -> String? {
        func code(_ text: String) -> Bool { !text.isEmpty && text.utf8.count <= 32 }
        if let turn = payload.turn, turn.label.utf8.count > 32 || turn.service.rawValue.utf8.count > 64 {
            return "\(payload.type) with an impossible label or service"
        }
        switch payload {
        case .callbackOpened(_, _, let score, _):
            return (1...10).contains(score) ? nil : "callback.opened with an impossible score, label or service"
        case .agentSignedIn(let agent, _), .agentSignedOut(let agent, _, _):
            return agent.isValid ? nil : "\(payload.type) with an invalid agent id"
        case .requestTyped(_, _, let types, _, _):
            return types.count <= 10 && types.allSatisfy(code) ? nil : "turn.request_typed with impossible types"
        case .escalationOpened(_, _, let area, let types, _, _):
            return code(area) && types.count <= 10 && types.allSatisfy(code) ? nil : "escalation.opened with an impossible area or types"
        case .escalationClosed(_, let answer):
            return answer.count <= Escalation.maxAnswerLength ? nil : "escalation.closed with an answer over \(Escalation.maxAnswerLength) characters"
        case .auditRecorded(_, let agent, _, let month, let answers, let auditor):
            let fits = agent.isValid && ReportMonth(rawValue: month) != nil && (1...30).contains(answers.count)
                && answers.keys.allSatisfy(code) && !auditor.isEmpty && auditor.count <= 60
            return fits ? nil : "audit.recorded with an impossible agent, month, answers or auditor"
        default:
            return nil
        }
    }

    private static func derived(_ document: EventDocument, day: String, at occurredAt: Date) -> DerivedFact? {
        switch document.payload {
        case .escalationOpened(let escalation, let turn, let area, let types, let due, let contactGiven):
            .escalationOpened(EscalationOpening(
                id: escalation.uuidString, turnId: turn.id.uuidString, label: turn.label, service: turn.service.rawValue, area: area,
                types: types, agent: document.agent?.rawValue, openedAt: occurredAt, openedDay: day, due: due.rawValue,
                contactGiven: contactGiven))
        case .escalationClosed(let escalation, let answer):
            .escalationClosed(id: escalation.uuidString, answer: answer, at: occurredAt)
        case .callbackOpened(let callback, let turn, let score, let deadline):
            .callbackOpened(CallbackOpening(
                id: callback.uuidString, turnId: turn.id.uuidString, label: turn.label, service: turn.service.rawValue,
                score: score, openedAt: occurredAt, deadline: deadline))
        case .callbackClosed(let callback, let outcome):
            .callbackClosed(id: callback.uuidString, outcome: outcome, at: occurredAt)
        case .callbackContactGiven(let callback):
            .callbackContactGiven(id: callback.uuidString)
        case .turnIssued(let turn, _, _, _, let link?, _):
            TicketLinkRule.isHash(link) ? .ticketIssued(linkHash: link, turnId: turn.id.uuidString, day: day) : nil
        case .turnCalled(let turn, _, _), .turnStarted(let turn, _), .turnFinished(let turn, _, _), .turnNoShow(let turn, _),
            .turnCancelled(let turn), .turnAbandoned(let turn):
            .ticketSettled(turnId: turn.id.uuidString, kind: .cancel, at: occurredAt)
        case .turnRated(let turn, _):
            .ticketSettled(turnId: turn.id.uuidString, kind: .rate, at: occurredAt)
        default:
            nil
        }
    }
}
