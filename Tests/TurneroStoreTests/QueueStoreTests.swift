import Foundation
import GRDB
import Testing
import TurneroCore
@testable import TurneroStore

@Suite("Queue store on a real SQLite file")
struct QueueStoreTests {
    @Test func databaseIsDurableByConstruction() throws {
        let fixture = try StoreFixture()
        let store = try fixture.store()
        let settings = try store.database.durabilitySettings()
        #expect(settings.journalMode == "wal")
        #expect(settings.synchronous == 2)  // FULL
        #expect(settings.autoVacuum == 2)  // INCREMENTAL
        #expect(try store.database.integrityCheck() == ["ok"])
    }

    @Test func issueCommitsTurnLabelAndEventTogether() throws {
        let fixture = try StoreFixture()
        let store = try fixture.store()
        let first = try store.issueTurn(service: "pagos", preferential: false)
        let second = try store.issueTurn(service: "pagos", preferential: false)
        let claim = try store.issueTurn(service: "reclamos", preferential: false)
        #expect([first.turn.label, second.turn.label, claim.turn.label] == ["P-001", "P-002", "R-001"])
        #expect(second.ahead == 1 && claim.ahead == 0)
        #expect(first.turn.day.rawValue == "2026-11-17")
        let entries = try store.outboxEntries()
        #expect(entries.map(\.seq) == [1, 2, 3])
        #expect(entries.allSatisfy { $0.dbEpoch == store.database.identity.dbEpoch && $0.state == .pending })
        let link = QueueStore.ticketTokenHash(try store.ticketToken(for: second.turn.id))
        #expect(entries[1].event.payload == .turnIssued(
            turn: second.turn.reference, preferential: false, ahead: 1, estimate: nil, link: link, language: .spanish))
    }

    @Test func unknownServiceIsRefusedWithTheChoices() throws {
        let store = try StoreFixture().store()
        let error = #expect(throws: StoreError.self) { try store.issueTurn(service: "caja", preferential: false) }
        #expect(error?.code == .unknownService)
        #expect(error?.message.contains("pagos, reclamos") == true)
        #expect(try store.outboxSummary().total == 0)
    }

    @Test func counterFlowAndRefusals() throws {
        let fixture = try StoreFixture()
        let store = try fixture.store()
        #expect((#expect(throws: StoreError.self) { try store.call(counter: 1) })?.code == .emptyQueue)
        #expect((#expect(throws: StoreError.self) { try store.finish(counter: 1) })?.code == .noCurrentTurn)
        #expect((#expect(throws: StoreError.self) { try store.call(counter: 9) })?.code == .unknownCounter)
        let ticket = try store.issueTurn(service: "pagos", preferential: false)
        fixture.advance(minutes: 3)
        let called = try store.call(counter: 1)
        #expect(called.turn.id == ticket.turn.id && called.reason == .onlyClassWaiting)
        #expect((#expect(throws: StoreError.self) { try store.call(counter: 1) })?.code == .counterBusy)
        let finishTooEarly = #expect(throws: StoreError.self) { try store.finish(counter: 1) }
        #expect(finishTooEarly?.code == .transition)
        #expect(finishTooEarly?.message == "cannot finish P-001: it is called")
        _ = try store.recall(counter: 1)
        _ = try store.start(counter: 1)
        let served = try store.finish(counter: 1, outcome: .resolved)
        #expect(served.state == .served)
        let types = try store.outboxEntries().map(\.event.payload.type)
        #expect(types == ["turn.issued", "counter.opened", "turn.called", "turn.called", "turn.started", "turn.finished"])
    }

    @Test func transferKeepsArrivalSoTheTurnIsNotSentToTheBack() throws {
        let fixture = try StoreFixture()
        let store = try fixture.store()
        let early = try store.issueTurn(service: "pagos", preferential: false)
        fixture.advance(minutes: 1)
        let later = try store.issueTurn(service: "reclamos", preferential: false)
        _ = try store.call(counter: 1)
        _ = try store.start(counter: 1)
        let moved = try store.transfer(counter: 1, to: "reclamos")
        #expect(moved.queuedSince == early.turn.issuedAt)
        // Counter 2 serves reclamos: the transferred turn arrived first, so it goes first.
        #expect(try store.call(counter: 2).turn.id == early.turn.id)
        #expect(later.turn.label == "R-001" && moved.label == "P-001")
    }

    @Test func ratingOpensCallbackForDetractorsOnly() throws {
        let fixture = try StoreFixture()
        let store = try fixture.store()
        for _ in 0..<2 { _ = try store.issueTurn(service: "pagos", preferential: false) }
        for _ in 0..<2 {
            _ = try store.call(counter: 1)
            _ = try store.start(counter: 1)
            _ = try store.finish(counter: 1)
        }
        #expect((#expect(throws: StoreError.self) { try store.rate(.label("P-003"), score: RatingScore(5)!) })?.code == .turnNotFound)
        let promoter = try store.rate(.label("P-001"), score: RatingScore(10)!)
        #expect(promoter.callback == nil && promoter.category == .promoter)
        let detractor = try store.rate(.label("P-002"), score: RatingScore(3)!)
        let callback = try #require(detractor.callback)
        #expect(callback.deadline.timeIntervalSince(fixture.now) == 86_400)
        #expect(try store.openCallbacks().map(\.id) == [callback.id])
        #expect((#expect(throws: StoreError.self) { try store.rate(.label("P-002"), score: RatingScore(9)!) })?.code == .alreadyRated)
        _ = try store.closeCallback(callback.id, outcome: .contacted)
        #expect(try store.openCallbacks().isEmpty)
    }

    @Test func ratingAWaitingTurnIsRefused() throws {
        let store = try StoreFixture().store()
        _ = try store.issueTurn(service: "pagos", preferential: false)
        #expect((#expect(throws: StoreError.self) { try store.rate(TurnLookup("p-1")!, score: RatingScore(8)!) })?.code == .notRateable)
    }

    @Test func labelsAreGaplessAcrossReopeningAndRollOverAtLocalMidnight() throws {
        let fixture = try StoreFixture()
        for _ in 0..<3 { _ = try fixture.store().issueTurn(service: "pagos", preferential: false) }  // a "process" each
        _ = try fixture.store().issueTurn(service: "reclamos", preferential: false)
        // 23:59 in Bogotá is 04:59 UTC the next day: still the same office day.
        fixture.set(StoreFixture.morning.addingTimeInterval(15 * 3600 + 59 * 60))
        #expect(try fixture.store().issueTurn(service: "pagos", preferential: false).turn.label == "P-004")
        fixture.advance(minutes: 2)  // 00:01 local: a new day starts at 001
        let store = try fixture.store()
        let next = try store.issueTurn(service: "pagos", preferential: false)
        #expect(next.turn.label == "P-001" && next.turn.day.rawValue == "2026-11-18")
        // Yesterday's waiting turns were abandoned as part of yesterday.
        let yesterday = try store.turns(on: LocalDay(rawValue: "2026-11-17"))
        #expect(yesterday.allSatisfy { $0.state == .abandoned })
        let abandonEvents = try store.outboxEntries().filter { $0.event.payload.type == "turn.abandoned" }
        #expect(abandonEvents.count == 5 && abandonEvents.allSatisfy { $0.event.day.rawValue == "2026-11-17" })
        #expect(try store.database.auditSequences().isSound)
        #expect(try store.report(day: LocalDay(rawValue: "2026-11-17")).total.abandoned == 5)
    }

    @Test func outboxRowsCannotBeRewrittenOrDeletedBeforeArchiving() throws {
        let store = try StoreFixture().store()
        _ = try store.issueTurn(service: "pagos", preferential: false)
        let dbQueue = try DatabaseQueue(path: store.database.path)
        #expect(throws: DatabaseError.self) { try dbQueue.write { try $0.execute(sql: "UPDATE outbox SET payload = '{}'") } }
        #expect(throws: DatabaseError.self) { try dbQueue.write { try $0.execute(sql: "DELETE FROM outbox") } }
        try dbQueue.write { try $0.execute(sql: "UPDATE outbox SET state = 'archived'") }
        try dbQueue.write { try $0.execute(sql: "DELETE FROM outbox") }
    }

    @Test func missingAndCorruptDatabasesAreNamed() throws {
        let fixture = try StoreFixture()
        let missing = #expect(throws: StoreError.self) { try TurneroDatabase.open(at: fixture.path) }
        #expect(missing?.code == .notInitialized)
        try Data(repeating: 0x41, count: 8192).write(to: URL(fileURLWithPath: fixture.path))
        let garbage = #expect(throws: StoreError.self) { try TurneroDatabase.open(at: fixture.path) }
        #expect(garbage?.code == .corrupt)
        try FileManager.default.removeItem(atPath: fixture.path)
        let foreign = try DatabaseQueue(path: fixture.path)
        try foreign.write { try $0.execute(sql: "CREATE TABLE notes (x)") }
        let notOurs = #expect(throws: StoreError.self) { try TurneroDatabase.open(at: fixture.path) }
        #expect(notOurs?.code == .corrupt && notOurs?.message.contains("not a Turnero database") == true)
    }

    @Test func lockedDatabaseFailsAsBusyAfterTheTimeout() throws {
        let fixture = try StoreFixture()
        _ = try fixture.store()
        let holder = try DatabaseQueue(path: fixture.path)
        let database = try TurneroDatabase.open(at: fixture.path, options: .init(busyTimeout: 0.2))
        let store = QueueStore(database: database, configuration: fixture.configuration, clock: { fixture.now })
        try holder.writeWithoutTransaction { db in
            try db.execute(sql: "BEGIN IMMEDIATE")
            let error = #expect(throws: StoreError.self) { try store.issueTurn(service: "pagos", preferential: false) }
            #expect(error?.code == .busy)
            try db.execute(sql: "ROLLBACK")
        }
        #expect(try store.issueTurn(service: "pagos", preferential: false).turn.label == "P-001")
    }

    @Test func estimateAppearsAfterFiveServedTurns() throws {
        let fixture = try StoreFixture()
        let store = try fixture.store()
        for _ in 0..<6 {
            _ = try store.issueTurn(service: "pagos", preferential: false)
            _ = try store.call(counter: 1)
            fixture.advance(minutes: 1)
            _ = try store.start(counter: 1)
            fixture.advance(minutes: 5)
            _ = try store.finish(counter: 1)
            let ticket = try store.issueTurn(service: "pagos", preferential: false)
            _ = try? store.cancel(.id(ticket.turn.id))
        }
        for _ in 0..<4 { _ = try store.issueTurn(service: "pagos", preferential: false) }
        let ticket = try store.issueTurn(service: "pagos", preferential: false)
        // A = 4 ahead, B = 0, AHT = 6 min, C = counter 1 (1) + counter 2 closed → 24 min → 15–30.
        let estimate = try #require(ticket.estimate)
        #expect(ticket.ahead == 4)
        #expect(estimate.pointMinutes == 24)
        #expect(estimate.text == "15–30 min")
    }
}
