import OrderMailCore

/// The ledger's tables, one migration per schema version; `PRAGMA user_version` holds the version.
enum LedgerSchema {
    /// Each step brings the schema from version `index` to `index + 1`.
    static let migrations: [String] = [
        """
        CREATE TABLE orders (
            id INTEGER PRIMARY KEY,
            created_at TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('whitelisting', 'bulk-tak')),
            environment TEXT CHECK (environment IN ('qa', 'production')),
            platform TEXT,
            hsa_id TEXT NOT NULL,
            hsa_id_normalized TEXT NOT NULL,
            nonstandard_hsa_id INTEGER NOT NULL CHECK (nonstandard_hsa_id IN (0, 1)),
            system_name TEXT NOT NULL,
            region TEXT NOT NULL,
            region_hsa_id TEXT,
            contact_name TEXT NOT NULL,
            contact_email TEXT NOT NULL,
            contact_phone TEXT,
            reference TEXT,
            vendor TEXT,
            requested_date TEXT,
            compliance_confirmed INTEGER NOT NULL CHECK (compliance_confirmed IN (0, 1)),
            language TEXT NOT NULL,
            recipients TEXT NOT NULL,
            copies TEXT NOT NULL,
            sender TEXT,
            message_id TEXT NOT NULL,
            message_sha256 TEXT NOT NULL,
            message BLOB NOT NULL,
            tool_version TEXT NOT NULL,
            recorded_by TEXT NOT NULL
        );
        CREATE TABLE events (
            sequence INTEGER PRIMARY KEY,
            order_id INTEGER NOT NULL REFERENCES orders (id),
            at TEXT NOT NULL,
            type TEXT NOT NULL CHECK (type IN ('draft', 'sending', 'sent', 'failed-temporary',
                'failed-permanent', 'unknown', 'confirmed', 'rejected')),
            detail TEXT,
            support_case TEXT,
            note TEXT,
            recorded_by TEXT NOT NULL,
            previous_hash TEXT NOT NULL,
            hash TEXT NOT NULL UNIQUE
        );
        CREATE INDEX events_by_order ON events (order_id, sequence);
        CREATE INDEX orders_by_hsa_id ON orders (hsa_id_normalized, environment);
        """,
        """
        ALTER TABLE orders ADD COLUMN unit_count INTEGER;
        ALTER TABLE orders ADD COLUMN contract_count INTEGER;
        ALTER TABLE orders ADD COLUMN document_name TEXT;
        ALTER TABLE orders ADD COLUMN document_sha256 TEXT;
        """,
        // Version 3: covering indexes for listing, so that `list` reads neither the stored messages
        // nor the events' hashes (100,000 orders: 0.36 s of SQLite's time down to 0.21 s).
        """
        CREATE INDEX orders_listing ON orders
            (id, created_at, kind, environment, platform, hsa_id, hsa_id_normalized, system_name, message_id);
        CREATE INDEX events_latest ON events (order_id, sequence, type, at);
        DROP INDEX events_by_order;
        """,
        // Version 4: the lifecycle. Both tables are rebuilt without their CHECK lists of kinds and
        // event types (the code checks them), keeping every row and hash as it was. Migrations run
        // before foreign keys are switched on, as SQLite's way of rebuilding a table requires.
        """
        CREATE TABLE orders_v4 (
            id INTEGER PRIMARY KEY,
            created_at TEXT NOT NULL,
            kind TEXT NOT NULL,
            environment TEXT CHECK (environment IN ('qa', 'production')),
            platform TEXT,
            hsa_id TEXT NOT NULL,
            hsa_id_normalized TEXT NOT NULL,
            nonstandard_hsa_id INTEGER NOT NULL CHECK (nonstandard_hsa_id IN (0, 1)),
            system_name TEXT NOT NULL,
            region TEXT NOT NULL,
            region_hsa_id TEXT,
            contact_name TEXT NOT NULL,
            contact_email TEXT NOT NULL,
            contact_phone TEXT,
            reference TEXT,
            vendor TEXT,
            requested_date TEXT,
            compliance_confirmed INTEGER NOT NULL CHECK (compliance_confirmed IN (0, 1)),
            language TEXT NOT NULL,
            recipients TEXT NOT NULL,
            copies TEXT NOT NULL,
            sender TEXT,
            message_id TEXT NOT NULL,
            message_sha256 TEXT NOT NULL,
            message BLOB NOT NULL,
            tool_version TEXT NOT NULL,
            recorded_by TEXT NOT NULL,
            unit_count INTEGER,
            contract_count INTEGER,
            document_name TEXT,
            document_sha256 TEXT,
            producer_name TEXT,
            executor TEXT,
            json_sha256 TEXT
        );
        INSERT INTO orders_v4 SELECT *, NULL, NULL, NULL FROM orders;
        CREATE TABLE events_v4 (
            sequence INTEGER PRIMARY KEY,
            order_id INTEGER NOT NULL REFERENCES orders (id),
            at TEXT NOT NULL,
            type TEXT NOT NULL,
            detail TEXT,
            support_case TEXT,
            note TEXT,
            recorded_by TEXT NOT NULL,
            previous_hash TEXT NOT NULL,
            hash TEXT NOT NULL UNIQUE,
            effective_date TEXT,
            os_user TEXT,
            attempt TEXT,
            server_message_id TEXT,
            hash_version INTEGER NOT NULL DEFAULT 1
        );
        INSERT INTO events_v4 (sequence, order_id, at, type, detail, support_case, note, recorded_by, previous_hash, hash)
            SELECT sequence, order_id, at, type, detail, support_case, note, recorded_by, previous_hash, hash FROM events;
        DROP TABLE events;
        DROP TABLE orders;
        ALTER TABLE orders_v4 RENAME TO orders;
        ALTER TABLE events_v4 RENAME TO events;
        CREATE INDEX orders_by_hsa_id ON orders (hsa_id_normalized, environment);
        CREATE INDEX orders_listing ON orders
            (id, created_at, kind, environment, platform, hsa_id, hsa_id_normalized, system_name, message_id);
        CREATE INDEX orders_by_document ON orders (document_sha256);
        CREATE INDEX events_latest ON events (order_id, sequence, type, at);
        CREATE TABLE order_units (
            order_id INTEGER NOT NULL REFERENCES orders (id),
            hsa_id TEXT NOT NULL,
            hsa_id_normalized TEXT NOT NULL,
            name TEXT NOT NULL,
            PRIMARY KEY (order_id, hsa_id_normalized)
        );
        CREATE INDEX order_units_by_unit ON order_units (hsa_id_normalized);
        """,
        // Version 5: messages that came back (replies, bounces, automatic answers) kept with their
        // event; the listing index covers every column `list` reads of an order.
        """
        ALTER TABLE events ADD COLUMN mail BLOB;
        ALTER TABLE events ADD COLUMN mail_sha256 TEXT;
        ALTER TABLE events ADD COLUMN mail_message_id TEXT;
        CREATE INDEX events_by_mail_sha256 ON events (mail_sha256);
        CREATE INDEX events_by_mail_message_id ON events (mail_message_id);
        DROP INDEX orders_listing;
        CREATE INDEX orders_listing ON orders (id, created_at, kind, environment, platform, hsa_id, hsa_id_normalized,
            system_name, message_id, reference, requested_date, producer_name);
        CREATE INDEX events_with_case ON events (order_id, sequence) WHERE support_case IS NOT NULL;
        """,
        // Version 6: how far `replies fetch` has read each mailbox (UIDVALIDITY and the highest UID
        // fetched), so that the next run downloads only what is new. Not part of the hash chain:
        // losing a row costs one full download, and messages recorded before record nothing new.
        """
        CREATE TABLE mailbox_positions (
            mailbox TEXT PRIMARY KEY,
            uid_validity INTEGER NOT NULL,
            last_uid INTEGER NOT NULL
        );
        """,
        // Version 7: an imported message is recorded once only. Each of its keys (its Message-ID,
        // its SHA-256) is unique here, written in the transaction that writes its event. A table of
        // its own rather than a UNIQUE index on `events`: a ledger from before may hold a message
        // twice (two importers at once), and its rows must not change; the first record keeps the key.
        """
        CREATE TABLE imported_mail (
            key TEXT PRIMARY KEY,
            sequence INTEGER NOT NULL REFERENCES events (sequence)
        ) WITHOUT ROWID;
        INSERT OR IGNORE INTO imported_mail (key, sequence)
            SELECT 'sha256:' || mail_sha256, sequence FROM events WHERE mail_sha256 IS NOT NULL ORDER BY sequence;
        INSERT OR IGNORE INTO imported_mail (key, sequence)
            SELECT 'message-id:' || mail_message_id, sequence FROM events WHERE mail_message_id IS NOT NULL ORDER BY sequence;
        """,
        // Version 8: compliance checks in a table of their own, with their own events in the same
        // hash chain (a check's events and the orders' events share one sequence). Checks recorded
        // earlier stay where they are, as rows of `orders` of kind compliance-check, and are read
        // as checks; a withdrawal of one is an event of `check_events` naming its id.
        // `orders.overridden_check` records --despite-failed-check.
        """
        CREATE TABLE compliance_checks (
            id INTEGER PRIMARY KEY,
            checked_at TEXT NOT NULL,
            recorded_by TEXT NOT NULL,
            os_user TEXT,
            rule_set TEXT NOT NULL,
            rule_set_version INTEGER NOT NULL,
            environment TEXT CHECK (environment IN ('qa', 'production')),
            source_system TEXT NOT NULL,
            source_system_normalized TEXT NOT NULL,
            source_system_form TEXT NOT NULL,
            index_address TEXT,
            files INTEGER NOT NULL,
            requests INTEGER NOT NULL,
            engagements INTEGER NOT NULL,
            errors INTEGER NOT NULL,
            warnings INTEGER NOT NULL,
            notes INTEGER NOT NULL,
            captured_from TEXT,
            captured_until TEXT,
            logical_addresses TEXT NOT NULL,
            input_sha256 TEXT NOT NULL,
            verdict TEXT NOT NULL,
            tool_version TEXT NOT NULL
        );
        CREATE INDEX compliance_checks_by_system ON compliance_checks (source_system_normalized, id);
        CREATE TABLE check_events (
            sequence INTEGER PRIMARY KEY,
            check_id INTEGER NOT NULL,
            at TEXT NOT NULL,
            type TEXT NOT NULL,
            note TEXT,
            recorded_by TEXT NOT NULL,
            os_user TEXT,
            previous_hash TEXT NOT NULL,
            hash TEXT NOT NULL UNIQUE
        );
        CREATE INDEX check_events_by_check ON check_events (check_id, sequence);
        ALTER TABLE orders ADD COLUMN overridden_check INTEGER;
        """,
        // Version 9: an answer that concerns only some of an order's units (support activated 12
        // of 14) names them; NULL, as in every older row, means all of them. A bulk-TAK order keeps
        // its contracts' namespaces, so that `units` can say which contracts a unit is routed for.
        """
        ALTER TABLE events ADD COLUMN units TEXT;
        ALTER TABLE orders ADD COLUMN contracts TEXT;
        """,
    ]

    /// The version this build writes and reads.
    static var currentVersion: Int { migrations.count }
}
