import Foundation
import GRDB
import Testing
import TurneroCore
@testable import TurneroStore

/// A kiosk's database from before a migration opens with every row and rule intact.
@Suite("Kiosk database migrations")
struct MigrationTests {
    /// v8 rebuilt the outbox and the print jobs (their CHECKs compare instead of `IN (…)`) and
    /// made the state index live-only: a database at v7 with events in every sync state and a
    /// reprint keeps its rows, triggers and constraints, and numbering goes on.
    @Test func aDatabaseFromV7KeepsItsEventsAndPrintJobsThroughV8() throws {
        let fixture = try StoreFixture()
        let old = try DatabaseQueue(path: fixture.path)
        try Schema.migrator(creating: KioskIdentity(kioskId: "kiosk-test", dbEpoch: "epoch-1"))
            .migrate(old, upTo: "v7-escalation-contacts")
        let turnId = "8E2C61B0-2A4B-4C55-9E0A-1F3C5D7E9A01"
        try old.write { db in
            try db.execute(sql: """
                INSERT INTO turns (ord, id, label, service, issue_service, preferential, day, issued_at, queued_since, state)
                    VALUES (1, ?, 'P001', 'pagos', 'pagos', 0, '2026-11-16', 1794834000000, 1794834000000, 'waiting');
                INSERT INTO outbox (seq, event_id, db_epoch, type, day, occurred_at, turn_id, payload, state) VALUES
                    (1, 'e1', 'epoch-1', 'turn.issued', '2026-11-16', 1794834000000, ?, '{"a":1}', 'archived'),
                    (2, 'e2', 'epoch-1', 'counter.opened', '2026-11-16', 1794834001000, NULL, '{"b":2}', 'accepted'),
                    (3, 'e3', 'epoch-1', 'counter.closed', '2026-11-16', 1794834002000, NULL, '{"c":3}', 'pending');
                INSERT INTO print_jobs (id, turn_id, kind, ahead, estimate, state, attempts, created_at, language)
                    VALUES (1, ?, 'ticket', 3, '5–10 min', 'printed', 1, 1794834000000, 'en');
                INSERT INTO print_jobs (id, turn_id, kind, reprint_of, state, created_at) VALUES (2, ?, 'reprint', 1, 'unknown', 1794834005000);
                """, arguments: [turnId, turnId, turnId, turnId])
        }
        let before = try old.read { db in try Self.snapshot(db) }
        try old.close()

        let store = try fixture.store()  // opens and migrates
        let writer = store.database.writer
        #expect(try writer.read { db in try Self.snapshot(db) } == before)
        let (indexes, integrity, foreignKeys) = try writer.read { db in
            (try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('turns', 'print_jobs')"),
             try String.fetchAll(db, sql: "PRAGMA integrity_check"),
             try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").count)
        }
        #expect(indexes.contains("turns_live") && !indexes.contains("turns_state"))
        #expect(indexes.contains("print_jobs_state") && indexes.contains("print_jobs_turn"))
        #expect(integrity == ["ok"])
        #expect(foreignKeys == 0)

        // The rules still hold.
        #expect(throws: DatabaseError.self) { try writer.write { try $0.execute(sql: "UPDATE outbox SET payload = 'x' WHERE seq = 3") } }
        #expect(throws: DatabaseError.self) { try writer.write { try $0.execute(sql: "DELETE FROM outbox WHERE seq = 3") } }
        #expect(throws: DatabaseError.self) { try writer.write { try $0.execute(sql: "UPDATE outbox SET state = 'lost' WHERE seq = 3") } }
        #expect(throws: DatabaseError.self) {
            try writer.write { try $0.execute(sql: "INSERT INTO print_jobs (kind, created_at) VALUES ('fax', 0)") }
        }
        #expect(throws: DatabaseError.self) { try writer.write { try $0.execute(sql: "UPDATE print_jobs SET state = 'jammed' WHERE id = 1") } }
        try writer.write { try $0.execute(sql: "DELETE FROM outbox WHERE seq = 1") }  // archived: may go

        // Numbering goes on from the old tail; the old waiting turn is closed with its day.
        let issued = try store.issueTurn(service: "pagos", preferential: false)
        #expect(issued.eventSequence > 3)
        #expect(try store.database.auditSequences().isSound)
    }

    /// Every row of the outbox and the print jobs, as text.
    static func snapshot(_ db: Database) throws -> [String] {
        try Row.fetchAll(db, sql: "SELECT * FROM outbox ORDER BY seq").map(\.description)
            + Row.fetchAll(db, sql: "SELECT * FROM print_jobs ORDER BY id").map(\.description)
    }
}
