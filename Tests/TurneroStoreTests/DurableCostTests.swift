import Foundation
import GRDB
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
