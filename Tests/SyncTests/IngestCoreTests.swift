import CentralServer
import CentralSQLite
import Foundation
import PropertyBased
import SyncProtocol
import Testing

/// The ingest rules as one pure state machine (``IngestCore``, ``GapRule``): every rule without
/// I/O, then random sequences of batches checked against the sync model's invariants and
/// against the real SQLite backend, outcome by outcome and row by row.
@Suite("Ingest core")
struct IngestCoreTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    static func event(_ seq: Int64, epoch: String = "A", altered: Bool = false, id: String? = nil) -> WireEvent {
        WireEvent(
            seq: seq, eventId: id ?? eventId(epoch, seq), type: seq % 3 == 0 ? "turn.called" : "turn.issued", day: "2026-11-23",
            occurredAt: 1_800_000_000_000 + seq, payload: #"{"seq":\#(seq),"epoch":"\#(epoch)"\#(altered ? #","x":1"# : "")}"#)
    }

    static func eventId(_ epoch: String, _ seq: Int64) -> String {
        String(format: "%08x-0000-4000-8000-%012llx", epoch == "A" ? 0xA : 0xB, UInt64(seq))
    }

    static func checked(_ event: WireEvent, rejection: String? = nil, opensCallback: Bool = false) -> CheckedEvent {
        let fact: DerivedFact? = opensCallback
            ? .callbackOpened(CallbackOpening(
                id: "cb-\(event.eventId)", turnId: "t", label: "P-\(event.seq)", service: "pagos", score: 3, openedAt: now,
                deadline: now.addingTimeInterval(86_400)))
            : nil
        return CheckedEvent(event: event, contentHash: ContentHash.of(event), rejection: rejection, derived: rejection == nil ? fact : nil)
    }

    // MARK: Each rule, no I/O

    @Test("a batch after the mark + 1 is a gap: nothing is written")
    func gap() {
        var core = IngestCore(kioskId: "k", dbEpoch: "A", fromSeq: 7, events: [Self.checked(Self.event(7))], client: nil, now: Self.now)
        #expect(core.start(stream: StreamMarks(highWater: 5, archived: 2)) == .answer(.gap(acceptedThrough: 5, archivedThrough: 2)))
        var unknown = IngestCore(kioskId: "k", dbEpoch: "A", fromSeq: 2, events: [Self.checked(Self.event(2))], client: nil, now: Self.now)
        #expect(unknown.start(stream: nil) == .answer(.gap(acceptedThrough: 0, archivedThrough: 0)))
        #expect(IngestCore.mayOpenStream(fromSeq: 1) && !IngestCore.mayOpenStream(fromSeq: 2))
    }

    @Test("inserted events are accepted and counted; the mark moves to the last seq; facts only for accepted ones")
    func accepted() {
        let events = [Self.checked(Self.event(1)), Self.checked(Self.event(2), rejection: "bad payload"), Self.checked(Self.event(3), opensCallback: true)]
        var core = IngestCore(kioskId: "k", dbEpoch: "A", fromSeq: 1, events: events, client: ClientClock(wallTime: 1_799_999_999_000), now: Self.now)
        guard case .insert(let rows) = core.start(stream: nil) else { Issue.record("expected an insert"); return }
        #expect(rows.map(\.seq) == [1, 2, 3] && rows[1].eventId == nil && rows[1].rejection == "bad payload")
        guard case .commit(let plan) = core.inserted([1, 2, 3]) else { Issue.record("expected a commit"); return }
        #expect(plan.highWater == 3 && plan.deadLetters.isEmpty && plan.facts.count == 1 && plan.clockSkewMs == 1_000)
        #expect(plan.counters.map { "\($0.day) \($0.type) \($0.count)" } == ["2026-11-23 turn.called 1", "2026-11-23 turn.issued 1"])
        #expect(plan.outcome == .stored(
            results: [EventResult(seq: 1, status: .accepted), EventResult(seq: 2, status: .rejected, reason: "bad payload"),
                      EventResult(seq: 3, status: .accepted)],
            acceptedThrough: 3, archivedThrough: 0, clockSkewMs: 1_000))
    }

    @Test("a retry is a duplicate (a dead letter's reason kept); other content at a stored seq rolls back; a taken id is a dead letter")
    func notInserted() {
        let events = [Self.checked(Self.event(4)), Self.checked(Self.event(5)), Self.checked(Self.event(6, id: Self.eventId("A", 1)))]
        var core = IngestCore(kioskId: "k", dbEpoch: "A", fromSeq: 4, events: events, client: nil, now: Self.now)
        _ = core.start(stream: StreamMarks(highWater: 5, archived: 0))
        #expect(core.inserted([]) == .readExisting([4, 5, 6]))
        let stored: [Int64: StoredRow] = [
            4: StoredRow(contentHash: events[0].contentHash, rejection: nil), 5: StoredRow(contentHash: events[1].contentHash, rejection: "old"),
        ]
        guard case .commit(let plan) = core.existing(stored) else { Issue.record("expected a commit"); return }
        #expect(plan.deadLetters.map(\.seq) == [6] && plan.deadLetters[0].eventId == nil && plan.counters.isEmpty && plan.highWater == 6)
        #expect(plan.outcome == .stored(
            results: [EventResult(seq: 4, status: .duplicate), EventResult(seq: 5, status: .duplicate, reason: "old"),
                      EventResult(seq: 6, status: .rejected, reason: IngestCore.eventIdTaken)],
            acceptedThrough: 6, archivedThrough: 0, clockSkewMs: nil))

        var conflicting = IngestCore(
            kioskId: "k", dbEpoch: "A", fromSeq: 5, events: [Self.checked(Self.event(5, altered: true))], client: nil, now: Self.now)
        _ = conflicting.start(stream: StreamMarks(highWater: 5, archived: 0))
        _ = conflicting.inserted([])
        #expect(conflicting.existing([5: stored[5]!]) == .rollback(conflictSeq: 5))
    }

    @Test("a probe commits only the stream's last contact; declared gaps record only what lies above the mark")
    func probeAndGaps() {
        var probe = IngestCore(kioskId: "k", dbEpoch: "A", fromSeq: 6, events: [], client: nil, now: Self.now)
        guard case .commit(let plan) = probe.start(stream: StreamMarks(highWater: 5, archived: 3)) else { Issue.record("expected a commit"); return }
        #expect(plan.highWater == 5 && plan.outcome == .stored(results: [], acceptedThrough: 5, archivedThrough: 3, clockSkewMs: nil))
        let marks = StreamMarks(highWater: 10, archived: 4)
        #expect(GapRule.decide(stream: marks, fromSeq: 12, toSeq: 20) == .refuse(.gap(acceptedThrough: 10, archivedThrough: 4)))
        #expect(GapRule.decide(stream: marks, fromSeq: 3, toSeq: 8) == .record(lost: nil, highWater: 10, archived: 4))
        #expect(GapRule.decide(stream: marks, fromSeq: 8, toSeq: 15) == .record(lost: 11...15, highWater: 15, archived: 4))
        #expect(GapRule.decide(stream: nil, fromSeq: 1, toSeq: 3) == .record(lost: 1...3, highWater: 3, archived: 0))
    }

    // MARK: Random sequences against the model's invariants and the SQLite backend

    /// One step: a batch (retry, fresh, past a gap, with altered content, a reused id, an invalid
    /// event, a call-back), a probe, or a declared gap, on one of two streams.
    static func step(_ value: Int, _ state: MemoryIngest) -> (epoch: String, op: Op) {
        let epoch = value % 2 == 0 ? "A" : "B"
        let mark = state.marks[epoch]?.highWater ?? 0
        let from = max(1, mark + 1 - Int64((value / 2) % 5) + ((value / 10) % 7 == 0 ? 2 : 0))
        let count = Int64((value / 70) % 6)
        var events = (from..<(from + count)).map { checked(event($0, epoch: epoch), opensCallback: $0 % 7 == 0) }
        switch (value / 420) % 8 {
        case 1 where !events.isEmpty && from <= mark: events[0] = checked(event(from, epoch: epoch, altered: true))
        case 2 where events.count > 1: events[1] = checked(event(events[1].event.seq, epoch: epoch, id: eventId(epoch == "A" ? "B" : "A", 1)))
        case 3 where !events.isEmpty: events[events.count - 1] = checked(events[events.count - 1].event, rejection: "not a queue event")
        case 4: return (epoch, .gap(from: max(1, mark - 1), to: mark + 1 + Int64(value % 4)))
        default: break
        }
        return (epoch, .batch(from: from, events: events))
    }

    enum Op {
        case batch(from: Int64, events: [CheckedEvent])
        case gap(from: Int64, to: Int64)
    }

    @Test("random batches: the model's invariants hold and SQLite answers and stores exactly what the core decided", .shrinking)
    func againstSQLite() async throws {
        let seen = Locked<Set<String>>([])
        await propertyCheck(count: 40, input: Gen.int(in: 0...100_000).array(of: 1...40)) { values in
            do {
                let directory = try TempDirectory("turnero-core")
                defer { directory.remove() }
                let sqlite = try SQLiteCentralStorage(path: directory.path("central.sqlite"))
                var memory = MemoryIngest()
                for (index, value) in values.enumerated() {
                    let (epoch, op) = Self.step(value, memory)
                    switch op {
                    case .batch(let from, let events):
                        let expected = memory.ingest(epoch: epoch, fromSeq: from, events: events, now: Self.now)
                        let actual = try await sqlite.ingest(kioskId: "k", dbEpoch: epoch, fromSeq: from, events: events, client: nil, now: Self.now)
                        #expect(actual == expected, "step \(index): SQLite answered \(actual), the core \(expected)")
                        seen.withLock { $0.formUnion(Self.kinds(of: expected)) }
                    case .gap(let from, let to):
                        let expected = memory.declareGap(epoch: epoch, fromSeq: from, toSeq: to)
                        let actual = try await sqlite.declareGap(kioskId: "k", dbEpoch: epoch, fromSeq: from, toSeq: to, now: Self.now)
                        #expect(actual == expected, "step \(index): SQLite answered \(actual), the core \(expected)")
                    }
                    let broken = memory.violations()
                    #expect(broken.isEmpty, "step \(index): \(broken)")
                }
                let stored = try await sqlite.storedEvents(kioskId: "k").map { "\($0.dbEpoch) \($0.seq) \($0.eventId ?? "-") \($0.rejection ?? "")" }
                let expected = memory.rows.sorted { $0.key < $1.key }.map { "\($0.key.epoch) \($0.key.seq) \($0.value.eventId ?? "-") \($0.value.rejection ?? "")" }
                #expect(stored == expected)
                #expect(try await sqlite.countedEvents(kioskId: "k") == memory.counters.values.reduce(0, +))
                let callbacks = try await sqlite.callbacks(CallbackFilter(openOnly: false, limit: 10_000)).map(\.opening.id)
                #expect(Set(callbacks) == memory.openedCallbacks)
                for (epoch, marks) in memory.marks {
                    let actual = try await sqlite.marks(kioskId: "k", dbEpoch: epoch)
                    #expect(actual.acceptedThrough == marks.highWater && actual.archivedThrough == marks.archived)
                }
            } catch {
                Issue.record("\(error)")
            }
        }
        // The generator reaches every rule (a property that never meets a rule checks nothing).
        #expect(seen.value.isSuperset(of: ["gap", "seq_conflict", "accepted", "duplicate", "rejected", "id_taken", "probe"]), "\(seen.value)")
    }

    static func kinds(of outcome: IngestOutcome) -> Set<String> {
        switch outcome {
        case .gap: return ["gap"]
        case .seqConflict: return ["seq_conflict"]
        case .stored(let results, _, _, _):
            var kinds = Set(results.map(\.status.rawValue))
            if results.contains(where: { $0.reason == IngestCore.eventIdTaken }) { kinds.insert("id_taken") }
            if results.isEmpty { kinds.insert("probe") }
            return kinds
        }
    }
}
