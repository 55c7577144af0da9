public import Foundation

/// Something staff (or the end of the day) do to a turn.
public enum TurnCommand: Sendable, Hashable {
    case call(counter: Int)
    case recall
    case start
    case finish(ServiceOutcome)
    case noShow
    case returnToQueue
    case transfer(to: ServiceCode)
    case cancel
    case reactivate
    case endOfDay

    /// The word staff type for this command (used in messages).
    public var name: String {
        switch self {
        case .call: "call"
        case .recall: "recall"
        case .start: "start"
        case .finish: "finish"
        case .noShow: "no-show"
        case .returnToQueue: "back"
        case .transfer: "transfer"
        case .cancel: "cancel"
        case .reactivate: "reactivate"
        case .endOfDay: "end of day"
        }
    }
}

/// A command that the turn's state does not allow, with the reason.
public struct TransitionError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Value: String { case notAllowed, callLimitReached, reactivationExpired, sameService }
        private let value: Value
        private init(_ value: Value) { self.value = value }
        /// The command is not legal in the turn's current state.
        public static let notAllowed = Code(.notAllowed)
        /// The turn has been called the maximum number of times; mark it as no-show.
        public static let callLimitReached = Code(.callLimitReached)
        /// The no-show is older than the office's reactivation tolerance.
        public static let reactivationExpired = Code(.reactivationExpired)
        /// A transfer to the service the turn is already in.
        public static let sameService = Code(.sameService)
        public var description: String { value.rawValue }
    }

    public var code: Code
    public var label: String
    public var state: TurnState
    public var command: String

    public var description: String {
        switch code {
        case .callLimitReached:
            "\(label) has already been called the maximum number of times; mark it as no-show"
        case .reactivationExpired:
            "\(label) missed its call too long ago to be put back in the queue"
        case .sameService:
            "\(label) is already in that service"
        default:
            "cannot \(command) \(label): it is \(state.rawValue)"
        }
    }
}

extension Turn {
    /// Applies `command` at `now`, returning the event to record. Pure; throws if not allowed.
    ///
    /// The lifecycle: waiting → called → serving → served; called ↺ recall (up to
    /// `rules.maxCalls` calls); called → no-show | back to waiting; serving → transfer (waiting
    /// in the new service, arrival kept); waiting → cancelled; no-show → waiting (reactivate,
    /// within `rules.reactivationMinutes`); waiting/called → abandoned and serving → served
    /// (outcome `unrecorded`) at the end of the day.
    public mutating func apply(
        _ command: TurnCommand, at now: Date, rules: CallingRules
    ) throws(TransitionError) -> QueueEvent.Payload {
        let before = reference
        func refuse(_ code: TransitionError.Code = .notAllowed) -> TransitionError {
            TransitionError(code: code, label: label, state: state, command: command.name)
        }
        switch (command, state) {
        case (.call(let number), .waiting):
            state = .called
            counter = number
            calls = 1
            lastCalledAt = now
            return .turnCalled(turn: before, counter: number, call: 1)
        case (.recall, .called):
            guard calls < rules.maxCalls else { throw refuse(.callLimitReached) }
            calls += 1
            lastCalledAt = now
            return .turnCalled(turn: before, counter: counter ?? 0, call: calls)
        case (.start, .called):
            state = .serving
            startedAt = now
            return .turnStarted(turn: before, counter: counter ?? 0)
        case (.finish(let result), .serving):
            state = .served
            finishedAt = now
            outcome = result
            return .turnFinished(turn: before, counter: counter ?? 0, outcome: result)
        case (.noShow, .called):
            state = .noShow
            finishedAt = now
            return .turnNoShow(turn: before, counter: counter ?? 0)
        case (.returnToQueue, .called):
            let from = counter ?? 0
            state = .waiting
            counter = nil
            calls = 0
            return .turnReturned(turn: before, counter: from)
        case (.transfer(let target), .serving):
            guard target != service else { throw refuse(.sameService) }
            let from = counter ?? 0
            state = .waiting
            service = target
            counter = nil
            calls = 0
            startedAt = nil
            return .turnTransferred(turn: before, counter: from, to: target)
        case (.cancel, .waiting):
            state = .cancelled
            finishedAt = now
            return .turnCancelled(turn: before)
        case (.reactivate, .noShow):
            let limit = TimeInterval(rules.reactivationMinutes * 60)
            guard let missed = finishedAt, now.timeIntervalSince(missed) <= limit else {
                throw refuse(.reactivationExpired)
            }
            state = .waiting
            counter = nil
            calls = 0
            finishedAt = nil
            return .turnReactivated(turn: before)
        case (.endOfDay, .waiting), (.endOfDay, .called):
            state = .abandoned
            finishedAt = now
            return .turnAbandoned(turn: before)
        case (.endOfDay, .serving):
            state = .served
            finishedAt = now
            outcome = .unrecorded
            return .turnFinished(turn: before, counter: counter ?? 0, outcome: .unrecorded)
        default:
            throw refuse()
        }
    }
}
