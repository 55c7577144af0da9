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
        case .success(let payload):
            return CheckedEvent(
                event: event, contentHash: hash, rejection: nil,
                derived: Self.derived(payload, at: Date(milliseconds: event.occurredAt)))
        }
    }

    private struct Problem: Error { var reason: String }

    private func decode(_ event: WireEvent) -> Result<QueueEvent.Payload, Problem> {
        guard event.payload.utf8.count <= maxPayloadBytes else { return .failure(Problem(reason: "payload larger than \(maxPayloadBytes) bytes")) }
        guard let id = UUID(uuidString: event.eventId), id.uuidString.lowercased() == event.eventId.lowercased() else {
            return .failure(Problem(reason: "event_id is not a UUID"))
        }
        guard LocalDay(rawValue: event.day) != nil else { return .failure(Problem(reason: "day is not YYYY-MM-DD")) }
        let payload: QueueEvent.Payload
        do {
            payload = try TurneroJSON.decoder().decode(QueueEvent.Payload.self, from: Data(event.payload.utf8))
        } catch {
            return .failure(Problem(reason: "payload is not a known event (\(String(describing: error).prefix(120)))"))
        }
        guard payload.type == event.type else { return .failure(Problem(reason: "type '\(event.type.prefix(40))' differs from the payload's")) }
        if case .callbackOpened(_, let turn, let score, _) = payload {
            // Stored in columns of bounded size: refuse what no kiosk produces.
            guard (1...10).contains(score), turn.label.utf8.count <= 32, turn.service.rawValue.utf8.count <= 64 else {
                return .failure(Problem(reason: "callback.opened with an impossible score, label or service"))
            }
        }
        return .success(payload)
    }

    private static func derived(_ payload: QueueEvent.Payload, at occurredAt: Date) -> DerivedFact? {
        switch payload {
        case .callbackOpened(let callback, let turn, let score, let deadline):
            .callbackOpened(CallbackOpening(
                id: callback.uuidString, turnId: turn.id.uuidString, label: turn.label, service: turn.service.rawValue,
                score: score, openedAt: occurredAt, deadline: deadline))
        case .callbackClosed(let callback, let outcome):
            .callbackClosed(id: callback.uuidString, outcome: outcome, at: occurredAt)
        case .callbackContactGiven(let callback):
            .callbackContactGiven(id: callback.uuidString)
        default:
            nil
        }
    }
}
