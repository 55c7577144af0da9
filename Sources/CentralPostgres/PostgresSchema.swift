/// The PostgreSQL schema: the same tables, keys and meaning as the SQLite backend's
/// (`SQLiteCentralStorage.migrator`), one statement per entry. Migrations are applied in order,
/// each in its own transaction under an advisory lock, and recorded in `schema_migrations`.
enum PostgresSchema {
    /// The advisory lock key serialising migrations of concurrent starts.
    static let migrationLock: Int64 = 7_358_201_123

    static let migrations: [(name: String, statements: [String])] = [
        ("central-v1", [
            """
            CREATE TABLE enrollment_codes (
                code_hash TEXT PRIMARY KEY, office_id TEXT NOT NULL, expires_at BIGINT NOT NULL, used_at BIGINT, used_by TEXT)
            """,
            """
            CREATE TABLE kiosks (
                kiosk_id TEXT PRIMARY KEY, office_id TEXT NOT NULL, secret BYTEA NOT NULL, expires_at BIGINT NOT NULL,
                enrolled_at BIGINT NOT NULL)
            """,
            """
            CREATE TABLE streams (
                kiosk_id TEXT NOT NULL, db_epoch TEXT NOT NULL, high_water BIGINT NOT NULL DEFAULT 0,
                archived_through BIGINT NOT NULL DEFAULT 0, first_seen BIGINT NOT NULL, last_seen BIGINT NOT NULL,
                clock_skew_ms BIGINT, PRIMARY KEY (kiosk_id, db_epoch))
            """,
            """
            CREATE TABLE events (
                kiosk_id TEXT NOT NULL, db_epoch TEXT NOT NULL, seq BIGINT NOT NULL, event_id TEXT UNIQUE, type TEXT NOT NULL,
                day TEXT NOT NULL, occurred_at BIGINT NOT NULL, payload TEXT NOT NULL, content_hash TEXT NOT NULL, rejection TEXT,
                received_at BIGINT NOT NULL, PRIMARY KEY (kiosk_id, db_epoch, seq))
            """,
            """
            CREATE TABLE event_counts (
                kiosk_id TEXT NOT NULL, day TEXT NOT NULL, type TEXT NOT NULL, count BIGINT NOT NULL,
                PRIMARY KEY (kiosk_id, day, type))
            """,
            """
            CREATE TABLE dataset_versions (
                name TEXT NOT NULL, office_id TEXT NOT NULL, version BIGINT NOT NULL, checksum TEXT NOT NULL,
                row_count BIGINT NOT NULL, published_at BIGINT NOT NULL, PRIMARY KEY (name, office_id, version))
            """,
            """
            CREATE TABLE dataset_rows (
                name TEXT NOT NULL, office_id TEXT NOT NULL, version BIGINT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,
                PRIMARY KEY (name, office_id, version, key))
            """,
        ]),
        ("central-v2-operations", [
            "CREATE INDEX events_by_day ON events (kiosk_id, day)",
            """
            CREATE TABLE kiosk_status (
                kiosk_id TEXT PRIMARY KEY, received_at BIGINT NOT NULL, sent_at BIGINT NOT NULL, app_version TEXT,
                printer TEXT NOT NULL, pending_events BIGINT NOT NULL, oldest_pending_age_s BIGINT, db_epoch TEXT)
            """,
            """
            CREATE TABLE callbacks (
                callback_id TEXT PRIMARY KEY, kiosk_id TEXT NOT NULL, office_id TEXT NOT NULL, turn_id TEXT NOT NULL,
                label TEXT NOT NULL, service TEXT NOT NULL, score BIGINT NOT NULL, opened_at BIGINT NOT NULL,
                deadline BIGINT NOT NULL, outcome TEXT, closed_at BIGINT, closed_by TEXT, phone TEXT, phone_consent_at BIGINT,
                phone_consent_by TEXT, CHECK (phone IS NULL OR phone_consent_at IS NOT NULL))
            """,
            "CREATE INDEX callbacks_by_deadline ON callbacks ((outcome IS NULL), deadline)",
            """
            CREATE TABLE callback_attempts (
                callback_id TEXT NOT NULL REFERENCES callbacks (callback_id), attempt BIGINT NOT NULL, at BIGINT NOT NULL,
                agent TEXT NOT NULL, result TEXT NOT NULL, note TEXT, PRIMARY KEY (callback_id, attempt))
            """,
            """
            CREATE TABLE operators (
                name TEXT PRIMARY KEY, role TEXT NOT NULL, password_hash TEXT NOT NULL, created_at BIGINT NOT NULL)
            """,
            """
            CREATE TABLE operator_sessions (
                token_hash TEXT PRIMARY KEY, operator TEXT NOT NULL, csrf TEXT NOT NULL, created_at BIGINT NOT NULL,
                expires_at BIGINT NOT NULL)
            """,
            """
            CREATE TABLE login_links (
                link_hash TEXT PRIMARY KEY, operator TEXT NOT NULL, expires_at BIGINT NOT NULL, used_at BIGINT)
            """,
            // Call-backs of events stored before this migration (none on a new database).
            """
            INSERT INTO callbacks (callback_id, kiosk_id, office_id, turn_id, label, service, score, opened_at, deadline)
            SELECT e.payload::jsonb ->> 'callback', e.kiosk_id, COALESCE(k.office_id, ''), e.payload::jsonb -> 'turn' ->> 'id',
                e.payload::jsonb -> 'turn' ->> 'label', e.payload::jsonb -> 'turn' ->> 'service',
                (e.payload::jsonb ->> 'score')::bigint, e.occurred_at, (e.payload::jsonb ->> 'deadline')::bigint
            FROM events e LEFT JOIN kiosks k ON k.kiosk_id = e.kiosk_id
            WHERE e.type = 'callback.opened' AND e.rejection IS NULL
            ON CONFLICT DO NOTHING
            """,
            """
            UPDATE callbacks SET outcome = c.outcome, closed_at = c.at, closed_by = 'kiosk'
            FROM (SELECT payload::jsonb ->> 'callback' AS id, payload::jsonb ->> 'outcome' AS outcome, occurred_at AS at
                  FROM events WHERE type = 'callback.closed' AND rejection IS NULL) AS c
            WHERE callbacks.callback_id = c.id AND callbacks.outcome IS NULL
            """,
        ]),
        // Kiosk keys and revocation, codes bound to a kiosk id and remembering their key, event
        // ids unique per kiosk (not across kiosks), declared gaps (SQLite: central-v3-keys-gaps).
        ("central-v3-keys-gaps", [
            "ALTER TABLE kiosks ADD COLUMN public_key BYTEA",
            "ALTER TABLE kiosks ADD COLUMN revoked_at BIGINT",
            "ALTER TABLE enrollment_codes ADD COLUMN kiosk_id TEXT",
            "ALTER TABLE enrollment_codes ADD COLUMN used_key BYTEA",
            """
            CREATE TABLE stream_gaps (
                kiosk_id TEXT NOT NULL, db_epoch TEXT NOT NULL, from_seq BIGINT NOT NULL, to_seq BIGINT NOT NULL,
                declared_at BIGINT NOT NULL, PRIMARY KEY (kiosk_id, db_epoch, from_seq))
            """,
            "ALTER TABLE events DROP CONSTRAINT events_event_id_key",
            "ALTER TABLE events ADD CONSTRAINT events_kiosk_event_id_key UNIQUE (kiosk_id, event_id)",
        ]),
        ("central-v4-callback-work", callbackWork),
        ("central-v5-request-ledger", requestLedger),
        ("central-v6-escalations", PostgresCentralStorage.escalationSchema),
        ("central-v7-audits", PostgresCentralStorage.auditSchema),
        ("central-v8-escalation-contacts", PostgresCentralStorage.escalationContactSchema),
        ("central-v9-tickets", PostgresCentralStorage.ticketSchema),
    ]

    /// Nonces of signed requests and throttle hits, shared by every instance (as SQLite's migration).
    static let requestLedger = [
        """
        CREATE UNLOGGED TABLE request_nonces (
            kiosk_id TEXT NOT NULL, nonce TEXT NOT NULL, seen_at BIGINT NOT NULL, expires_at BIGINT NOT NULL,
            PRIMARY KEY (kiosk_id, nonce))
        """,
        "CREATE INDEX request_nonces_by_time ON request_nonces (kiosk_id, seen_at)",
        "CREATE INDEX request_nonces_by_expiry ON request_nonces (expires_at)",
        "CREATE UNLOGGED TABLE throttle_hits (key TEXT NOT NULL, at BIGINT NOT NULL)",
        "CREATE INDEX throttle_hits_by_key ON throttle_hits (key, at)",
    ]

    /// Assignment, the procedure's closure fields, the customer's contact as given at the rating
    /// screen, what the kiosk knows (`kiosk_closed_at`), API tokens (as SQLite's migration).
    static let callbackWork = [
        """
        ALTER TABLE callbacks ADD COLUMN contact_given BOOLEAN NOT NULL DEFAULT FALSE,
            ADD COLUMN phone_erased_at BIGINT, ADD COLUMN assigned_to TEXT, ADD COLUMN assigned_at BIGINT,
            ADD COLUMN reason TEXT, ADD COLUMN reason_note TEXT, ADD COLUMN area TEXT, ADD COLUMN second_survey BIGINT,
            ADD COLUMN kiosk_closed_at BIGINT
        """,
        "UPDATE callbacks SET kiosk_closed_at = closed_at WHERE closed_by = 'kiosk'",
        "CREATE INDEX callbacks_to_deliver ON callbacks (kiosk_id) WHERE outcome IS NOT NULL AND kiosk_closed_at IS NULL",
        "CREATE INDEX callbacks_by_agent ON callbacks (assigned_to) WHERE outcome IS NULL",
        """
        ALTER TABLE kiosk_status ADD COLUMN last_ticket_at BIGINT, ADD COLUMN last_ticket_label TEXT,
            ADD COLUMN dataset_versions TEXT, ADD COLUMN printer_since BIGINT
        """,
        """
        CREATE TABLE api_tokens (
            id TEXT PRIMARY KEY, token_hash TEXT NOT NULL UNIQUE, operator TEXT NOT NULL, label TEXT NOT NULL,
            created_at BIGINT NOT NULL, expires_at BIGINT, last_used_at BIGINT, revoked_at BIGINT)
        """,
    ]
}
