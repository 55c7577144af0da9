import Foundation
import Testing
import TurneroCore

@Suite("Turn lifecycle")
struct TurnLifecycleTests {
    static let commands: [TurnCommand] = [
        .call(counter: 2), .recall, .start, .finish(.resolved), .noShow, .returnToQueue,
        .transfer(to: "reclamos"), .cancel, .reactivate, .endOfDay,
    ]

    /// The complete transition table of the notes: (from, command) → to. Anything else is refused.
    static let legal: [String: TurnState] = [
        "waiting/call": .called, "called/recall": .called, "called/start": .serving,
        "serving/finish": .served, "called/no-show": .noShow, "called/back": .waiting,
        "serving/transfer": .waiting, "waiting/cancel": .cancelled, "no-show/reactivate": .waiting,
        "waiting/end of day": .abandoned, "called/end of day": .abandoned, "serving/end of day": .served,
    ]

    @Test("every state × command is either the documented transition or refused", arguments: TurnState.allCases, commands)
    func transitionTable(state: TurnState, command: TurnCommand) throws {
        var turn = Fixtures.turn(state: state)
        let key = "\(state.rawValue)/\(command.name)"
        let now = Fixtures.t0.addingTimeInterval(60)
        if let expected = Self.legal[key] {
            let payload = try turn.apply(command, at: now, rules: CallingRules())
            #expect(turn.state == expected, "\(key)")
            #expect(payload.turn?.id == turn.id)
        } else {
            let before = turn
            #expect(throws: TransitionError.self, "\(key) must be refused") {
                try turn.apply(command, at: now, rules: CallingRules())
            }
            #expect(turn == before, "a refused command must not change the turn")
        }
    }

    @Test func recallStopsAtTheCallLimit() throws {
        var turn = Fixtures.turn()
        let rules = CallingRules(maxCalls: 3)
        _ = try turn.apply(.call(counter: 1), at: Fixtures.t0, rules: rules)
        let second = try turn.apply(.recall, at: Fixtures.t0, rules: rules)
        _ = try turn.apply(.recall, at: Fixtures.t0, rules: rules)
        #expect(second == .turnCalled(turn: turn.reference, counter: 1, call: 2))
        #expect(turn.calls == 3)
        let error = #expect(throws: TransitionError.self) { try turn.apply(.recall, at: Fixtures.t0, rules: rules) }
        #expect(error?.code == .callLimitReached)
        #expect(error?.description.contains("no-show") == true)
    }

    @Test func transferKeepsArrivalAndChangesService() throws {
        var turn = Fixtures.turn(state: .serving)
        let payload = try turn.apply(.transfer(to: "reclamos"), at: Fixtures.t0.addingTimeInterval(600), rules: CallingRules())
        #expect(turn.service == "reclamos")
        #expect(turn.queuedSince == Fixtures.t0)
        #expect(turn.state == .waiting && turn.counter == nil && turn.calls == 0)
        #expect(payload == .turnTransferred(turn: TurnReference(id: turn.id, label: "P-001", service: "pagos"), counter: 1, to: "reclamos"))
        var again = Fixtures.turn(state: .serving)
        #expect(throws: TransitionError.self) { try again.apply(.transfer(to: "pagos"), at: Fixtures.t0, rules: CallingRules()) }
    }

    @Test func reactivationOnlyWithinTolerance() throws {
        let rules = CallingRules(maxCalls: 3, reactivationMinutes: 15)
        var recent = Fixtures.turn(state: .noShow)
        _ = try recent.apply(.reactivate, at: Fixtures.t0.addingTimeInterval(14 * 60), rules: rules)
        #expect(recent.state == .waiting && recent.queuedSince == Fixtures.t0)
        var late = Fixtures.turn(state: .noShow)
        let error = #expect(throws: TransitionError.self) {
            try late.apply(.reactivate, at: Fixtures.t0.addingTimeInterval(16 * 60), rules: rules)
        }
        #expect(error?.code == .reactivationExpired)
    }

    @Test func endOfDayClosesServiceWithUnrecordedOutcome() throws {
        var turn = Fixtures.turn(state: .serving)
        let payload = try turn.apply(.endOfDay, at: Fixtures.t0, rules: CallingRules())
        #expect(turn.outcome == .unrecorded)
        #expect(payload.type == "turn.finished")
    }

    @Test func refusalMessageNamesTheTurnAndState() {
        var turn = Fixtures.turn(state: .called)
        let error = #expect(throws: TransitionError.self) { try turn.apply(.finish(.resolved), at: Fixtures.t0, rules: CallingRules()) }
        #expect(error?.description == "cannot finish P-001: it is called")
    }
}
