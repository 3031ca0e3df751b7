import GRDB

/// The web server's tables (`web_users`, `web_sessions`, `web_tokens`, `web_audit`,
/// `web_meta`), as versioned migrations named `web_v<n>`.
///
/// They live in the same SQLite file as the fleet store but have their own
/// `DatabaseMigrator`: GRDB records every migrator's identifiers in the one `grdb_migrations`
/// table and each migrator only runs its own, so the two never clash as long as the names
/// differ (the fleet store's are `v<n>`, these are `web_v<n>`) and neither migrator sets
/// `eraseDatabaseOnSchemaChange` (which would treat the other's identifiers as unknown).
/// Never edit a shipped migration: add one.
enum WebSchema {
    /// Every migration, oldest first.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("web_v1", migrate: v1)
        return migrator
    }

    /// Applies pending migrations; safe to call from each store that uses the tables.
    static func migrate(_ writer: any DatabaseWriter) throws {
        try migrator.migrate(writer)
    }

    private static func v1(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE web_users (
                    id INTEGER PRIMARY KEY,
                    username TEXT NOT NULL UNIQUE COLLATE NOCASE,
                    password_hash TEXT NOT NULL,
                    role TEXT NOT NULL,
                    disabled INTEGER NOT NULL DEFAULT 0,
                    created_ms INTEGER NOT NULL,
                    updated_ms INTEGER NOT NULL,
                    last_login_ms INTEGER
                );
                CREATE TABLE web_sessions (
                    token_hash TEXT PRIMARY KEY,
                    user_id INTEGER NOT NULL REFERENCES web_users(id) ON DELETE CASCADE,
                    csrf_token TEXT NOT NULL,
                    created_ms INTEGER NOT NULL,
                    last_seen_ms INTEGER NOT NULL,
                    expires_ms INTEGER NOT NULL,
                    remote_ip TEXT
                );
                CREATE INDEX web_sessions_user ON web_sessions(user_id);
                CREATE INDEX web_sessions_expiry ON web_sessions(expires_ms);
                CREATE TABLE web_tokens (
                    id INTEGER PRIMARY KEY,
                    name TEXT NOT NULL,
                    token_hash TEXT NOT NULL UNIQUE,
                    prefix TEXT NOT NULL,
                    role TEXT NOT NULL,
                    created_by TEXT NOT NULL,
                    created_ms INTEGER NOT NULL,
                    last_used_ms INTEGER,
                    expires_ms INTEGER
                );
                CREATE TABLE web_audit (
                    id INTEGER PRIMARY KEY,
                    time_ms INTEGER NOT NULL,
                    actor TEXT NOT NULL,
                    remote_ip TEXT,
                    miner_id INTEGER,
                    action TEXT NOT NULL,
                    parameters TEXT NOT NULL,
                    outcome TEXT NOT NULL,
                    detail TEXT
                );
                CREATE INDEX web_audit_time ON web_audit(time_ms);
                CREATE INDEX web_audit_miner ON web_audit(miner_id, time_ms);
                CREATE TABLE web_meta (
                    key TEXT PRIMARY KEY,
                    value TEXT NOT NULL
                );
                """)
    }
}
