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
    ]

    /// The version this build writes and reads.
    static var currentVersion: Int { migrations.count }

    /// The columns of `orders` in the order `OrderRecord` is read and hashed in.
    static let orderColumns = [
        "id", "created_at", "kind", "environment", "platform", "hsa_id", "hsa_id_normalized", "nonstandard_hsa_id",
        "system_name", "region", "region_hsa_id", "contact_name", "contact_email", "contact_phone", "reference",
        "vendor", "requested_date", "compliance_confirmed", "language", "recipients", "copies", "sender",
        "message_id", "message_sha256", "message", "tool_version", "recorded_by",
    ] + documentColumns

    /// The columns schema version 2 added for bulk-TAK documents; a whitelisting order's hash leaves them out,
    /// so that records written before them still verify.
    static let documentColumns = ["unit_count", "contract_count", "document_name", "document_sha256"]

    /// The columns of `events` in the order `EventRecord` is read in.
    static let eventColumns = [
        "sequence", "order_id", "at", "type", "detail", "support_case", "note", "recorded_by", "previous_hash", "hash",
    ]
}
