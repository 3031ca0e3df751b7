/// A dashboard user as stored. The password hash never leaves the server: no JSON encoder or
/// page prints it, and `description` leaves it out.
public struct UserRecord: Sendable, Hashable, Identifiable, CustomStringConvertible {
    /// The store's key for a user.
    public struct ID: RawRepresentable, Sendable, Hashable, Comparable, CustomStringConvertible {
        /// The integer key.
        public var rawValue: Int64
        /// Wraps an integer key.
        public init(rawValue: Int64) { self.rawValue = rawValue }
        /// Orders keys numerically.
        public static func < (lhs: ID, rhs: ID) -> Bool { lhs.rawValue < rhs.rawValue }
        /// The key as a number.
        public var description: String { String(rawValue) }
    }

    /// The key.
    public var id: ID
    /// Login name (unique, case-insensitive).
    public var username: String
    /// The ``PasswordHasher`` string (`$pbkdf2-sha256$…`).
    public var passwordHash: String
    /// What the user may do.
    public var role: Role
    /// A disabled user cannot log in and loses its sessions.
    public var disabled: Bool
    /// When it was created.
    public var createdAt: UnixMillis
    /// When it was last changed.
    public var updatedAt: UnixMillis
    /// When it last logged in.
    public var lastLoginAt: UnixMillis?

    /// Creates a record.
    public init(
        id: ID, username: String, passwordHash: String, role: Role, disabled: Bool = false, createdAt: UnixMillis,
        updatedAt: UnixMillis, lastLoginAt: UnixMillis? = nil
    ) {
        self.id = id
        self.username = username
        self.passwordHash = passwordHash
        self.role = role
        self.disabled = disabled
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.lastLoginAt = lastLoginAt
    }

    /// e.g. `user 3 alice (operator)`, without the hash.
    public var description: String { "user \(id) \(username) (\(role))" + (disabled ? " disabled" : "") }
}

/// A browser session as stored: the cookie's value is kept only as its SHA-256.
public struct SessionRecord: Sendable, Hashable {
    /// SHA-256 (hex) of the cookie value.
    public var tokenHash: String
    /// Whose session.
    public var userID: UserRecord.ID
    /// The CSRF token bound to the session (sent in forms and the `X-CSRF-Token` header).
    public var csrfToken: String
    /// When it was created.
    public var createdAt: UnixMillis
    /// Last request seen (updated at most once a minute).
    public var lastSeenAt: UnixMillis
    /// When it stops being accepted.
    public var expiresAt: UnixMillis
    /// Address it was created from.
    public var remoteIP: String?

    /// Creates a record.
    public init(
        tokenHash: String, userID: UserRecord.ID, csrfToken: String, createdAt: UnixMillis, lastSeenAt: UnixMillis,
        expiresAt: UnixMillis, remoteIP: String?
    ) {
        self.tokenHash = tokenHash
        self.userID = userID
        self.csrfToken = csrfToken
        self.createdAt = createdAt
        self.lastSeenAt = lastSeenAt
        self.expiresAt = expiresAt
        self.remoteIP = remoteIP
    }
}

/// An API token as stored: only its SHA-256 and a short non-secret prefix to recognise it by.
public struct APITokenRecord: Sendable, Hashable, Identifiable {
    /// The store's key for a token.
    public struct ID: RawRepresentable, Sendable, Hashable, Comparable, CustomStringConvertible {
        /// The integer key.
        public var rawValue: Int64
        /// Wraps an integer key.
        public init(rawValue: Int64) { self.rawValue = rawValue }
        /// Orders keys numerically.
        public static func < (lhs: ID, rhs: ID) -> Bool { lhs.rawValue < rhs.rawValue }
        /// The key as a number.
        public var description: String { String(rawValue) }
    }

    /// The key.
    public var id: ID
    /// A name for people (`prometheus`, `ops-script`).
    public var name: String
    /// SHA-256 (hex) of the token.
    public var tokenHash: String
    /// The token's first characters (`phk_AbCd`), safe to show.
    public var prefix: String
    /// What it may do.
    public var role: Role
    /// Who created it.
    public var createdBy: String
    /// When it was created.
    public var createdAt: UnixMillis
    /// When it was last used (updated at most once a minute).
    public var lastUsedAt: UnixMillis?
    /// When it stops being accepted; `nil`: never.
    public var expiresAt: UnixMillis?

    /// Creates a record.
    public init(
        id: ID, name: String, tokenHash: String, prefix: String, role: Role, createdBy: String, createdAt: UnixMillis,
        lastUsedAt: UnixMillis? = nil, expiresAt: UnixMillis? = nil
    ) {
        self.id = id
        self.name = name
        self.tokenHash = tokenHash
        self.prefix = prefix
        self.role = role
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
        self.expiresAt = expiresAt
    }
}
