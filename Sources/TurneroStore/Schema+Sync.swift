import GRDB

extension Schema {
    /// Sync state on the kiosk: the centre's marks and clock offset (`sync_meta`), and the
    /// downloaded datasets, each version's rows kept apart until it is verified and switched on.
    static func registerSync(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v2-sync") { db in
            try db.execute(sql: """
                -- Key/value facts about sync: the centre's accepted/archived marks for this
                -- database's stream, last exchange, clock offset, why sync is blocked.
                CREATE TABLE sync_meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);

                -- The current (verified) version of each dataset.
                CREATE TABLE datasets (
                    name TEXT PRIMARY KEY NOT NULL,
                    version INTEGER NOT NULL,
                    checksum TEXT NOT NULL,
                    row_count INTEGER NOT NULL,
                    applied_at INTEGER NOT NULL
                );

                -- Rows of every version present: a new version is loaded beside the current one,
                -- verified, then switched on by updating `datasets` (one small transaction);
                -- rows of other versions are deleted afterwards.
                CREATE TABLE dataset_rows (
                    dataset TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    key TEXT NOT NULL,
                    json TEXT NOT NULL,
                    PRIMARY KEY (dataset, version, key)
                ) WITHOUT ROWID;
                """)
        }
    }
}
