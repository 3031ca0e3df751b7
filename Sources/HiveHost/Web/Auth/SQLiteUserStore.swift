import Foundation
public import GRDB

/// The ``UserStore`` on SQLite through GRDB, in the fleet's database file.
///
/// Give it the fleet store (``init(fleetStore:)``: same `DatabasePool`, so one writer
/// connection serialises everything), any GRDB `DatabaseWriter`, or a path (a second
/// `DatabasePool` on the same file also works: WAL lets both read while one writes, and
/// `busy_timeout` covers the moments they contend). Its tables come from ``WebSchema``'s own
/// migrator (`web_v<n>` names), applied on creation.
public final class SQLiteUserStore: UserStore, DatabaseProbe {
    let writer: any DatabaseWriter

    /// Uses `writer` and applies the web migrations.
    public init(writer: any DatabaseWriter) throws {
        self.writer = writer
        try WebSchema.migrate(writer)
    }

    /// Shares the fleet store's database pool.
    public convenience init(fleetStore: SQLiteFleetStore) throws {
        try self.init(writer: fleetStore.pool)
    }

    /// Opens its own pool on the file at `path` (foreign keys on, 5 s busy timeout).
    public convenience init(path: String) throws {
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(5)
        config.label = "powerhive-web"
        try self.init(writer: try DatabasePool(path: path, configuration: config))
    }

    // MARK: Users

    /// Every user, by id.
    public func users() async throws -> [UserRecord] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT \(Self.userColumns) FROM web_users ORDER BY id").map(Self.user(row:))
        }
    }

    /// One user.
    public func user(_ id: UserRecord.ID) async throws -> UserRecord? {
        try await writer.read { db in
            try Row.fetchOne(
                db, sql: "SELECT \(Self.userColumns) FROM web_users WHERE id = ?", arguments: [id.rawValue]
            )
            .map(Self.user(row:))
        }
    }

    /// The user with this name (case-insensitive).
    public func user(named username: String) async throws -> UserRecord? {
        try await writer.read { db in
            try Row.fetchOne(
                db, sql: "SELECT \(Self.userColumns) FROM web_users WHERE username = ?", arguments: [username]
            ).map(Self.user(row:))
        }
    }

    /// How many users exist.
    public func userCount() async throws -> Int {
        try await writer.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM web_users") ?? 0 }
    }

    /// Creates a user; a taken name throws ``WebStoreError/conflict``.
    public func createUser(
        username: String, passwordHash: String, role: Role, at time: UnixMillis
    ) async throws
        -> UserRecord
    {
        do {
            let id = try await writer.write { db -> Int64 in
                try db.execute(
                    sql: """
                        INSERT INTO web_users (username, password_hash, role, disabled, created_ms, updated_ms)
                        VALUES (?, ?, ?, 0, ?, ?)
                        """,
                    arguments: [username, passwordHash, role.rawValue, time.rawValue, time.rawValue])
                return db.lastInsertedRowID
            }
            return UserRecord(
                id: UserRecord.ID(rawValue: id), username: username, passwordHash: passwordHash, role: role,
                createdAt: time, updatedAt: time)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            throw WebStoreError(.conflict, "user name \(username) is taken")
        }
    }

    /// Changes a user's role, password hash or disabled flag; ends its sessions on a password change or when disabled.
    public func updateUser(
        _ id: UserRecord.ID, role: Role?, passwordHash: String?, disabled: Bool?, at time: UnixMillis
    ) async throws -> UserRecord? {
        try await writer.write { db -> UserRecord? in
            guard
                var user = try Row.fetchOne(
                    db, sql: "SELECT \(Self.userColumns) FROM web_users WHERE id = ?", arguments: [id.rawValue]
                ).map(Self.user(row:))
            else { return nil }
            if let role { user.role = role }
            if let passwordHash { user.passwordHash = passwordHash }
            if let disabled { user.disabled = disabled }
            user.updatedAt = time
            try db.execute(
                sql: "UPDATE web_users SET role = ?, password_hash = ?, disabled = ?, updated_ms = ? WHERE id = ?",
                arguments: [user.role.rawValue, user.passwordHash, user.disabled, time.rawValue, id.rawValue])
            if passwordHash != nil || disabled == true {
                try db.execute(sql: "DELETE FROM web_sessions WHERE user_id = ?", arguments: [id.rawValue])
            }
            return user
        }
    }

    /// Records a successful login.
    public func recordLogin(_ id: UserRecord.ID, at time: UnixMillis) async throws {
        try await writer.write { db in
            try db.execute(
                sql: "UPDATE web_users SET last_login_ms = ? WHERE id = ?", arguments: [time.rawValue, id.rawValue])
        }
    }

    /// Deletes a user and its sessions.
    public func deleteUser(_ id: UserRecord.ID) async throws -> Bool {
        try await writer.write { db -> Bool in
            try db.execute(sql: "DELETE FROM web_sessions WHERE user_id = ?", arguments: [id.rawValue])
            try db.execute(sql: "DELETE FROM web_users WHERE id = ?", arguments: [id.rawValue])
            return db.changesCount > 0
        }
    }

    // MARK: Probe

    /// Writes a row to `web_meta`: proof the database accepts writes.
    public func checkWritable(at time: UnixMillis) async throws {
        try await writer.write { db in
            try db.execute(
                sql: "INSERT OR REPLACE INTO web_meta (key, value) VALUES ('health_probe', ?)",
                arguments: [String(time.rawValue)])
        }
    }

    /// Reads from the database: proof it is open.
    public func checkReadable() async throws {
        _ = try await writer.read { db in try Int.fetchOne(db, sql: "SELECT 1") }
    }

    // MARK: Rows

    static let userColumns = "id, username, password_hash, role, disabled, created_ms, updated_ms, last_login_ms"

    static func user(row: Row) throws -> UserRecord {
        let roleName = try row.decode(String.self, forColumn: "role")
        guard let role = Role(rawValue: roleName) else {
            throw WebStoreError(.corrupt, "unknown role \(roleName)")
        }
        return UserRecord(
            id: UserRecord.ID(rawValue: try row.decode(Int64.self, forColumn: "id")),
            username: try row.decode(String.self, forColumn: "username"),
            passwordHash: try row.decode(String.self, forColumn: "password_hash"), role: role,
            disabled: try row.decode(Bool.self, forColumn: "disabled"),
            createdAt: UnixMillis(try row.decode(Int64.self, forColumn: "created_ms")),
            updatedAt: UnixMillis(try row.decode(Int64.self, forColumn: "updated_ms")),
            lastLoginAt: try row.decode(Int64?.self, forColumn: "last_login_ms").map { UnixMillis($0) })
    }
}
