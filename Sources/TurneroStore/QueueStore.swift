public import Foundation
import GRDB
import Synchronization
public import TurneroCore

/// The office queue on SQLite: every business action is one IMMEDIATE transaction that
/// updates state and appends its event to the outbox, so state and events never disagree.
///
/// Safe to use from several processes at once (kiosk, counters, rating terminals): SQLite's
/// write lock serialises them and the busy timeout makes them wait their turn.
public final class QueueStore: Sendable {
    public let database: TurneroDatabase
    public let configuration: OfficeConfiguration
    let clock: @Sendable () -> Date
    let makeID: @Sendable () -> UUID
    let selector: QueueSelector
    let estimator = WaitEstimator()
    /// The office's time zone, resolved once.
    let timeZone: TimeZone
    /// The last office day whose earlier days this process has already closed.
    let closedBefore = Mutex<LocalDay?>(nil)
    /// The rating codes' key, read once (it never changes).
    let ratingCodeKey = Mutex<String?>(nil)
    /// The last office day looked up and its instants: most calls fall in it, and a calendar
    /// computation in the office's zone costs more than the rest of a transition's CPU.
    private let lastDay = Mutex<(day: LocalDay, start: Date, end: Date)?>(nil)

    /// - Parameters:
    ///   - clock: the time source (injected so tests control days and waits).
    ///   - makeID: the id source for turns, events and call-backs.
    public init(
        database: TurneroDatabase, configuration: OfficeConfiguration,
        clock: @escaping @Sendable () -> Date = { Date() },
        makeID: @escaping @Sendable () -> UUID = { QueueStore.randomID() }
    ) {
        self.database = database
        self.configuration = configuration
        self.clock = clock
        self.makeID = makeID
        self.selector = QueueSelector(rule: configuration.ordering)
        self.timeZone = configuration.resolvedTimeZone
    }

    /// A random (version 4) UUID from the system generator (`getrandom`): `UUID()` opens,
    /// reads and closes `/dev/urandom` for every id on Linux, three system calls per event.
    public static func randomID() -> UUID {
        var generator = SystemRandomNumberGenerator()
        var uuid: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &uuid) { bytes in
            bytes.storeBytes(of: generator.next() as UInt64, toByteOffset: 0, as: UInt64.self)
            bytes.storeBytes(of: generator.next() as UInt64, toByteOffset: 8, as: UInt64.self)
            bytes[6] = bytes[6] & 0x0F | 0x40  // version 4
            bytes[8] = bytes[8] & 0x3F | 0x80  // RFC 4122 variant
        }
        return UUID(uuid: uuid)
    }

    /// The office day at `date`.
    public func day(at date: Date) -> LocalDay {
        if let last = lastDay.withLock({ $0 }), last.start <= date, date < last.end { return last.day }
        let day = LocalDay(containing: date, in: timeZone)
        let (start, end) = day.interval(in: timeZone)
        lastDay.withLock { $0 = (day, start, end) }
        return day
    }

    /// Runs `body` in one IMMEDIATE transaction, after closing earlier office days.
    func transaction<T>(_ body: (inout ActionContext) throws -> T) throws(StoreError) -> T {
        let now = clock().truncatedToMilliseconds
        let today = day(at: now)
        // Once per process and day: turns of earlier days cannot appear later, since every
        // writer dates its turns by the office clock.
        let mustClose = closedBefore.withLock { $0 != today }
        let result = try TurneroDatabase.storage {
            try database.writer.write { db in
                var context = ActionContext(db: db, now: now, day: today, store: self)
                if mustClose { try context.closePreviousDays() }
                return try body(&context)
            }
        }
        if mustClose { closedBefore.withLock { $0 = today } }
        return result
    }

    /// Runs `body` in a read transaction.
    func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        try TurneroDatabase.storage { try database.writer.read(body) }
    }
}

/// What one action sees: the connection, the instant and office day, and event recording.
struct ActionContext {
    let db: Database
    let now: Date
    let day: LocalDay
    let store: QueueStore
    private(set) var events: [QueueEvent] = []

    init(db: Database, now: Date, day: LocalDay, store: QueueStore) {
        self.db = db
        self.now = now
        self.day = day
        self.store = store
    }

    /// Appends an event for today (or for `eventDay`) to the outbox.
    /// - Parameter agent: who was signed in at the counter that acted.
    /// - Returns: the event's outbox sequence number.
    @discardableResult
    mutating func record(
        _ payload: QueueEvent.Payload, day eventDay: LocalDay? = nil, at instant: Date? = nil, agent: AgentID? = nil
    ) throws -> Int64 {
        let (event, seq) = try Outbox.append(
            payload, agent: agent, at: instant ?? now, day: eventDay ?? day, id: store.makeID(),
            epoch: store.database.identity.dbEpoch, db)
        events.append(event)
        return seq
    }

    /// End-of-day for earlier days: waiting and called turns are abandoned, turns in service
    /// are closed as served (outcome unrecorded), open counters are closed — each event dated
    /// at the end of its own day so that day's report counts it.
    mutating func closePreviousDays() throws {
        let zone = store.timeZone
        let stale = try TurnRow.fetchAll(
            db, where: "\(TurnRow.live) AND day < ? ORDER BY ord", [day.rawValue])
        for var turn in stale {
            let endOfDay = min(now, turn.day.interval(in: zone).end.addingTimeInterval(-0.001))
            let payload = try store.apply(.endOfDay, to: &turn, at: endOfDay)
            try TurnRow.update(turn, db)
            try record(payload, day: turn.day, at: endOfDay)
        }
        let startOfToday = day.interval(in: zone).start.millisecondsSince1970
        let staleCounters = try db.rows("SELECT counter, open_since FROM counter_state WHERE open_since < ?", [startOfToday])
        for row in staleCounters {
            let openedDay = LocalDay(containing: Date(millisecondsSince1970: row["open_since"]), in: zone)
            let endOfDay = openedDay.interval(in: zone).end.addingTimeInterval(-0.001)
            try db.run("UPDATE counter_state SET open_since = NULL WHERE counter = ?", [row["counter"] as Int])
            try record(.counterClosed(counter: row["counter"]), day: openedDay, at: endOfDay)
        }
        try endSessions(before: day.interval(in: zone).start)
    }
}

extension QueueStore {
    /// Applies a lifecycle command with the office's calling rules, as a `StoreError`.
    func apply(_ command: TurnCommand, to turn: inout Turn, at now: Date) throws(StoreError) -> QueueEvent.Payload {
        do {
            return try turn.apply(command, at: now, rules: configuration.calling)
        } catch {
            throw StoreError(error)
        }
    }

    /// The active service `code`, or `.unknownService` listing the ones offered.
    public func requireService(_ code: ServiceCode) throws(StoreError) -> Service {
        guard let service = configuration.service(code), service.active else {
            let known = configuration.services.filter(\.active).map(\.code.rawValue).joined(separator: ", ")
            throw StoreError(.unknownService, "unknown service '\(code.rawValue.prefix(40))'; this office offers: \(known)")
        }
        return service
    }

    func requireCounter(_ number: Int) throws(StoreError) -> Counter {
        guard let counter = configuration.counter(number) else {
            let known = configuration.counters.map { String($0.number) }.joined(separator: ", ")
            throw StoreError(.unknownCounter, "unknown counter \(number); configured counters: \(known)")
        }
        return counter
    }
}
