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
}
