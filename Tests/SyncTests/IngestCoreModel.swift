import CentralServer
import Foundation
import SyncProtocol

/// The centre's ingest reduced to its rows in memory, driven by ``IngestCore`` and ``GapRule``
/// exactly as a backend drives them: no I/O. A batch works on a copy that replaces the state
/// only on commit (the transaction).
struct MemoryIngest {
    struct Key: Hashable, Comparable {
        var epoch: String
        var seq: Int64
        static func < (a: Key, b: Key) -> Bool { (a.epoch, a.seq) < (b.epoch, b.seq) }
    }

    private(set) var rows: [Key: EventRow] = [:]
    /// Event ids of one kiosk (`UNIQUE (kiosk_id, event_id)`).
    private(set) var eventIds: Set<String> = []
    private(set) var counters: [String: Int64] = [:]
    private(set) var marks: [String: StreamMarks] = [:]
    private(set) var gaps: [String: [ClosedRange<Int64>]] = [:]
    private(set) var openedCallbacks: Set<String> = []

    mutating func ingest(epoch: String, fromSeq: Int64, events: [CheckedEvent], now: Date) -> IngestOutcome {
        var core = IngestCore(kioskId: "k", dbEpoch: epoch, fromSeq: fromSeq, events: events, client: nil, now: now)
        var staged = self
        var action = core.start(stream: marks[epoch])
        while true {
            switch action {
            case .insert(let rows):
                action = core.inserted(Set(rows.filter { staged.insert($0, epoch: epoch) }.map(\.seq)))
            case .readExisting(let seqs):
                var found: [Int64: StoredRow] = [:]
                for seq in seqs {
                    if let row = staged.rows[Key(epoch: epoch, seq: seq)] {
                        found[seq] = StoredRow(contentHash: row.contentHash, rejection: row.rejection)
                    }
                }
                action = core.existing(found)
            case .commit(let plan):
                for row in plan.deadLetters { precondition(staged.insert(row, epoch: epoch), "a dead letter hit a key") }
                for counter in plan.counters { staged.counters["\(counter.day)|\(counter.type)", default: 0] += counter.count }
                for fact in plan.facts {
                    if case .callbackOpened(let opening) = fact { staged.openedCallbacks.insert(opening.id) }
                }
                staged.marks[epoch] = StreamMarks(highWater: plan.highWater, archived: staged.marks[epoch]?.archived ?? 0)
                self = staged
                return plan.outcome
            case .answer(let outcome):
                return outcome
            case .rollback(let seq):
                let current = marks[epoch] ?? StreamMarks(highWater: 0, archived: 0)
                return .seqConflict(seq: seq, acceptedThrough: current.highWater, archivedThrough: current.archived)
            }
        }
    }

    mutating func declareGap(epoch: String, fromSeq: Int64, toSeq: Int64) -> GapOutcome {
        switch GapRule.decide(stream: marks[epoch], fromSeq: fromSeq, toSeq: toSeq) {
        case .refuse(let outcome):
            return outcome
        case .record(let lost, let highWater, let archived):
            if let lost {
                gaps[epoch, default: []].append(lost)
                marks[epoch] = StreamMarks(highWater: highWater, archived: archived)
            }
            let total = gaps[epoch, default: []].reduce(Int64(0)) { $0 + Int64($1.count) }
            return .recorded(acceptedThrough: highWater, archivedThrough: archived, lostEvents: total)
        }
    }

    /// Insert-or-ignore on both keys.
    private mutating func insert(_ row: EventRow, epoch: String) -> Bool {
        let key = Key(epoch: epoch, seq: row.seq)
        guard rows[key] == nil else { return false }
        if let id = row.eventId {
            guard !eventIds.contains(id) else { return false }
            eventIds.insert(id)
        }
        rows[key] = row
        return true
    }

    /// The invariants the sync model checks at the centre after every step.
    func violations() -> [String] {
        var found: [String] = []
        let accepted = rows.values.filter { $0.rejection == nil }
        let ids = accepted.compactMap(\.eventId)
        if Set(ids).count != ids.count { found.append("duplicate event id") }
        if counters.values.reduce(0, +) != Int64(accepted.count) {
            found.append("counters say \(counters.values.reduce(0, +)), \(accepted.count) accepted (double count)")
        }
        for (epoch, mark) in marks {
            for seq in stride(from: Int64(1), through: mark.highWater, by: 1)
            where rows[Key(epoch: epoch, seq: seq)] == nil && !(gaps[epoch] ?? []).contains(where: { $0.contains(seq) }) {
                found.append("\(epoch): mark \(mark.highWater) passes seq \(seq), neither stored nor declared lost")
            }
        }
        return found
    }
}
