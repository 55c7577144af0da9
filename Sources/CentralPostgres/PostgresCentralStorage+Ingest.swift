public import CentralServer
public import Foundation
import PostgresNIO
public import SyncProtocol

extension PostgresCentralStorage {
    /// Thrown inside the transaction to roll the whole batch back.
    private struct Conflict: Error { var seq: Int64 }

    public func ingest(
        kioskId: String, dbEpoch: String, fromSeq: Int64, events: [CheckedEvent], client: ClientClock?, now: Date
    ) async throws -> IngestOutcome {
        do {
            return try await transaction { connection in
                try await self.ingest(connection, kioskId, dbEpoch, fromSeq, events, client, now)
            }
        } catch let conflict as Conflict {
            let marks = try await self.marks(kioskId: kioskId, dbEpoch: dbEpoch)
            return .seqConflict(seq: conflict.seq, acceptedThrough: marks.acceptedThrough, archivedThrough: marks.archivedThrough)
        }
    }

    /// Locks the stream's row, creating it first when the batch may open the stream.
    private func lockStream(
        _ connection: PostgresConnection, _ kioskId: String, _ dbEpoch: String, create: Bool, at received: Int64
    ) async throws -> StreamMarks? {
        let select: PostgresQuery = """
            SELECT high_water, archived_through FROM streams WHERE kiosk_id = \(kioskId) AND db_epoch = \(dbEpoch) FOR UPDATE
            """
        if let row = try await connection.query(select, logger: logger).collect().first {
            let (highWater, archived) = try row.decode((Int64, Int64).self)
            return StreamMarks(highWater: highWater, archived: archived)
        }
        guard create else { return nil }
        // Two first batches at once: the second waits on the key, then finds the first's row.
        try await connection.query("""
            INSERT INTO streams (kiosk_id, db_epoch, high_water, archived_through, first_seen, last_seen)
            VALUES (\(kioskId), \(dbEpoch), 0, 0, \(received), \(received)) ON CONFLICT DO NOTHING
            """, logger: logger)
        guard let row = try await connection.query(select, logger: logger).collect().first else {
            throw CentralError(.storage, "stream row vanished")
        }
        let (highWater, archived) = try row.decode((Int64, Int64).self)
        return StreamMarks(highWater: highWater, archived: archived)
    }

    /// Drives ``IngestCore`` in one transaction under the stream's row lock: this backend only
    /// reads and writes rows (in bulk, with `unnest`).
    private func ingest(
        _ connection: PostgresConnection, _ kioskId: String, _ dbEpoch: String, _ fromSeq: Int64, _ events: [CheckedEvent],
        _ client: ClientClock?, _ now: Date
    ) async throws -> IngestOutcome {
        var core = IngestCore(kioskId: kioskId, dbEpoch: dbEpoch, fromSeq: fromSeq, events: events, client: client, now: now)
        let stream = try await lockStream(
            connection, kioskId, dbEpoch, create: IngestCore.mayOpenStream(fromSeq: fromSeq), at: core.receivedAt)
        var action = core.start(stream: stream)
        while true {
            switch action {
            case .insert(let rows):
                action = core.inserted(try await insert(rows, connection, kioskId, dbEpoch, received: core.receivedAt))
            case .readExisting(let seqs):
                var found: [Int64: StoredRow] = [:]
                for row in try await connection.query("""
                    SELECT seq, content_hash, rejection FROM events
                    WHERE kiosk_id = \(kioskId) AND db_epoch = \(dbEpoch) AND seq = ANY(\(seqs)::bigint[])
                    """, logger: logger).collect()
                {
                    let (seq, hash, rejection) = try row.decode((Int64, String, String?).self)
                    found[seq] = StoredRow(contentHash: hash, rejection: rejection)
                }
                action = core.existing(found)
            case .commit(let plan):
                try await write(plan, connection)
                return plan.outcome
            case .answer(let outcome):
                return outcome
            case .rollback(let seq):
                throw Conflict(seq: seq)
            }
        }
    }

    /// One `INSERT … ON CONFLICT DO NOTHING` for all rows; the seqs that went in.
    private func insert(
        _ rows: [EventRow], _ connection: PostgresConnection, _ kioskId: String, _ dbEpoch: String, received: Int64
    ) async throws -> Set<Int64> {
        guard !rows.isEmpty else { return [] }
        let seqs = rows.map(\.seq)
        let ids = rows.map { $0.eventId.map(Self.storable) ?? "" }
        let types = rows.map { Self.storable($0.type) }
        let days = rows.map { Self.storable($0.day) }
        let times = rows.map(\.occurredAt)
        let payloads = rows.map { Self.storable($0.payload) }
        let hashes = rows.map(\.contentHash)
        let rejections = rows.map { Self.storable($0.rejection ?? "") }
        var inserted = Set<Int64>()
        for row in try await connection.query("""
            INSERT INTO events (kiosk_id, db_epoch, seq, event_id, type, day, occurred_at, payload, content_hash, rejection,
                received_at)
            SELECT \(kioskId), \(dbEpoch), u.seq, NULLIF(u.event_id, ''), u.type, u.day, u.occurred_at, u.payload,
                u.content_hash, NULLIF(u.rejection, ''), \(received)
            FROM unnest(\(seqs)::bigint[], \(ids)::text[], \(types)::text[], \(days)::text[], \(times)::bigint[],
                \(payloads)::text[], \(hashes)::text[], \(rejections)::text[])
                AS u(seq, event_id, type, day, occurred_at, payload, content_hash, rejection)
            ORDER BY u.seq
            ON CONFLICT DO NOTHING RETURNING seq
            """, logger: logger).collect()
        {
            inserted.insert(try row.decode(Int64.self))
        }
        return inserted
    }

    /// The plan's rows: dead letters, counters (in the plan's key order), call-back facts, the mark.
    private func write(_ plan: IngestPlan, _ connection: PostgresConnection) async throws {
        let stored = try await insert(plan.deadLetters, connection, plan.kioskId, plan.dbEpoch, received: plan.receivedAt)
        guard stored.count == plan.deadLetters.count else { throw CentralError(.storage, "a dead letter hit a unique key") }
        if !plan.counters.isEmpty {
            try await connection.query("""
                INSERT INTO event_counts (kiosk_id, day, type, count)
                SELECT \(plan.kioskId), u.day, u.type, u.count
                FROM unnest(\(plan.counters.map { Self.storable($0.day) })::text[], \(plan.counters.map { Self.storable($0.type) })::text[],
                    \(plan.counters.map(\.count))::bigint[]) AS u(day, type, count)
                ORDER BY u.day, u.type
                ON CONFLICT (kiosk_id, day, type) DO UPDATE SET count = event_counts.count + excluded.count
                """, logger: logger)
        }
        for fact in plan.facts { try await apply(fact, connection, plan.kioskId) }
        try await apply(tickets: plan.facts, connection, plan.kioskId)
        // The row exists: the batch locked it (created when the batch opened the stream).
        try await connection.query("""
            UPDATE streams SET high_water = \(plan.highWater), last_seen = \(plan.receivedAt),
                clock_skew_ms = COALESCE(\(plan.clockSkewMs)::bigint, clock_skew_ms)
            WHERE kiosk_id = \(plan.kioskId) AND db_epoch = \(plan.dbEpoch)
            """, logger: logger)
    }

    /// Keeps a call-back fact beside its event, in the ingest transaction.
    private func apply(_ fact: DerivedFact, _ connection: PostgresConnection, _ kioskId: String) async throws {
        switch fact {
        case .callbackOpened(let opening):
            try await connection.query("""
                INSERT INTO callbacks (callback_id, kiosk_id, office_id, turn_id, label, service, score, opened_at, deadline)
                VALUES (\(opening.id), \(kioskId), COALESCE((SELECT office_id FROM kiosks WHERE kiosk_id = \(kioskId)), ''),
                    \(opening.turnId), \(Self.storable(opening.label)), \(Self.storable(opening.service)), \(Int64(opening.score)),
                    \(opening.openedAt.milliseconds), \(opening.deadline.milliseconds))
                ON CONFLICT DO NOTHING
                """, logger: logger)
            try await moveTicketContact(callbackId: opening.id, connection, kioskId)
        case .callbackClosed(let id, let outcome, let at):
            // Only the kiosk's own call-backs. The first close wins (an agent may have closed it
            // here already); either way the kiosk now knows it is closed.
            try await connection.query("""
                UPDATE callbacks SET outcome = \(outcome.rawValue), closed_at = \(at.milliseconds), closed_by = 'kiosk'
                WHERE callback_id = \(id) AND kiosk_id = \(kioskId) AND outcome IS NULL
                """, logger: logger)
            try await connection.query("""
                UPDATE callbacks SET kiosk_closed_at = \(at.milliseconds)
                WHERE callback_id = \(id) AND kiosk_id = \(kioskId) AND kiosk_closed_at IS NULL
                """, logger: logger)
        case .callbackContactGiven(let id):
            try await connection.query(
                "UPDATE callbacks SET contact_given = TRUE WHERE callback_id = \(id) AND kiosk_id = \(kioskId)", logger: logger)
        case .escalationOpened, .escalationClosed:
            try await apply(escalation: fact, connection, kioskId)
        case .ticketIssued, .ticketSettled:
            break  // in two statements for the batch (`apply(tickets:)`)
        }
    }

    // MARK: Datasets

    public func publishDataset(name: String, officeId: String?, rows: [DatasetRow], now: Date) async throws -> DatasetSnapshot {
        let scope = officeId ?? ""
        return try await transaction { connection in
            // One publisher at a time per dataset and scope: versions stay 1, 2, 3…
            try await connection.query("SELECT pg_advisory_xact_lock(hashtext(\(name + "\u{1F}" + scope)))", logger: self.logger)
            let last = try await connection.query(
                "SELECT COALESCE(MAX(version), 0)::bigint FROM dataset_versions WHERE name = \(name) AND office_id = \(scope)",
                logger: self.logger
            ).collect().first?.decode(Int64.self) ?? 0
            let snapshot = DatasetSnapshot(name: name, version: last + 1, rows: rows)
            try await connection.query("""
                INSERT INTO dataset_versions (name, office_id, version, checksum, row_count, published_at)
                VALUES (\(name), \(scope), \(snapshot.version), \(snapshot.checksum), \(Int64(snapshot.rowCount)), \(now.milliseconds))
                """, logger: self.logger)
            for chunk in stride(from: 0, to: snapshot.rows.count, by: 5_000) {
                let part = snapshot.rows[chunk..<min(chunk + 5_000, snapshot.rows.count)]
                try await connection.query("""
                    INSERT INTO dataset_rows (name, office_id, version, key, value)
                    SELECT \(name), \(scope), \(snapshot.version), u.key, u.value
                    FROM unnest(\(part.map { Self.storable($0.key) })::text[], \(part.map { Self.storable($0.value) })::text[]) AS u(key, value)
                    """, logger: self.logger)
            }
            // Older versions are no longer served.
            try await connection.query(
                "DELETE FROM dataset_rows WHERE name = \(name) AND office_id = \(scope) AND version < \(snapshot.version)",
                logger: self.logger)
            return snapshot
        }
    }

    public func datasetVersions(officeId: String) async throws -> [String: Int64] {
        var versions: [String: Int64] = [:]
        // Office-specific versions win over global ones ('' sorts first, so it is overwritten).
        for row in try await rows("""
            SELECT name, office_id, MAX(version)::bigint FROM dataset_versions WHERE office_id IN ('', \(officeId))
            GROUP BY name, office_id ORDER BY name, office_id
            """)
        {
            let (name, _, version) = try row.decode((String, String, Int64).self)
            versions[name] = version
        }
        return versions
    }

    public func dataset(name: String, officeId: String) async throws -> DatasetSnapshot? {
        guard let head = try await rows("""
            SELECT office_id, version, checksum FROM dataset_versions
            WHERE name = \(name) AND office_id IN ('', \(officeId)) ORDER BY office_id DESC, version DESC LIMIT 1
            """).first
        else { return nil }
        let (scope, version, checksum) = try head.decode((String, Int64, String).self)
        let rows = try await rows(
            "SELECT key, value FROM dataset_rows WHERE name = \(name) AND office_id = \(scope) AND version = \(version)"
        ).map { row in
            let (key, value) = try row.decode((String, String).self)
            return DatasetRow(key: key, value: value)
        }
        let snapshot = DatasetSnapshot(name: name, version: version, rows: rows)
        guard snapshot.checksum == checksum else {
            throw CentralError(.storage, "dataset \(name) v\(version) fails its checksum in storage")
        }
        return snapshot
    }
}
