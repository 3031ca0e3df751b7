import HiveProtocols
import PostgresNIO

extension PostgresUserStore {
    /// Stores a new session.
    public func createSession(_ session: SessionRecord) async throws {
        try await store.execute(
            PostgresStatement(
                """
                INSERT INTO web_sessions (token_hash, user_id, csrf_token, created_ms, last_seen_ms, expires_ms, remote_ip)
                VALUES ($1, $2, $3, $4, $5, $6, $7)
                """,
                [
                    .text(session.tokenHash), .int(session.userID.rawValue), .text(session.csrfToken),
                    .int(session.createdAt.rawValue), .int(session.lastSeenAt.rawValue),
                    .int(session.expiresAt.rawValue), .text(session.remoteIP),
                ]))
    }

    /// The session whose cookie hashes to `tokenHash`, with its user.
    public func session(tokenHash: String) async throws -> (SessionRecord, UserRecord)? {
        let prefixed = Self.userColumns.split(separator: ",").map { "u." + $0.filter { $0 != " " } }
            .joined(separator: ", ")
        let found = try await store.rows(
            PostgresStatement(
                """
                SELECT s.token_hash, s.user_id, s.csrf_token, s.created_ms AS s_created, s.last_seen_ms,
                    s.expires_ms, s.remote_ip, \(prefixed)
                FROM web_sessions s JOIN web_users u ON u.id = s.user_id WHERE s.token_hash = $1
                """,
                [.text(tokenHash)])
        ) { row in
            (
                SessionRecord(
                    tokenHash: try row.string("token_hash"), userID: UserRecord.ID(rawValue: try row.int64("user_id")),
                    csrfToken: try row.string("csrf_token"), createdAt: UnixMillis(try row.int64("s_created")),
                    lastSeenAt: UnixMillis(try row.int64("last_seen_ms")),
                    expiresAt: UnixMillis(try row.int64("expires_ms")), remoteIP: try row.optionalString("remote_ip")),
                try Self.user(row)
            )
        }
        return found.first
    }

    /// Moves a session's last-seen and expiry times.
    public func touchSession(tokenHash: String, lastSeenAt: UnixMillis, expiresAt: UnixMillis) async throws {
        try await store.execute(
            PostgresStatement(
                "UPDATE web_sessions SET last_seen_ms = $1, expires_ms = $2 WHERE token_hash = $3",
                [.int(lastSeenAt.rawValue), .int(expiresAt.rawValue), .text(tokenHash)]))
    }

    /// Ends one session.
    public func deleteSession(tokenHash: String) async throws {
        try await store.execute(PostgresStatement("DELETE FROM web_sessions WHERE token_hash = $1", [.text(tokenHash)]))
    }

    /// Deletes sessions that expired before `time`.
    public func deleteExpiredSessions(before time: UnixMillis) async throws -> Int {
        try await store.rows(
            PostgresStatement("DELETE FROM web_sessions WHERE expires_ms < $1 RETURNING 1", [.int(time.rawValue)])
        ) { _ in () }.count
    }

    // MARK: Tokens

    /// Every token, by id.
    public func tokens() async throws -> [APITokenRecord] {
        try await store.rows(PostgresStatement("SELECT \(Self.tokenColumns) FROM web_tokens ORDER BY id"), Self.token)
    }

    /// Stores a token (its hash only).
    public func createToken(
        name: String, tokenHash: String, prefix: String, role: Role, createdBy: String, at time: UnixMillis,
        expiresAt: UnixMillis?
    ) async throws -> APITokenRecord {
        let ids = try await Self.conflicts("token already stored") {
            try await store.rows(
                PostgresStatement(
                    """
                    INSERT INTO web_tokens (name, token_hash, prefix, role, created_by, created_ms, expires_ms)
                    VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id
                    """,
                    [
                        .text(name), .text(tokenHash), .text(prefix), .text(role.rawValue), .text(createdBy),
                        .int(time.rawValue), .int(expiresAt?.rawValue),
                    ])
            ) { try $0.int64("id") }
        }
        guard let id = ids.first else {
            throw StorageError(.internalInconsistency, "insert into web_tokens gave no id")
        }
        return APITokenRecord(
            id: APITokenRecord.ID(rawValue: id), name: name, tokenHash: tokenHash, prefix: prefix, role: role,
            createdBy: createdBy, createdAt: time, expiresAt: expiresAt)
    }

    /// The token whose SHA-256 is `tokenHash`.
    public func token(hash tokenHash: String) async throws -> APITokenRecord? {
        try await store.rows(
            PostgresStatement("SELECT \(Self.tokenColumns) FROM web_tokens WHERE token_hash = $1", [.text(tokenHash)]),
            Self.token
        ).first
    }

    /// Records a token's use.
    public func touchToken(_ id: APITokenRecord.ID, at time: UnixMillis) async throws {
        try await store.execute(
            PostgresStatement(
                "UPDATE web_tokens SET last_used_ms = $1 WHERE id = $2", [.int(time.rawValue), .int(id.rawValue)]))
    }

    /// Deletes a token.
    public func deleteToken(_ id: APITokenRecord.ID) async throws -> Bool {
        try await deleted(PostgresStatement("DELETE FROM web_tokens WHERE id = $1 RETURNING 1", [.int(id.rawValue)]))
    }

    static let tokenColumns = "id, name, token_hash, prefix, role, created_by, created_ms, last_used_ms, expires_ms"

    static func token(_ row: PostgresRandomAccessRow) throws -> APITokenRecord {
        let roleName = try row.string("role")
        guard let role = Role(rawValue: roleName) else { throw WebStoreError(.corrupt, "unknown role \(roleName)") }
        return APITokenRecord(
            id: APITokenRecord.ID(rawValue: try row.int64("id")), name: try row.string("name"),
            tokenHash: try row.string("token_hash"), prefix: try row.string("prefix"), role: role,
            createdBy: try row.string("created_by"), createdAt: UnixMillis(try row.int64("created_ms")),
            lastUsedAt: try row.optionalInt64("last_used_ms").map { UnixMillis($0) },
            expiresAt: try row.optionalInt64("expires_ms").map { UnixMillis($0) })
    }
}
