public import Foundation
import GRDB
public import TurneroCore

extension QueueStore {
    /// A number that changes whenever another process commits to the database (SQLite's
    /// `data_version`): displays woken by ``TurneroDatabase/changes()`` compare it and re-read
    /// only when something happened.
    public func changeCounter() throws(StoreError) -> Int {
        try read { db in try db.value(Int.self, "PRAGMA data_version") ?? 0 }
    }

    /// The turn most recently finished at `counter` that nobody rated yet, if it finished within
    /// `window` (what a counter's rating screen asks about).
    public func latestUnratedFinish(counter: Int, within window: TimeInterval) throws(StoreError) -> Turn? {
        let since = clock().addingTimeInterval(-window).millisecondsSince1970
        return try read { db in
            try TurnRow.fetchOne(
                db,
                where: """
                    state = 'served' AND counter = ? AND outcome <> 'unrecorded' AND finished_at >= ?
                        AND id NOT IN (SELECT turn_id FROM ratings) ORDER BY finished_at DESC
                    """,
                [counter, since])
        }
    }

    /// The turn issued last (the kiosk's heartbeat reports it), nil before the first.
    public func lastIssuedTurn() throws(StoreError) -> Turn? {
        try read { db in try TurnRow.fetchOne(db, where: "1 ORDER BY ord DESC") }
    }

    /// Today's most recent calls, newest first (the office board).
    public func recentCalls(limit: Int = 6) throws(StoreError) -> [Turn] {
        let today = day(at: clock())
        return try read { db in
            try TurnRow.fetchAll(
                db, where: "day = ? AND last_called_at IS NOT NULL ORDER BY last_called_at DESC LIMIT ?",
                [today.rawValue, limit])
        }
    }

    /// How many turns wait right now.
    public func waitingCount() throws(StoreError) -> Int {
        try read { db in try db.value(Int.self, "SELECT COUNT(*) FROM turns WHERE \(TurnRow.live) AND state = 'waiting'") ?? 0 }
    }

    /// Per active service: who waits now and the wait a customer taking a ticket now would be
    /// told (nil when there is no trustworthy estimate), in the office's order. The board shows it.
    public func serviceOutlook() throws(StoreError) -> [ServiceOutlook] {
        let now = clock()
        return try read { db in
            let next = (try db.value(Int64.self, "SELECT COALESCE(MAX(ord), 0) + 1 FROM turns") ?? 1)
            var counts: [ServiceCode: Int] = [:]
            for row in try db.rows("SELECT service, COUNT(*) AS n FROM turns WHERE \(TurnRow.live) AND state = 'waiting' GROUP BY service") {
                counts[ServiceCode(row["service"] as String)] = row["n"]
            }
            return try configuration.services.filter { $0.active || counts[$0.code] != nil }.map { service in
                let newcomer = QueueCandidate(order: next, preferential: false, queuedSince: now)
                let waiting = try TurnRow.waitingCandidates(db, services: [service.code])
                let ahead = selector.position(of: newcomer, among: waiting, now: now)
                return ServiceOutlook(
                    service: service, waiting: counts[service.code] ?? 0, estimate: try estimateWait(for: service.code, ahead: ahead, db))
            }
        }
    }
}

/// One service as the board shows it: who waits and how long a newcomer would wait.
public struct ServiceOutlook: Sendable, Hashable {
    public var service: Service
    public var waiting: Int
    /// The estimate a ticket taken now would print; nil without enough history or open counters.
    public var estimate: WaitEstimate?
}

extension QueueStore {
    /// Calls and recalls recorded after outbox sequence `seq`, oldest first, each in the
    /// language its customer chose at the kiosk (the board announces them), and the sequence
    /// to read from next time.
    public func calls(after seq: Int64, limit: Int = 50) throws(StoreError) -> (calls: [CallAnnouncement], through: Int64) {
        try read { db in
            let rows = try db.rows(
                "SELECT seq, payload FROM outbox WHERE seq > ? AND type = 'turn.called' ORDER BY seq LIMIT ?", [seq, limit])
            var calls: [CallAnnouncement] = []
            var through = seq
            for row in rows {
                through = row["seq"]
                guard let event = try? TurneroJSON.decoder().decode(QueueEvent.Payload.self, from: Data((row["payload"] as String).utf8)),
                    case .turnCalled(let turn, let counter, let call) = event
                else { continue }
                let language = try db.value(
                    String.self, "SELECT language FROM print_jobs WHERE turn_id = ? ORDER BY id LIMIT 1", [turn.id.uuidString])
                calls.append(CallAnnouncement(
                    turnId: turn.id.uuidString, label: turn.label, counter: counter, call: call,
                    language: language.flatMap(Language.init(rawValue:)) ?? .spanish))
            }
            if rows.count < limit { through = max(through, try db.value(Int64.self, "SELECT COALESCE(MAX(seq), 0) FROM outbox") ?? through) }
            return (calls, through)
        }
    }
}
