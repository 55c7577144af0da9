import Foundation
import GRDB
import Synchronization
import Testing
import TurneroCore
@testable import TurneroStore

/// What one durable transition writes (issue 15, finding 7): a transition costs what its pages
/// cost, so the outbox numbers its events from its own tail instead of a `sequences` row, and
/// each transition's pages are counted here (WAL frames: one per page written).
@Suite("Queue transitions at the durable limit", .serialized)
struct DurableCostTests {
    /// Pages the write-ahead log received while `body` ran.
    static func pagesWritten(_ store: QueueStore, _ body: () throws -> Void) throws -> Int {
        try store.database.writer.writeWithoutTransaction { try $0.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        try body()
        let size = (try FileManager.default.attributesOfItem(atPath: store.database.path + "-wal")[.size] as? Int) ?? 0
        let pageSize = try store.database.writer.read { try Int.fetchOne($0, sql: "PRAGMA page_size") } ?? 4096
        return size <= 32 ? 0 : (size - 32) / (pageSize + 24)
    }

    @Test func eventsAreNumberedFromTheOutboxTailWithoutASequenceRow() throws {
        let fixture = try StoreFixture()
        let store = try fixture.store()
        for _ in 0..<3 { _ = try store.issueTurn(service: "pagos", preferential: false) }
        _ = try store.call(counter: 1)
        _ = try store.start(counter: 1)
        _ = try store.finish(counter: 1)
        let (seqs, sequenceRows) = try store.database.writer.read { db in
            (try Int64.fetchAll(db, sql: "SELECT seq FROM outbox ORDER BY seq"),
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sequences WHERE name = 'outbox'") ?? 0)
        }
        #expect(seqs == Array(1...Int64(seqs.count)), "gapless from 1")
        #expect(sequenceRows == 0, "no counter row is written per event")
        #expect(try store.database.lastOutboxSeq() == Int64(seqs.count))
        #expect(try store.database.auditSequences().isSound)
    }

    @Test func anOutboxCompactedEmptyGoesOnFromWhereItWas() throws {
        let fixture = try StoreFixture()
        let store = try fixture.store()
        for _ in 0..<4 { _ = try store.issueTurn(service: "pagos", preferential: false) }
        try store.database.applySyncAcknowledgement(acceptedThrough: 4, archivedThrough: 4)
        #expect(try store.database.compactOutbox(before: fixture.now.addingTimeInterval(86_400)) == 4)
        #expect(try store.database.writer.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM outbox") } == 0)
        #expect(try store.database.lastOutboxSeq() == 4)
        let next = try fixture.store().issueTurn(service: "pagos", preferential: false)
        #expect(next.eventSequence == 5, "a number is never given twice, even after the outbox was emptied")
        #expect(try store.database.syncRecord().pending == 1)
    }

    /// The pages each transition writes, with 30 people waiting: one per B-tree it touches,
    /// and none for a sequence row. The least of five rounds is taken, because a round that
    /// grows the file also rewrites the header page.
    @Test func eachTransitionWritesOnlyThePagesItMust() throws {
        let fixture = try StoreFixture()
        let store = try fixture.store()
        for _ in 0..<30 { _ = try store.issueTurn(service: "pagos", preferential: false) }
        var issue = Int.max, call = Int.max, start = Int.max, finish = Int.max
        for _ in 0..<5 {
            issue = min(issue, try Self.pagesWritten(store) { _ = try store.issueTurn(service: "pagos", preferential: false) })
            call = min(call, try Self.pagesWritten(store) { _ = try store.call(counter: 1) })
            start = min(start, try Self.pagesWritten(store) { _ = try store.start(counter: 1) })
            finish = min(finish, try Self.pagesWritten(store) { _ = try store.finish(counter: 1) })
        }
        print("pages per transition: issue \(issue), call \(call), start \(start), finish \(finish)")
        // Start: the turn row, its state index entry, the outbox row.
        #expect(start <= 3, "start wrote \(start) pages")
        // Call: those and the counter's ordering state.
        #expect(call <= 4, "call wrote \(call) pages")
        // Finish: the turn, its state index, the served-turns index, the outbox.
        #expect(finish <= 4, "finish wrote \(finish) pages")
        // Issue: the turn and its three indexes, the label counter, the outbox row, the print
        // job and its two indexes.
        #expect(issue <= 9, "issue wrote \(issue) pages")
    }

    /// The same bounds late in a busy day: 400 turns already served lie in the state index
    /// between the called and the waiting ones, so an index over every turn would put a start
    /// or a finish on two of its leaf pages (issue 15: the index holds only live turns).
    @Test func aBusyDayDoesNotAddPagesToATransition() throws {
        let fixture = try StoreFixture()
        let store = try fixture.store()
        for _ in 0..<430 { _ = try store.issueTurn(service: "pagos", preferential: false) }
        for _ in 0..<400 {
            _ = try store.call(counter: 1)
            _ = try store.start(counter: 1)
            _ = try store.finish(counter: 1)
        }
        var call = Int.max, start = Int.max, finish = Int.max
        for _ in 0..<5 {
            call = min(call, try Self.pagesWritten(store) { _ = try store.call(counter: 1) })
            start = min(start, try Self.pagesWritten(store) { _ = try store.start(counter: 1) })
            finish = min(finish, try Self.pagesWritten(store) { _ = try store.finish(counter: 1) })
        }
        print("pages per transition after 400 served: call \(call), start \(start), finish \(finish)")
        #expect(start <= 3, "start wrote \(start) pages")
        #expect(call <= 4, "call wrote \(call) pages")
        #expect(finish <= 4, "finish wrote \(finish) pages")
    }

    /// Every statement issue, call, start and finish run (as SQLite traced them) searches an
    /// index and builds no temporary B-tree: `IN (…)` with three or more values, `IN` driving
    /// an index search, and `RETURNING` each build one per execution, which cost a transition
    /// more CPU than its fsync'd commit (issue 15), and a scan of `turns` or `outbox` grows
    /// with every turn ever issued.
    @Test func theTransitionsStatementsSearchAndBuildNoTemporaryTables() throws {
        let fixture = try StoreFixture()
        let store = try fixture.store()
        for _ in 0..<5 { _ = try store.issueTurn(service: "pagos", preferential: false) }
        let traced = Mutex<Set<String>>([])
        try store.database.writer.writeWithoutTransaction { db in
            db.trace(options: .statement) { event in
                if case .statement(let statement) = event { traced.withLock { _ = $0.insert(statement.sql) } }
            }
        }
        _ = try store.issueTurn(service: "pagos", preferential: true)
        _ = try store.call(counter: 1)
        _ = try store.start(counter: 1)
        _ = try store.finish(counter: 1)
        try store.database.writer.writeWithoutTransaction { db in db.trace(options: .statement, nil) }
        let statements = traced.withLock { $0 }.filter { !$0.hasPrefix("BEGIN") && !$0.hasPrefix("COMMIT") }
        #expect(statements.count >= 10, "\(statements)")
        for sql in statements {
            let arguments = StatementArguments(Array(repeating: nil as Int?, count: Self.parameterCount(sql)))
            let (opcodes, plan) = try store.database.writer.read { db in
                (try Row.fetchAll(db, sql: "EXPLAIN \(sql)", arguments: arguments).map { $0["opcode"] as String },
                 try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN \(sql)", arguments: arguments).map { $0["detail"] as String })
            }
            #expect(!opcodes.contains("OpenEphemeral"), "a temporary B-tree in: \(sql)\n\(plan)")
            #expect(!opcodes.contains("SorterOpen"), "a sort in: \(sql)\n\(plan)")
            #expect(!plan.contains { $0.hasPrefix("SCAN turns") || $0.hasPrefix("SCAN outbox") }, "a scan in: \(sql)\n\(plan)")
        }
    }

    /// A call reads only the first waiting turn of each class and service; the turn it calls
    /// is the one the ordering rule picks from the whole queue, over seeded random days with
    /// both classes, two counters sharing a service, turns sent back and the wait cap reached.
    @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
    func aCallPicksWhatTheRulePicksFromTheWholeQueue(seed: UInt64) throws {
        let fixture = try StoreFixture()
        let store = try fixture.store()
        var random = SplitMix64(seed: seed)
        var calls = 0
        for _ in 0..<300 {
            fixture.advance(minutes: Double(random.next() % 5))
            switch random.next() % 10 {
            case 0..<5:
                _ = try store.issueTurn(service: random.next() % 3 == 0 ? "reclamos" : "pagos", preferential: random.next() % 4 == 0)
            default:
                let counter = Int(random.next() % 2) + 1
                if try store.currentTurn(counter: counter) != nil {
                    if random.next() % 6 == 0 { _ = try store.returnToQueue(counter: counter) } else { _ = try store.noShow(counter: counter) }
                    continue
                }
                let services = Set(StoreFixture.office.counter(counter)!.services)
                let (waiting, state) = try store.database.writer.read { db in
                    (try TurnRow.fetchAll(db, where: "\(TurnRow.live) AND state = 'waiting'").filter { services.contains($0.service) }
                        .map(\.candidate),
                     try Row.fetchOne(db, sql: "SELECT last_class, run_length FROM counter_state WHERE counter = ?", arguments: [counter])
                        .map { OrderingState(lastClass: ($0[0] as String?).flatMap(TurnClass.init(rawValue:)), runLength: $0[1]) }
                        ?? OrderingState())
                }
                let expected = store.selector.next(from: waiting, state: state, now: fixture.now.truncatedToMilliseconds)
                guard let expected else {
                    #expect(throws: StoreError.self) { try store.call(counter: counter) }
                    continue
                }
                let called = try store.call(counter: counter)
                #expect(called.turn.order == expected.candidate.order, "call \(calls) at counter \(counter)")
                #expect(called.reason == expected.reason)
                calls += 1
            }
        }
        #expect(calls > 50)
    }

    /// Parameters of `sql`: its `?`, or its distinct `?N` when numbered.
    static func parameterCount(_ sql: String) -> Int {
        let numbered = Set(sql.matches(of: /\?(\d+)/).map { String($0.1) })
        return numbered.isEmpty ? sql.filter { $0 == "?" }.count : numbered.count
    }

    /// The queries on live turns repeat the live index's condition, so SQLite searches that
    /// small index instead of scanning every turn ever issued.
    @Test(arguments: [
        "SELECT ord, preferential, queued_since FROM turns WHERE \(TurnRow.live) AND state = 'waiting' AND service = 'pagos'",
        "SELECT id FROM turns WHERE \(TurnRow.live) AND state = 'called' AND counter = 1",
        "SELECT service, COUNT(*) AS n FROM turns WHERE \(TurnRow.live) AND state = 'waiting' GROUP BY service",
        "SELECT id FROM turns WHERE \(TurnRow.live) AND day < '2026-01-01' ORDER BY ord",
    ])
    func liveTurnQueriesSearchTheLiveIndex(query: String) throws {
        let fixture = try StoreFixture()
        let store = try fixture.store()
        let plan = try store.database.writer.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN \(query)").map { $0["detail"] as String }.joined(separator: "; ")
        }
        #expect(plan.contains("turns_live"), "\(plan)")
        #expect(!plan.contains("SCAN turns"), "\(plan)")
        if query.hasPrefix("SELECT ord, preferential, queued_since") { #expect(plan.contains("COVERING INDEX"), "\(plan)") }
    }

    /// Ids come from the system generator (no `/dev/urandom` opened per event): random,
    /// version 4, RFC 4122 variant, and the store uses them by default.
    @Test func idsAreRandomVersion4UUIDs() throws {
        let ids = (0..<2_000).map { _ in QueueStore.randomID() }
        #expect(Set(ids).count == ids.count)
        for id in ids.prefix(200) {
            let text = Array(id.uuidString)
            #expect(text[14] == "4" && "89AB".contains(text[19]), "\(id)")
        }
        let fixture = try StoreFixture()
        let store = try fixture.store()
        let issued = try store.issueTurn(service: "pagos", preferential: false)
        #expect(Array(issued.turn.id.uuidString)[14] == "4")
    }
}
