import GRDB

extension Schema {
    /// What every queue transition writes, made cheaper (issue 15):
    ///
    /// - The state index holds live turns only (waiting, called, in service). Over every turn, a
    ///   busy day's served turns sat between the called and the waiting entries, so a start or a
    ///   call wrote two of its leaf pages. Live turns are a few dozen: one small B-tree. SQLite
    ///   uses a partial index only for queries that repeat its condition, so the queries on live
    ///   turns say ``TurnRow/live``. It also holds what the ordering rule reads of a waiting turn
    ///   (preferential, queued since), so choosing the next turn never reads the table.
    /// - The outbox's and the print jobs' CHECK constraints compare instead of testing `IN (…)`:
    ///   SQLite tests a list of three or more values through a temporary B-tree it builds for
    ///   every row inserted, which cost each transition more CPU than its fsync'd commit. SQLite
    ///   cannot change a CHECK in place, so both tables are rebuilt (same columns, rows, indexes
    ///   and triggers).
    ///
    /// `DurableCostTests` checks that no statement of issue, call, start or finish builds a
    /// temporary B-tree or scans the turns or the outbox.
    static func registerCheaperTransitions(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v8-cheaper-transitions") { db in
            try db.execute(sql: """
                DROP INDEX turns_state;
                CREATE INDEX turns_live ON turns (state, service, preferential, queued_since) WHERE \(TurnRow.live);

                CREATE TABLE outbox_v8 (
                    seq INTEGER PRIMARY KEY NOT NULL,
                    event_id TEXT NOT NULL,
                    db_epoch TEXT NOT NULL,
                    type TEXT NOT NULL,
                    day TEXT NOT NULL,
                    occurred_at INTEGER NOT NULL,
                    turn_id TEXT,
                    payload TEXT NOT NULL,
                    state TEXT NOT NULL DEFAULT 'pending'
                        CHECK (state = 'pending' OR state = 'accepted' OR state = 'archived')
                );
                INSERT INTO outbox_v8 (seq, event_id, db_epoch, type, day, occurred_at, turn_id, payload, state)
                    SELECT seq, event_id, db_epoch, type, day, occurred_at, turn_id, payload, state FROM outbox;
                DROP TABLE outbox;
                ALTER TABLE outbox_v8 RENAME TO outbox;
                CREATE TRIGGER outbox_immutable
                    BEFORE UPDATE OF seq, event_id, db_epoch, type, day, occurred_at, turn_id, payload ON outbox
                    BEGIN SELECT RAISE(ABORT, 'outbox events are immutable'); END;
                CREATE TRIGGER outbox_keep_unarchived
                    BEFORE DELETE ON outbox WHEN OLD.state <> 'archived'
                    BEGIN SELECT RAISE(ABORT, 'only archived outbox events may be deleted'); END;

                CREATE TABLE print_jobs_v8 (
                    id INTEGER PRIMARY KEY NOT NULL,
                    turn_id TEXT REFERENCES turns (id),
                    kind TEXT NOT NULL CHECK (kind = 'ticket' OR kind = 'reprint' OR kind = 'coupon' OR kind = 'test'),
                    reprint_of INTEGER REFERENCES print_jobs (id),
                    ahead INTEGER,
                    estimate TEXT,
                    state TEXT NOT NULL DEFAULT 'pending' CHECK (
                        state = 'pending' OR state = 'printed' OR state = 'failed' OR state = 'voided' OR state = 'unknown'),
                    attempts INTEGER NOT NULL DEFAULT 0,
                    last_error TEXT,
                    created_at INTEGER NOT NULL,
                    finished_at INTEGER,
                    coupon_id TEXT REFERENCES coupons (id),
                    -- 'es' or 'en': the customer's choice at the screen (NULL: Spanish).
                    language TEXT
                );
                INSERT INTO print_jobs_v8 (id, turn_id, kind, reprint_of, ahead, estimate, state, attempts, last_error,
                        created_at, finished_at, coupon_id, language)
                    SELECT id, turn_id, kind, reprint_of, ahead, estimate, state, attempts, last_error, created_at,
                        finished_at, coupon_id, language
                    FROM print_jobs;
                DROP TABLE print_jobs;
                ALTER TABLE print_jobs_v8 RENAME TO print_jobs;
                CREATE INDEX print_jobs_state ON print_jobs (state);
                CREATE INDEX print_jobs_turn ON print_jobs (turn_id);
                """)
        }
    }
}
