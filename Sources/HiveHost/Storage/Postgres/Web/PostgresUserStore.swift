import HiveProtocols
import PostgresNIO

/// The ``UserStore`` on PostgreSQL, in the fleet store's database (`web_*` tables of migration
/// `web_v1`), sharing its connection pool. Same behaviour as ``SQLiteUserStore``: user names
/// are unique regardless of case, a password change or disabling ends the user's sessions.
public final class PostgresUserStore: UserStore, DatabaseProbe {
    let store: PostgresFleetStore

    /// Uses `store`'s pool; its migrations already created the tables.
    public init(store: PostgresFleetStore) {
        self.store = store
    }

    // MARK: Users

    /// Every user, by id.
    public func users() async throws -> [UserRecord] {
        try await store.rows(PostgresStatement("SELECT \(Self.userColumns) FROM web_users ORDER BY id"), Self.user)
    }

    /// One user.
    public func user(_ id: UserRecord.ID) async throws -> UserRecord? {
        try await store.rows(
            PostgresStatement("SELECT \(Self.userColumns) FROM web_users WHERE id = $1", [.int(id.rawValue)]),
            Self.user
        ).first
    }

    /// The user with this name (case-insensitive).
    public func user(named username: String) async throws -> UserRecord? {
        try await store.rows(
            PostgresStatement(
                "SELECT \(Self.userColumns) FROM web_users WHERE lower(username) = lower($1)", [.text(username)]),
            Self.user
        ).first
    }

    /// How many users exist.
    public func userCount() async throws -> Int {
        try await store.rows(PostgresStatement("SELECT count(*) AS n FROM web_users")) { try $0.int("n") }.first ?? 0
    }

    /// Creates a user; a taken name throws ``WebStoreError/conflict``.
    public func createUser(
        username: String, passwordHash: String, role: Role, at time: UnixMillis
    ) async throws
        -> UserRecord
    {
        let ids = try await Self.conflicts("user name \(username) is taken") {
            try await store.rows(
                PostgresStatement(
                    """
                    INSERT INTO web_users (username, password_hash, role, disabled, created_ms, updated_ms)
                    VALUES ($1, $2, $3, false, $4, $4) RETURNING id
                    """,
                    [.text(username), .text(passwordHash), .text(role.rawValue), .int(time.rawValue)])
            ) { try $0.int64("id") }
        }
        guard let id = ids.first else { throw StorageError(.internalInconsistency, "insert into web_users gave no id") }
        return UserRecord(
            id: UserRecord.ID(rawValue: id), username: username, passwordHash: passwordHash, role: role,
            createdAt: time, updatedAt: time)
    }

    /// Changes a user's role, password hash or disabled flag; ends its sessions on a password
    /// change or when disabled.
    public func updateUser(
        _ id: UserRecord.ID, role: Role?, passwordHash: String?, disabled: Bool?, at time: UnixMillis
    ) async throws -> UserRecord? {
        try await store.transaction("update user") { connection in
            let found = try await connection.rows(
                PostgresStatement(
                    "SELECT \(Self.userColumns) FROM web_users WHERE id = $1 FOR UPDATE", [.int(id.rawValue)]),
                logger: store.logger, Self.user)
            guard var user = found.first else { return nil }
            if let role { user.role = role }
            if let passwordHash { user.passwordHash = passwordHash }
            if let disabled { user.disabled = disabled }
            user.updatedAt = time
            try await connection.execute(
                PostgresStatement(
                    "UPDATE web_users SET role = $1, password_hash = $2, disabled = $3, updated_ms = $4 WHERE id = $5",
                    [
                        .text(user.role.rawValue), .text(user.passwordHash), .bool(user.disabled), .int(time.rawValue),
                        .int(id.rawValue),
                    ]),
                logger: store.logger)
            if passwordHash != nil || disabled == true {
                try await connection.execute(
                    PostgresStatement("DELETE FROM web_sessions WHERE user_id = $1", [.int(id.rawValue)]),
                    logger: store.logger)
            }
            return user
        }
    }

    /// Records a successful login.
    public func recordLogin(_ id: UserRecord.ID, at time: UnixMillis) async throws {
        try await store.execute(
            PostgresStatement(
                "UPDATE web_users SET last_login_ms = $1 WHERE id = $2", [.int(time.rawValue), .int(id.rawValue)]))
    }

    /// Deletes a user and (by cascade) its sessions.
    public func deleteUser(_ id: UserRecord.ID) async throws -> Bool {
        try await deleted(PostgresStatement("DELETE FROM web_users WHERE id = $1 RETURNING 1", [.int(id.rawValue)]))
    }

    // MARK: Probe

    /// Writes a row to `web_meta`: proof the database accepts writes.
    public func checkWritable(at time: UnixMillis) async throws {
        try await store.execute(
            PostgresStatement(
                """
                INSERT INTO web_meta (key, value) VALUES ('health_probe', $1)
                ON CONFLICT (key) DO UPDATE SET value = excluded.value
                """,
                [.text(String(time.rawValue))]))
    }

    /// Reads from the database: proof it answers.
    public func checkReadable() async throws {
        try await store.execute(PostgresStatement("SELECT 1"))
    }

    // MARK: Helpers

    func deleted(_ statement: PostgresStatement) async throws -> Bool {
        try await !store.rows(statement) { _ in () }.isEmpty
    }

    /// Runs `body`, turning a unique-key violation into ``WebStoreError/conflict``.
    static func conflicts<T>(_ message: String, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as StorageError {
            if let server = error.underlying as? PostgresServerError, server.sqlState == "23505" {
                throw WebStoreError(.conflict, message)
            }
            throw error
        }
    }

    static let userColumns = "id, username, password_hash, role, disabled, created_ms, updated_ms, last_login_ms"

    static func user(_ row: PostgresRandomAccessRow) throws -> UserRecord {
        let roleName = try row.string("role")
        guard let role = Role(rawValue: roleName) else { throw WebStoreError(.corrupt, "unknown role \(roleName)") }
        return UserRecord(
            id: UserRecord.ID(rawValue: try row.int64("id")), username: try row.string("username"),
            passwordHash: try row.string("password_hash"), role: role, disabled: try row.bool("disabled"),
            createdAt: UnixMillis(try row.int64("created_ms")), updatedAt: UnixMillis(try row.int64("updated_ms")),
            lastLoginAt: try row.optionalInt64("last_login_ms").map { UnixMillis($0) })
    }
}
