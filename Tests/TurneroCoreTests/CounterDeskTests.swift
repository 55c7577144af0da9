import Foundation
import PropertyBased
import Testing
import TurneroCore

/// Sign-in rules (issue 16): one agent per counter, one counter per agent, every session ended
/// by its own event.
@Suite("Agents at counters")
struct CounterDeskTests {
    static let t0 = Date(timeIntervalSince1970: 1_794_920_400)

    @Test func aSecondSignInElsewhereSignsTheFirstOut() {
        var desk = CounterDesk()
        #expect(desk.signIn("ana", counter: 1, at: Self.t0) == [.agentSignedIn(agent: "ana", counter: 1)])
        #expect(desk.signIn("ana", counter: 1, at: Self.t0).isEmpty)  // already there
        #expect(desk.signIn("ana", counter: 2, at: Self.t0) == [
            .agentSignedOut(agent: "ana", counter: 1, reason: .moved), .agentSignedIn(agent: "ana", counter: 2),
        ])
        #expect(desk.session(counter: 1) == nil && desk.counter(of: "ana") == 2)
    }

    @Test func signingInWhereSomeoneIsReplacesThem() {
        var desk = CounterDesk()
        _ = desk.signIn("ana", counter: 1, at: Self.t0)
        _ = desk.signIn("luis", counter: 2, at: Self.t0)
        #expect(desk.signIn("luis", counter: 1, at: Self.t0) == [
            .agentSignedOut(agent: "luis", counter: 2, reason: .moved),
            .agentSignedOut(agent: "ana", counter: 1, reason: .replaced), .agentSignedIn(agent: "luis", counter: 1),
        ])
        #expect(desk.sessions.count == 1)
        #expect(desk.endOfDay() == [.agentSignedOut(agent: "luis", counter: 1, reason: .dayClose)])
        #expect(desk.sessions.isEmpty && desk.endOfDay().isEmpty)
        #expect(desk.signOut(agent: "luis", reason: .signOut).isEmpty)
    }

    /// Any sequence of sign-ins and sign-outs: never two agents at a counter nor an agent at two
    /// counters, and replaying the events rebuilds the desk (every session opened is closed by
    /// an event before another opens for the same agent or counter).
    @Test func invariantsHoldForAnySequence() async {
        let step = zip(Gen.int(in: 0...2), Gen.int(in: 0...3), Gen.int(in: 1...3))
        await propertyCheck(count: 300, input: step.array(of: 0...40)) { steps in
            var desk = CounterDesk()
            var stream: [QueueEvent.Payload] = []
            for (kind, agent, counter) in steps {
                let id = AgentID("agent-\(agent)")
                switch kind {
                case 0, 1: stream += desk.signIn(id, counter: counter, at: Self.t0)
                default: stream += desk.signOut(counter: counter, reason: .signOut)
                }
                #expect(Set(desk.sessions.values.map(\.agent)).count == desk.sessions.count)
            }
            stream += desk.endOfDay()
            var open: [Int: AgentID] = [:]
            for event in stream {
                switch event {
                case .agentSignedIn(let agent, let counter):
                    #expect(open[counter] == nil && !open.values.contains(agent), "\(stream)")
                    open[counter] = agent
                case .agentSignedOut(let agent, let counter, _):
                    #expect(open[counter] == agent, "\(stream)")
                    open[counter] = nil
                default: Issue.record("unexpected \(event)")
                }
            }
            #expect(open.isEmpty)
        }
    }

    @Test func wrongPINsLockTheCounterForAWhile() {
        let rule = PINAttemptRule(maxAttempts: 3, lockMinutes: 10)
        let minute = { (m: Double) in Self.t0.addingTimeInterval(m * 60) }
        #expect(rule.lockedUntil(failures: [minute(0), minute(1)], now: minute(2)) == nil)
        let three = [minute(0), minute(1), minute(2)]
        #expect(rule.lockedUntil(failures: three, now: minute(2)) == minute(10))
        #expect(rule.lockedUntil(failures: three, now: minute(9.9)) == minute(10))
        #expect(rule.lockedUntil(failures: three, now: minute(10)) == nil)
        // Old failures fall out of the window.
        #expect(rule.lockedUntil(failures: [minute(-30), minute(1), minute(2)], now: minute(3)) == nil)
        #expect(rule.lockedUntil(failures: three + [minute(5)], now: minute(10.5)) == minute(11))
    }

    @Test func agentsAndPINsAreChecked() {
        #expect(Agent(id: "ana.perez", name: "Ana Pérez", pinHash: "x").problem == nil)
        #expect(Agent(id: "Ana", name: "Ana", pinHash: "x").problem != nil)
        #expect(Agent(id: "ana", name: "  ", pinHash: "x").problem != nil)
        #expect(Agent(id: "ana", name: "Ana\u{1B}[2J", pinHash: "x").problem != nil)
        #expect(AgentPIN.isWellFormed("4821") && AgentPIN.isWellFormed("12345678"))
        #expect(!AgentPIN.isWellFormed("123") && !AgentPIN.isWellFormed("12a4") && !AgentPIN.isWellFormed("١٢٣٤"))
    }
}
