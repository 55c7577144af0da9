public import Foundation
public import SyncProtocol

/// The rules of storing one batch of one stream, once, for every backend: a pure state machine
/// the backend drives inside its one transaction. The backend reads and writes rows and feeds
/// back what the database said; the core decides everything else:
///
/// - a batch starting after the stream's mark + 1 is a **gap** (nothing stored);
/// - every event is inserted **insert-or-ignore** on `(kiosk, epoch, seq)` and `(kiosk, event_id)`;
///   an invalid event is inserted as a **dead letter** (no event id, its reason kept);
/// - an event not inserted whose seq holds the **same content hash** is a **duplicate** (with
///   the stored row's reason, if it was a dead letter); **another hash** is a `seq_conflict`
///   that rolls the whole batch back;
/// - an event not inserted whose seq is free lost its **event id** to another event of the
///   same kiosk: it is stored as a dead letter;
/// - **counters** and **derived facts** (call-backs) come only from events accepted now;
/// - the new mark is `max(mark, last seq)`: contiguous, because the batch started at or below
///   mark + 1 and every seq of it is now stored.
///
/// ```
/// var core = IngestCore(batch…)
/// var action = core.start(stream: marks read under the stream's lock)
/// loop: .insert(rows) → core.inserted(seqs) · .readExisting(seqs) → core.existing(rows)
///       .commit(plan) → write it, commit, answer plan.outcome · .answer(outcome) · .rollback(seq)
/// ```
public struct IngestCore: Sendable {
    /// What the backend does next.
    public enum Action: Sendable, Hashable {
        /// Insert these rows, each `ON CONFLICT DO NOTHING`; report the seqs that went in.
        case insert([EventRow])
        /// Read the stored rows at these seqs of the stream (content hash and rejection).
        case readExisting([Int64])
        /// Write the plan (dead letters, counters, facts, the stream's mark), commit, answer.
        case commit(IngestPlan)
        /// Nothing to write: answer this (a gap).
        case answer(IngestOutcome)
        /// Roll the whole batch back and answer ``IngestOutcome/seqConflict(seq:acceptedThrough:archivedThrough:)``
        /// with the stream's marks as they are after the rollback.
        case rollback(conflictSeq: Int64)
    }

    private enum State: Sendable, Hashable {
        case awaitingStream
        case awaitingInsertion(StreamMarks)
        case awaitingExisting(StreamMarks, inserted: Set<Int64>)
        case finished
    }

    /// Why an event whose id belongs to another event of the kiosk is a dead letter.
    public static let eventIdTaken = "event_id already used by another event"

    public let kioskId: String
    public let dbEpoch: String
    public let fromSeq: Int64
    public let events: [CheckedEvent]
    /// When the centre received the batch, ms since 1970.
    public let receivedAt: Int64
    /// The kiosk's clock offset as the batch reports it (received − kiosk wall time).
    public let clockSkewMs: Int64?
    private var state = State.awaitingStream

    public init(kioskId: String, dbEpoch: String, fromSeq: Int64, events: [CheckedEvent], client: ClientClock?, now: Date) {
        self.kioskId = kioskId
        self.dbEpoch = dbEpoch
        self.fromSeq = fromSeq
        self.events = events
        receivedAt = now.milliseconds
        clockSkewMs = client.map { now.milliseconds - $0.wallTime }
    }

    /// Whether a batch starting at `fromSeq` may open a stream the centre does not know yet
    /// (a backend that locks the stream's row creates it first only then).
    public static func mayOpenStream(fromSeq: Int64) -> Bool { fromSeq <= 1 }

    /// The stream's marks as read (nil: the centre never saw the stream).
    public mutating func start(stream: StreamMarks?) -> Action {
        precondition(state == .awaitingStream, "start(stream:) is the first step")
        let marks = stream ?? StreamMarks(highWater: 0, archived: 0)
        guard fromSeq <= marks.highWater + 1 else {
            state = .finished
            return .answer(.gap(acceptedThrough: marks.highWater, archivedThrough: marks.archived))
        }
        guard !events.isEmpty else { return finish(marks, inserted: [], existing: [:]) }
        state = .awaitingInsertion(marks)
        return .insert(events.map { checked in
            EventRow(checked.event, contentHash: checked.contentHash, rejection: checked.rejection)
        })
    }

    /// The seqs the insert stored (the others hit a unique key).
    public mutating func inserted(_ seqs: Set<Int64>) -> Action {
        guard case .awaitingInsertion(let marks) = state else { preconditionFailure("inserted(_:) answers .insert") }
        let missing = events.map(\.event.seq).filter { !seqs.contains($0) }
        guard !missing.isEmpty else { return finish(marks, inserted: seqs, existing: [:]) }
        state = .awaitingExisting(marks, inserted: seqs)
        return .readExisting(missing)
    }

    /// The rows found at the seqs ``Action/readExisting(_:)`` asked for (absent: the seq is free).
    public mutating func existing(_ rows: [Int64: StoredRow]) -> Action {
        guard case .awaitingExisting(let marks, let inserted) = state else {
            preconditionFailure("existing(_:) answers .readExisting")
        }
        for checked in events where !inserted.contains(checked.event.seq) {
            if let stored = rows[checked.event.seq], stored.contentHash != checked.contentHash {
                state = .finished
                return .rollback(conflictSeq: checked.event.seq)
            }
        }
        return finish(marks, inserted: inserted, existing: rows)
    }

    private mutating func finish(_ marks: StreamMarks, inserted: Set<Int64>, existing: [Int64: StoredRow]) -> Action {
        state = .finished
        var plan = IngestPlan(
            kioskId: kioskId, dbEpoch: dbEpoch, highWater: max(marks.highWater, events.last?.event.seq ?? marks.highWater),
            receivedAt: receivedAt, clockSkewMs: clockSkewMs)
        var counts: [IngestPlan.Counter: Int64] = [:]
        var results: [EventResult] = []
        results.reserveCapacity(events.count)
        for checked in events {
            let event = checked.event
            if !inserted.contains(event.seq) {
                if let stored = existing[event.seq] {
                    results.append(EventResult(seq: event.seq, status: .duplicate, reason: stored.rejection))
                } else {
                    plan.deadLetters.append(EventRow(event, contentHash: checked.contentHash, rejection: Self.eventIdTaken))
                    results.append(EventResult(seq: event.seq, status: .rejected, reason: Self.eventIdTaken))
                }
            } else if let rejection = checked.rejection {
                results.append(EventResult(seq: event.seq, status: .rejected, reason: rejection))
            } else {
                results.append(EventResult(seq: event.seq, status: .accepted))
                counts[IngestPlan.Counter(day: event.day, type: event.type), default: 0] += 1
                if let fact = checked.derived { plan.facts.append(fact) }
            }
        }
        // One key order for every backend: concurrent batches never take counter locks crosswise.
        plan.counters = counts.map { ($0.key, $0.value) }.sorted { ($0.0.day, $0.0.type) < ($1.0.day, $1.0.type) }
            .map { IngestPlan.CounterIncrement(day: $0.0.day, type: $0.0.type, count: $0.1) }
        plan.outcome = .stored(
            results: results, acceptedThrough: plan.highWater, archivedThrough: marks.archived, clockSkewMs: clockSkewMs)
        return .commit(plan)
    }
}

/// A stream's marks: the contiguous high-water mark and what the latest backup holds.
public struct StreamMarks: Sendable, Hashable {
    public var highWater: Int64
    public var archived: Int64

    public init(highWater: Int64, archived: Int64) {
        self.highWater = highWater
        self.archived = archived
    }
}

/// An event row as a backend inserts it (dead letters have a `rejection` and no event id).
public struct EventRow: Sendable, Hashable {
    public var seq: Int64
    /// Nil for a dead letter: it never claims its event id.
    public var eventId: String?
    public var type: String
    public var day: String
    public var occurredAt: Int64
    public var payload: String
    public var contentHash: String
    public var rejection: String?

    init(_ event: WireEvent, contentHash: String, rejection: String?) {
        seq = event.seq
        eventId = rejection == nil ? event.eventId : nil
        type = event.type
        day = event.day
        occurredAt = event.occurredAt
        payload = event.payload
        self.contentHash = contentHash
        self.rejection = rejection
    }
}

/// What a backend found at a seq already stored.
public struct StoredRow: Sendable, Hashable {
    public var contentHash: String
    public var rejection: String?

    public init(contentHash: String, rejection: String?) {
        self.contentHash = contentHash
        self.rejection = rejection
    }
}

/// What a batch writes after its inserts, in the same transaction, and what it answers.
public struct IngestPlan: Sendable, Hashable {
    struct Counter: Hashable {
        var day: String
        var type: String
    }

    /// One counter bump: `event_counts(kiosk, day, type) += count`.
    public struct CounterIncrement: Sendable, Hashable {
        public var day: String
        public var type: String
        public var count: Int64
    }

    public var kioskId: String
    public var dbEpoch: String
    /// Events whose id another event of the kiosk holds: insert them (their seq is free).
    public var deadLetters: [EventRow] = []
    /// Counter bumps of the events accepted now, sorted by (day, type).
    public var counters: [CounterIncrement] = []
    /// Call-back facts of the events accepted now, in seq order.
    public var facts: [DerivedFact] = []
    /// The stream's new mark (the row is created when missing).
    public var highWater: Int64
    /// The stream's `last_seen`.
    public var receivedAt: Int64
    /// The stream's `clock_skew_ms` when the batch reported a clock (else keep the stored one).
    public var clockSkewMs: Int64?
    /// The answer once committed.
    public var outcome = IngestOutcome.gap(acceptedThrough: 0, archivedThrough: 0)
}
