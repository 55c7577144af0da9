import GRDB

extension Schema {
    /// The bill cache (one current bill per account, replaced whole by each dataset version)
    /// and the coupons printed from it.
    static func registerCoupons(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v4-coupons") { db in
            try db.execute(sql: """
                CREATE TABLE bills (
                    account TEXT PRIMARY KEY NOT NULL,
                    holder_name TEXT NOT NULL,
                    bill_number TEXT NOT NULL,
                    total_due INTEGER NOT NULL CHECK (total_due >= 0),
                    due_date TEXT NOT NULL,
                    in_agreement INTEGER NOT NULL DEFAULT 0,
                    suspended INTEGER NOT NULL DEFAULT 0
                ) WITHOUT ROWID;

                CREATE TABLE coupons (
                    id TEXT PRIMARY KEY NOT NULL,
                    kind TEXT NOT NULL CHECK (kind IN ('full', 'partial', 'duplicate')),
                    -- A keyed hash, never the account number itself.
                    account_hash TEXT NOT NULL,
                    bill_number TEXT NOT NULL,
                    amount INTEGER NOT NULL CHECK (amount >= 0),
                    due_date TEXT NOT NULL,
                    dataset_version TEXT NOT NULL,
                    created_at INTEGER NOT NULL
                );

                ALTER TABLE print_jobs ADD COLUMN coupon_id TEXT REFERENCES coupons (id);
                """)
            // The key of the account hash: random, per database, never leaves the kiosk.
            try db.execute(
                sql: "INSERT INTO meta (key, value) VALUES ('account_hash_key', lower(hex(randomblob(32))))")
        }
    }
}
