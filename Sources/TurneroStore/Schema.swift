import GRDB

/// The database schema, as ordered migrations. Never edit a shipped migration: add one.
enum Schema {
    /// - Parameter identity: written in the first migration's transaction when creating a
    ///   database, so a file either has its identity or no tables at all.
    static func migrator(creating identity: KioskIdentity? = nil) -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-queue") { db in
            try db.execute(sql: """
                CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);

                -- Gapless counters (the outbox sequence), rolled back with their transaction.
                CREATE TABLE sequences (name TEXT PRIMARY KEY NOT NULL, value INTEGER NOT NULL);

                -- `ord` (issue order) is the rowid: one B-tree less to write on every action.
                CREATE TABLE turns (
                    ord INTEGER PRIMARY KEY NOT NULL,
                    id TEXT NOT NULL UNIQUE,
                    label TEXT NOT NULL,
                    service TEXT NOT NULL,
                    issue_service TEXT NOT NULL, -- the service whose label it carries
                    preferential INTEGER NOT NULL,
                    day TEXT NOT NULL,
                    issued_at INTEGER NOT NULL,
                    queued_since INTEGER NOT NULL,
                    state TEXT NOT NULL,
                    counter INTEGER,
                    calls INTEGER NOT NULL DEFAULT 0,
                    last_called_at INTEGER,
                    started_at INTEGER,
                    finished_at INTEGER,
                    outcome TEXT,
                    UNIQUE (day, label)
                );
                -- Replaced by `turns_live` (live turns only) in v8-cheaper-transitions.
                CREATE INDEX turns_state ON turns (state, service);
                CREATE INDEX turns_served ON turns (service, finished_at) WHERE state = 'served';

                -- Last number given per service and office day (labels are gapless per day).
                CREATE TABLE label_counters (
                    day TEXT NOT NULL,
                    service TEXT NOT NULL,
                    last_number INTEGER NOT NULL,
                    PRIMARY KEY (day, service)
                );

                -- Each counter's place in the ordering pattern and whether it is open.
                CREATE TABLE counter_state (
                    counter INTEGER PRIMARY KEY NOT NULL,
                    last_class TEXT,
                    run_length INTEGER NOT NULL DEFAULT 0,
                    open_since INTEGER
                );

                CREATE TABLE ratings (
                    turn_id TEXT PRIMARY KEY NOT NULL REFERENCES turns (id),
                    score INTEGER NOT NULL CHECK (score BETWEEN 1 AND 10),
                    rated_at INTEGER NOT NULL
                );

                CREATE TABLE callbacks (
                    id TEXT PRIMARY KEY NOT NULL,
                    turn_id TEXT NOT NULL UNIQUE REFERENCES turns (id),
                    label TEXT NOT NULL,
                    service TEXT NOT NULL,
                    score INTEGER NOT NULL,
                    opened_at INTEGER NOT NULL,
                    deadline INTEGER NOT NULL,
                    closed_at INTEGER,
                    outcome TEXT
                );

                -- The sync outbox: immutable events with a gapless per-kiosk sequence. Few indexes
                -- on purpose: each one is another page to write and fsync per action (event ids
                -- are random UUIDs; the central server enforces their uniqueness).
                CREATE TABLE outbox (
                    seq INTEGER PRIMARY KEY NOT NULL,
                    event_id TEXT NOT NULL,
                    db_epoch TEXT NOT NULL,
                    type TEXT NOT NULL,
                    day TEXT NOT NULL,
                    occurred_at INTEGER NOT NULL,
                    turn_id TEXT,
                    payload TEXT NOT NULL,
                    state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'accepted', 'archived'))
                );
                CREATE TRIGGER outbox_immutable
                    BEFORE UPDATE OF seq, event_id, db_epoch, type, day, occurred_at, turn_id, payload ON outbox
                    BEGIN SELECT RAISE(ABORT, 'outbox events are immutable'); END;
                CREATE TRIGGER outbox_keep_unarchived
                    BEFORE DELETE ON outbox WHEN OLD.state <> 'archived'
                    BEGIN SELECT RAISE(ABORT, 'only archived outbox events may be deleted'); END;
                """)
            try identity?.save(db)
        }
        registerPrinting(&migrator)
        registerCoupons(&migrator)
        registerSync(&migrator)
        registerPrintOutcome(&migrator)
        registerContacts(&migrator)
        registerStaff(&migrator)
        registerEscalationContacts(&migrator)
        registerCheaperTransitions(&migrator)
        return migrator
    }
}
