@testable import CentralServer
import Testing

/// The per-connection read deadlines, without I/O.
@Suite("Connection read deadlines")
struct ConnectionTimeoutsTests {
    typealias Machine = ConnectionTimeouts<ContinuousClock.Instant>
    let start = ContinuousClock.now
    let limits = Machine.Limits(head: .seconds(10), body: .seconds(60), idle: .seconds(30))

    @Test("a silent connection, half a head, half a body and an idle keep-alive are closed at their deadlines")
    func deadlines() {
        var silent = Machine(limits: limits, openedAt: start)
        #expect(silent.initialAction == .arm(start + .seconds(10)) && silent.isEvictable)
        #expect(silent.timerFired(at: start + .seconds(9)) == .arm(start + .seconds(10)))
        #expect(silent.timerFired(at: start + .seconds(10)) == .close(reason: "no complete request head in time"))

        var body = Machine(limits: limits, openedAt: start)
        #expect(body.headReceived(at: start + .seconds(1)) == .arm(start + .seconds(61)))
        #expect(!body.isEvictable)
        #expect(body.timerFired(at: start + .seconds(61)) == .close(reason: "request body not received in time"))

        var keepAlive = Machine(limits: limits, openedAt: start)
        _ = keepAlive.headReceived(at: start)
        #expect(keepAlive.requestEnded() == .disarm)
        #expect(keepAlive.timerFired(at: start + .seconds(500)) == .none)
        #expect(keepAlive.answerEnded(at: start + .seconds(2)) == .arm(start + .seconds(32)))
        #expect(keepAlive.isEvictable)
        #expect(keepAlive.timerFired(at: start + .seconds(32)) == .close(reason: "idle"))
    }

    @Test("graceful shutdown closes idle connections at once and busy ones after their answer")
    func quiesce() {
        var idle = Machine(limits: limits, openedAt: start)
        #expect(idle.quiesce() == .close(reason: "shutting down"))
        var busy = Machine(limits: limits, openedAt: start)
        _ = busy.headReceived(at: start)
        #expect(busy.quiesce() == .none)
        _ = busy.requestEnded()
        #expect(busy.answerEnded(at: start + .seconds(1)) == .close(reason: "shutting down"))
        var stalled = Machine(limits: limits, openedAt: start)
        _ = stalled.headReceived(at: start)
        _ = stalled.quiesce()
        #expect(stalled.timerFired(at: start + .seconds(60)) == .close(reason: "request body not received in time"))
    }
}
