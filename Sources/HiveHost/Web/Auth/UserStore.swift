/// Where dashboard users, their sessions and API tokens live.
///
/// Same contract as ``FleetStore``: a write is durable when the call returns, a call that throws
/// wrote nothing, timestamps are the caller's, and no record's `description` holds a secret.
/// Secrets are never stored in the clear: passwords as ``PasswordHasher`` strings, session
/// cookies and API tokens as their SHA-256.
///
/// ``SQLiteUserStore`` is the implementation; tests may use it on a temporary file.
public protocol UserStore: Sendable {
    // MARK: Users

    /// Every user, by id.
    func users() async throws -> [UserRecord]

    /// One user.
    func user(_ id: UserRecord.ID) async throws -> UserRecord?

    /// The user with this name (case-insensitive).
    func user(named username: String) async throws -> UserRecord?

    /// How many users exist.
    func userCount() async throws -> Int

    /// Creates a user. Throws ``WebStoreError/conflict`` when the name is taken.
    func createUser(
        username: String, passwordHash: String, role: Role, at time: UnixMillis
    ) async throws
        -> UserRecord

    /// Changes a user's role, password hash or disabled flag (`nil`: unchanged). Changing the
    /// password or disabling the user ends its sessions.
    /// - Returns: the updated user, `nil` when unknown.
    func updateUser(
        _ id: UserRecord.ID, role: Role?, passwordHash: String?, disabled: Bool?, at time: UnixMillis
    ) async throws -> UserRecord?

    /// Records a successful login.
    func recordLogin(_ id: UserRecord.ID, at time: UnixMillis) async throws

    /// Deletes a user and its sessions. - Returns: whether it existed.
    func deleteUser(_ id: UserRecord.ID) async throws -> Bool

    // MARK: Sessions

    /// Stores a new session.
    func createSession(_ session: SessionRecord) async throws

    /// The session whose cookie hashes to `tokenHash`, with its user.
    func session(tokenHash: String) async throws -> (SessionRecord, UserRecord)?

    /// Moves a session's last-seen and expiry times.
    func touchSession(tokenHash: String, lastSeenAt: UnixMillis, expiresAt: UnixMillis) async throws

    /// Ends one session.
    func deleteSession(tokenHash: String) async throws

    /// Deletes sessions that expired before `time`. - Returns: how many.
    func deleteExpiredSessions(before time: UnixMillis) async throws -> Int

    // MARK: API tokens

    /// Every token, by id.
    func tokens() async throws -> [APITokenRecord]

    /// Stores a token (its hash). Throws ``WebStoreError/conflict`` for a duplicate hash.
    func createToken(
        name: String, tokenHash: String, prefix: String, role: Role, createdBy: String, at time: UnixMillis,
        expiresAt: UnixMillis?
    ) async throws -> APITokenRecord

    /// The token whose SHA-256 is `tokenHash`.
    func token(hash tokenHash: String) async throws -> APITokenRecord?

    /// Records a token's use.
    func touchToken(_ id: APITokenRecord.ID, at time: UnixMillis) async throws

    /// Deletes a token. - Returns: whether it existed.
    func deleteToken(_ id: APITokenRecord.ID) async throws -> Bool
}

/// An error from a web store (users, tokens, audit).
public struct WebStoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kinds of failure.
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        fileprivate let name: String
        /// A unique value (user name, token) is already taken.
        public static let conflict = Kind(name: "conflict")
        /// A stored value could not be read back.
        public static let corrupt = Kind(name: "corrupt")
        /// The kind in words.
        public var description: String { name }
    }

    /// What went wrong.
    public var kind: Kind
    /// A short explanation, without secrets.
    public var message: String

    /// Creates an error.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// e.g. `web store: conflict: user name alice is taken`.
    public var description: String { "web store: \(kind): \(message)" }
}
