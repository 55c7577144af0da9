import GRDB

extension Schema {
    /// Print jobs: every ticket to print is a row committed with its turn, then marked printed
    /// or failed; reprints are new rows pointing at the original.
    static func registerPrinting(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v3-printing") { db in
            try db.execute(sql: """
                CREATE TABLE print_jobs (
                    id INTEGER PRIMARY KEY NOT NULL,
                    turn_id TEXT REFERENCES turns (id),
                    kind TEXT NOT NULL CHECK (kind IN ('ticket', 'reprint', 'coupon', 'test')),
                    reprint_of INTEGER REFERENCES print_jobs (id),
                    -- What the ticket said when it was issued (reprints say the same).
                    ahead INTEGER,
                    estimate TEXT,
                    state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'printed', 'failed', 'voided')),
                    attempts INTEGER NOT NULL DEFAULT 0,
                    last_error TEXT,
                    created_at INTEGER NOT NULL,
                    finished_at INTEGER
                );
                CREATE INDEX print_jobs_state ON print_jobs (state);
                CREATE INDEX print_jobs_turn ON print_jobs (turn_id);
                """)
        }
    }

    /// Print jobs whose outcome nobody knows (`unknown`: the bytes went out, the printer never
    /// confirmed) and the language the ticket was printed in, so a reprint says it the same way.
    /// SQLite cannot widen a CHECK constraint in place: the table is rebuilt.
    static func registerPrintOutcome(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v5-print-outcome") { db in
            try db.execute(sql: """
                CREATE TABLE print_jobs_v5 (
                    id INTEGER PRIMARY KEY NOT NULL,
                    turn_id TEXT REFERENCES turns (id),
                    kind TEXT NOT NULL CHECK (kind IN ('ticket', 'reprint', 'coupon', 'test')),
                    reprint_of INTEGER REFERENCES print_jobs (id),
                    ahead INTEGER,
                    estimate TEXT,
                    state TEXT NOT NULL DEFAULT 'pending'
                        CHECK (state IN ('pending', 'printed', 'failed', 'voided', 'unknown')),
                    attempts INTEGER NOT NULL DEFAULT 0,
                    last_error TEXT,
                    created_at INTEGER NOT NULL,
                    finished_at INTEGER,
                    coupon_id TEXT REFERENCES coupons (id),
                    -- 'es' or 'en': the customer's choice at the screen (NULL: Spanish).
                    language TEXT
                );
                INSERT INTO print_jobs_v5 (id, turn_id, kind, reprint_of, ahead, estimate, state, attempts, last_error,
                        created_at, finished_at, coupon_id)
                    SELECT id, turn_id, kind, reprint_of, ahead, estimate, state, attempts, last_error, created_at,
                        finished_at, coupon_id
                    FROM print_jobs;
                DROP TABLE print_jobs;
                ALTER TABLE print_jobs_v5 RENAME TO print_jobs;
                CREATE INDEX print_jobs_state ON print_jobs (state);
                CREATE INDEX print_jobs_turn ON print_jobs (turn_id);
                """)
        }
    }
}
