import GRDB

extension Schema {
    /// Numbers detractors gave for their call-back (kept only until the centre has them, or on
    /// an office without a centre until the call-back closes plus the retention), and the key
    /// of the rating codes printed on tickets.
    static func registerContacts(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v5-callback-contacts") { db in
            try db.execute(sql: """
                CREATE TABLE callback_contacts (
                    callback_id TEXT PRIMARY KEY NOT NULL REFERENCES callbacks (id),
                    -- Ten national digits; personal data, never logged or printed.
                    phone TEXT NOT NULL,
                    consented_at INTEGER NOT NULL
                ) WITHOUT ROWID;
                """)
            // The key of the rating codes: random, per database, never leaves the kiosk.
            try db.execute(sql: "INSERT INTO meta (key, value) VALUES ('rating_code_key', lower(hex(randomblob(32))))")
        }
    }

    /// The phone or e-mail a customer agreed, at the counter, to be told an escalation's answer
    /// by (issue 16): kept until the centre has it, or on an office without a centre until the
    /// escalation closes plus the retention.
    static func registerEscalationContacts(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v7-escalation-contacts") { db in
            try db.execute(sql: """
                CREATE TABLE escalation_contacts (
                    escalation_id TEXT PRIMARY KEY NOT NULL REFERENCES escalations (id),
                    -- One of them; personal data, never logged or printed.
                    phone TEXT,
                    email TEXT,
                    consented_at INTEGER NOT NULL,
                    CHECK ((phone IS NULL) <> (email IS NULL))
                ) WITHOUT ROWID;
                """)
        }
    }
}
