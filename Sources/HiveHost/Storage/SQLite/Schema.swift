import GRDB

/// The SQLite schema, as versioned migrations. Never edit a shipped migration: add one.
///
/// Conventions: timestamps are `INTEGER` Unix milliseconds (`*_ms`), quantities `REAL` in
/// base units (H/s, W, °C, rpm, MHz, V), booleans `INTEGER` 0/1, and `NULL` means "the miner
/// did not report it".
enum Schema {
    /// Every migration, oldest first. Identifiers are recorded in `grdb_migrations`.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1", migrate: v1)
        migrator.registerMigration("v2-rollups", migrate: v2Rollups)
        migrator.registerMigration("v3-plant-balancer", migrate: v3PlantBalancer)
        migrator.registerMigration("v4-status-blocks", migrate: v4StatusBlocks)
        return migrator
    }

    /// Identifiers of all migrations this build knows.
    static var knownVersions: [String] { migrator.migrations }

    /// Status rollups per miner and for the fleet, at 5-minute and hourly resolution.
    ///
    /// Keyed (scope, resolution, bucket): a miner's history over a range is one index range,
    /// and retention deletes walk each scope's range too (see `SQLiteFleetStore+Retention`).
    /// `scope` 0 is the fleet; any other value is a miner id (no foreign key, so a fleet row and
    /// a deleted miner's rollups both stay valid history).
    private static func v2Rollups(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE status_rollups (
                    scope INTEGER NOT NULL,
                    resolution INTEGER NOT NULL,
                    bucket_ms INTEGER NOT NULL,
                    samples INTEGER NOT NULL,
                    ok_samples INTEGER NOT NULL,
                    mining_samples INTEGER NOT NULL,
                    polls INTEGER NOT NULL,
                    hashrate_count INTEGER, hashrate_mean REAL, hashrate_min REAL, hashrate_max REAL,
                    power_count INTEGER, power_mean REAL, power_min REAL, power_max REAL,
                    board_temp_max REAL,
                    chip_temp_max REAL,
                    PRIMARY KEY (scope, resolution, bucket_ms)
                ) WITHOUT ROWID;
                """)
    }

    private static func v1(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE miners (
                    id INTEGER PRIMARY KEY,
                    uid TEXT NOT NULL UNIQUE,
                    mac TEXT UNIQUE,
                    serial TEXT,
                    hostname TEXT,
                    ip TEXT,
                    driver TEXT NOT NULL,
                    make TEXT,
                    model TEXT,
                    firmware TEXT,
                    firmware_version TEXT,
                    first_seen_ms INTEGER NOT NULL,
                    last_seen_ms INTEGER NOT NULL,
                    online INTEGER NOT NULL DEFAULT 1,
                    consecutive_misses INTEGER NOT NULL DEFAULT 0,
                    managed INTEGER NOT NULL DEFAULT 1,
                    credential_ref TEXT,
                    last_error TEXT,
                    last_error_ms INTEGER
                );
                -- One current address per miner, and one miner per current address.
                CREATE UNIQUE INDEX miners_ip ON miners(ip);
                CREATE INDEX miners_serial ON miners(serial);

                CREATE TABLE miner_addresses (
                    miner_id INTEGER NOT NULL REFERENCES miners(id) ON DELETE CASCADE,
                    ip TEXT NOT NULL,
                    first_seen_ms INTEGER NOT NULL,
                    last_seen_ms INTEGER NOT NULL,
                    PRIMARY KEY (miner_id, ip)
                ) WITHOUT ROWID;

                CREATE TABLE credentials (
                    ref TEXT PRIMARY KEY NOT NULL,
                    kind TEXT NOT NULL,
                    username TEXT,
                    secret TEXT NOT NULL,
                    updated_ms INTEGER NOT NULL
                ) WITHOUT ROWID;

                CREATE TABLE statuses (
                    miner_id INTEGER NOT NULL REFERENCES miners(id) ON DELETE CASCADE,
                    ts_ms INTEGER NOT NULL,
                    state INTEGER NOT NULL,
                    hashrate_rt REAL,
                    hashrate_avg REAL,
                    power_w REAL,
                    power_measured INTEGER,
                    power_target_w REAL,
                    board_temp_min REAL,
                    board_temp_max REAL,
                    chip_temp_min REAL,
                    chip_temp_max REAL,
                    fan_min REAL,
                    fan_max REAL,
                    pools_alive INTEGER,
                    accepted INTEGER,
                    rejected INTEGER,
                    uptime_s INTEGER,
                    error TEXT,
                    PRIMARY KEY (miner_id, ts_ms)
                ) WITHOUT ROWID;

                CREATE TABLE chain_snapshots (
                    miner_id INTEGER NOT NULL REFERENCES miners(id) ON DELETE CASCADE,
                    ts_ms INTEGER NOT NULL,
                    board INTEGER NOT NULL,
                    hashrate REAL,
                    freq_mhz REAL,
                    voltage REAL,
                    power_w REAL,
                    board_temp_max REAL,
                    chip_temp_max REAL,
                    chips_expected INTEGER,
                    chips_working INTEGER,
                    hw_errors INTEGER,
                    serial TEXT,
                    PRIMARY KEY (miner_id, ts_ms, board)
                ) WITHOUT ROWID;

                -- Rows here are large (a blob per quantity), so this one keeps its rowid: SQLite
                -- advises WITHOUT ROWID only for rows under ~1/20 of a page.
                CREATE TABLE chain_chips (
                    miner_id INTEGER NOT NULL,
                    ts_ms INTEGER NOT NULL,
                    board INTEGER NOT NULL,
                    chip_count INTEGER NOT NULL,
                    hashrate BLOB,
                    temp BLOB,
                    freq BLOB,
                    volt BLOB,
                    errors BLOB,
                    PRIMARY KEY (miner_id, ts_ms, board),
                    FOREIGN KEY (miner_id, ts_ms, board) REFERENCES chain_snapshots(miner_id, ts_ms, board)
                        ON DELETE CASCADE ON UPDATE CASCADE
                );

                -- Newest status per miner: for each miner, one b-tree descent to max(ts_ms) on the
                -- statuses primary key and one seek to that row; no history is scanned. CROSS JOIN
                -- pins miners as the outer loop (without statistics the planner would otherwise scan
                -- statuses). A view rather than a `miner_latest` table written with every sample:
                -- status rows are the largest write volume and a view doubles none of it, it cannot
                -- drift from the history, and late or out-of-order samples need no special case.
                CREATE VIEW miner_latest AS
                    SELECT s.* FROM miners m
                    CROSS JOIN statuses s ON s.miner_id = m.id
                        AND s.ts_ms = (SELECT max(ts_ms) FROM statuses WHERE miner_id = m.id);
                """)
    }

    /// Packed status history: one row per miner per hour holding that hour's samples
    /// (`PackedStatuses`), written by the retention service from `statuses` rows
    /// (`StatusBlocksSQL`). Rows are ~1–2 KB, so the table keeps its rowid.
    private static func v4StatusBlocks(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE status_blocks (
                    miner_id INTEGER NOT NULL REFERENCES miners(id) ON DELETE CASCADE,
                    hour_ms INTEGER NOT NULL,
                    first_ms INTEGER NOT NULL,
                    last_ms INTEGER NOT NULL,
                    samples INTEGER NOT NULL,
                    data BLOB NOT NULL,
                    PRIMARY KEY (miner_id, hour_ms)
                );
                """)
    }

    /// Plant readings, the balancer's state and audit log, and per-miner / per-model balancer
    /// policy (`Docs/BalancerStorage.md`).
    ///
    /// `plant_readings` keeps every attempt with its raw body; a partial index makes "newest
    /// usable" one descent. `balancer_state` is one row holding the state as JSON. The audit
    /// log is keyed by the action id (decision time, sequence) and has no foreign key: it
    /// outlives a deleted miner.
    private static func v3PlantBalancer(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE plant_readings (
                    id INTEGER PRIMARY KEY,
                    received_ms INTEGER NOT NULL,
                    collected_ms INTEGER,
                    outcome INTEGER NOT NULL,
                    reason TEXT,
                    http_status INTEGER,
                    unit TEXT,
                    reading_id INTEGER,
                    plant_id TEXT,
                    generation_w REAL,
                    consumption_w REAL,
                    exported_w REAL,
                    available_w REAL,
                    confidence REAL,
                    trust_status TEXT,
                    sample_json TEXT,
                    raw_body BLOB
                );
                CREATE INDEX plant_readings_received ON plant_readings(received_ms);
                CREATE INDEX plant_readings_usable ON plant_readings(received_ms) WHERE outcome = 0;

                CREATE TABLE balancer_state (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    saved_ms INTEGER NOT NULL,
                    state_json TEXT NOT NULL
                );

                CREATE TABLE balancer_audit (
                    ts_ms INTEGER NOT NULL,
                    seq INTEGER NOT NULL,
                    decided_ms INTEGER NOT NULL,
                    miner_id INTEGER NOT NULL,
                    actor TEXT NOT NULL,
                    command_json TEXT NOT NULL,
                    from_json TEXT,
                    to_json TEXT NOT NULL,
                    reason TEXT NOT NULL,
                    expected_delta_w REAL NOT NULL,
                    observed_delta_w REAL,
                    outcome TEXT NOT NULL,
                    detail TEXT,
                    updated_ms INTEGER NOT NULL,
                    PRIMARY KEY (ts_ms, seq)
                ) WITHOUT ROWID;
                CREATE INDEX balancer_audit_miner ON balancer_audit(miner_id, ts_ms);

                CREATE TABLE balancer_policies (
                    scope TEXT PRIMARY KEY NOT NULL,
                    locked INTEGER NOT NULL DEFAULT 0,
                    priority INTEGER NOT NULL DEFAULT 0,
                    min_w REAL,
                    max_w REAL,
                    allow_sleep INTEGER NOT NULL DEFAULT 1,
                    allow_untuned INTEGER NOT NULL DEFAULT 0,
                    allow_modded_psu INTEGER NOT NULL DEFAULT 0,
                    updated_ms INTEGER NOT NULL
                ) WITHOUT ROWID;
                """)
    }
}
