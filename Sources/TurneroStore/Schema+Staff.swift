import GRDB

extension Schema {
    /// Agents and their sessions at counters, wrong-PIN attempts, and escalations opened at
    /// counters (issue 16).
    static func registerStaff(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v6-staff") { db in
            try db.execute(sql: """
                -- Staff who sign in at counters. `pin_hash` is PBKDF2 (never the PIN);
                -- `source` is 'local' (turnero staff add) or 'centre' (the office dataset).
                CREATE TABLE agents (
                    id TEXT PRIMARY KEY NOT NULL,
                    name TEXT NOT NULL,
                    pin_hash TEXT NOT NULL,
                    active INTEGER NOT NULL DEFAULT 1,
                    source TEXT NOT NULL DEFAULT 'local',
                    updated_at INTEGER NOT NULL
                ) WITHOUT ROWID;

                -- Who is signed in where: one agent per counter, one counter per agent.
                CREATE TABLE agent_sessions (
                    counter INTEGER PRIMARY KEY NOT NULL,
                    agent TEXT NOT NULL UNIQUE, -- local or the centre's staff dataset
                    since INTEGER NOT NULL
                );

                -- Wrong PINs per counter, for the lock (old rows are pruned as they expire).
                CREATE TABLE pin_failures (counter INTEGER NOT NULL, at INTEGER NOT NULL);
                CREATE INDEX pin_failures_counter ON pin_failures (counter, at);

                -- Requests escalated at counters, until answered.
                CREATE TABLE escalations (
                    id TEXT PRIMARY KEY NOT NULL,
                    turn_id TEXT NOT NULL REFERENCES turns (id),
                    label TEXT NOT NULL,
                    service TEXT NOT NULL,
                    area TEXT NOT NULL,
                    types TEXT NOT NULL, -- JSON array of type codes
                    opened_at INTEGER NOT NULL,
                    opened_day TEXT NOT NULL,
                    due TEXT NOT NULL,
                    agent TEXT,
                    counter INTEGER NOT NULL,
                    closed_at INTEGER,
                    answer TEXT
                );
                CREATE INDEX escalations_open ON escalations (due) WHERE closed_at IS NULL;
                """)
        }
    }
}
