import Foundation
import GRDB

extension SQLiteUserStore {
    /// Stores a new session.
    public func createSession(_ session: SessionRecord) async throws {
        try await writer.write { db in
            try db.execute(
                sql: """
                    INSERT INTO web_sessions
                        (token_hash, user_id, csrf_token, created_ms, last_seen_ms, expires_ms, remote_ip)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    session.tokenHash, session.userID.rawValue, session.csrfToken, session.createdAt.rawValue,
                    session.lastSeenAt.rawValue, session.expiresAt.rawValue, session.remoteIP,
                ])
        }
    }

    /// The session whose cookie hashes to `tokenHash`, with its user.
    public func session(tokenHash: String) async throws -> (SessionRecord, UserRecord)? {
        try await writer.read { db -> (SessionRecord, UserRecord)? in
            let prefixed = Self.userColumns.split(separator: ",").map {
                "u." + $0.trimmingCharacters(in: .whitespaces)
            }.joined(separator: ", ")
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT s.token_hash, s.user_id, s.csrf_token, s.created_ms AS s_created, s.last_seen_ms,
                            s.expires_ms, s.remote_ip, \(prefixed)
                        FROM web_sessions s JOIN web_users u ON u.id = s.user_id WHERE s.token_hash = ?
                        """,
                    arguments: [tokenHash])
            else { return nil }
            let session = SessionRecord(
                tokenHash: try row.decode(String.self, forColumn: "token_hash"),
                userID: UserRecord.ID(rawValue: try row.decode(Int64.self, forColumn: "user_id")),
                csrfToken: try row.decode(String.self, forColumn: "csrf_token"),
                createdAt: UnixMillis(try row.decode(Int64.self, forColumn: "s_created")),
                lastSeenAt: UnixMillis(try row.decode(Int64.self, forColumn: "last_seen_ms")),
                expiresAt: UnixMillis(try row.decode(Int64.self, forColumn: "expires_ms")),
                remoteIP: try row.decode(String?.self, forColumn: "remote_ip"))
            return (session, try Self.user(row: row))
        }
    }

    /// Moves a session's last-seen and expiry times.
    public func touchSession(tokenHash: String, lastSeenAt: UnixMillis, expiresAt: UnixMillis) async throws {
        try await writer.write { db in
            try db.execute(
                sql: "UPDATE web_sessions SET last_seen_ms = ?, expires_ms = ? WHERE token_hash = ?",
                arguments: [lastSeenAt.rawValue, expiresAt.rawValue, tokenHash])
        }
    }

    /// Ends one session.
    public func deleteSession(tokenHash: String) async throws {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM web_sessions WHERE token_hash = ?", arguments: [tokenHash])
        }
    }

    /// Deletes sessions that expired before `time`.
    public func deleteExpiredSessions(before time: UnixMillis) async throws -> Int {
        try await writer.write { db -> Int in
            try db.execute(sql: "DELETE FROM web_sessions WHERE expires_ms < ?", arguments: [time.rawValue])
            return db.changesCount
        }
    }

    // MARK: Tokens

    /// Every token, by id.
    public func tokens() async throws -> [APITokenRecord] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT \(Self.tokenColumns) FROM web_tokens ORDER BY id").map(Self.token(row:))
        }
    }

    /// Stores a token (its hash only).
    public func createToken(
        name: String, tokenHash: String, prefix: String, role: Role, createdBy: String, at time: UnixMillis,
        expiresAt: UnixMillis?
    ) async throws -> APITokenRecord {
        do {
            let id = try await writer.write { db -> Int64 in
                try db.execute(
                    sql: """
                        INSERT INTO web_tokens (name, token_hash, prefix, role, created_by, created_ms, expires_ms)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [name, tokenHash, prefix, role.rawValue, createdBy, time.rawValue, expiresAt?.rawValue])
                return db.lastInsertedRowID
            }
            return APITokenRecord(
                id: APITokenRecord.ID(rawValue: id), name: name, tokenHash: tokenHash, prefix: prefix, role: role,
                createdBy: createdBy, createdAt: time, expiresAt: expiresAt)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            throw WebStoreError(.conflict, "token already stored")
        }
    }

    /// The token whose SHA-256 is `tokenHash`.
    public func token(hash tokenHash: String) async throws -> APITokenRecord? {
        try await writer.read { db in
            try Row.fetchOne(
                db, sql: "SELECT \(Self.tokenColumns) FROM web_tokens WHERE token_hash = ?", arguments: [tokenHash]
            ).map(Self.token(row:))
        }
    }

    /// Records a token's use.
    public func touchToken(_ id: APITokenRecord.ID, at time: UnixMillis) async throws {
        try await writer.write { db in
            try db.execute(
                sql: "UPDATE web_tokens SET last_used_ms = ? WHERE id = ?", arguments: [time.rawValue, id.rawValue])
        }
    }

    /// Deletes a token.
    public func deleteToken(_ id: APITokenRecord.ID) async throws -> Bool {
        try await writer.write { db -> Bool in
            try db.execute(sql: "DELETE FROM web_tokens WHERE id = ?", arguments: [id.rawValue])
            return db.changesCount > 0
        }
    }

    static let tokenColumns =
        "id, name, token_hash, prefix, role, created_by, created_ms, last_used_ms, expires_ms"

    static func token(row: Row) throws -> APITokenRecord {
        let roleName = try row.decode(String.self, forColumn: "role")
        guard let role = Role(rawValue: roleName) else {
            throw WebStoreError(.corrupt, "unknown role \(roleName)")
        }
        return APITokenRecord(
            id: APITokenRecord.ID(rawValue: try row.decode(Int64.self, forColumn: "id")),
            name: try row.decode(String.self, forColumn: "name"),
            tokenHash: try row.decode(String.self, forColumn: "token_hash"),
            prefix: try row.decode(String.self, forColumn: "prefix"), role: role,
            createdBy: try row.decode(String.self, forColumn: "created_by"),
            createdAt: UnixMillis(try row.decode(Int64.self, forColumn: "created_ms")),
            lastUsedAt: try row.decode(Int64?.self, forColumn: "last_used_ms").map { UnixMillis($0) },
            expiresAt: try row.decode(Int64?.self, forColumn: "expires_ms").map { UnixMillis($0) })
    }
}
