/// Who is making a request, once authenticated: a user through a session cookie, a script
/// through an API token, or everyone when authentication is off (`auth.mode: "none"`, loopback
/// only).
public struct Principal: Sendable, Hashable, CustomStringConvertible {
    /// How the request authenticated.
    public enum Via: String, Sendable, Hashable {
        /// A browser session (cookie); state-changing requests need the CSRF token.
        case session
        /// An API token (`Authorization: Bearer …`); exempt from CSRF.
        case token
        /// Authentication is off; state-changing requests still need the CSRF cookie token.
        case none
    }

    /// The user, for sessions.
    public var userID: UserRecord.ID?
    /// The user name, the token's name, or `local` when authentication is off.
    public var name: String
    /// What it may do.
    public var role: Role
    /// How it authenticated.
    public var via: Via
    /// The token's id, for token requests.
    public var tokenID: APITokenRecord.ID?
    /// The session's CSRF token, for sessions.
    public var csrfToken: String?

    /// Creates a principal.
    public init(
        userID: UserRecord.ID? = nil, name: String, role: Role, via: Via, tokenID: APITokenRecord.ID? = nil,
        csrfToken: String? = nil
    ) {
        self.userID = userID
        self.name = name
        self.role = role
        self.via = via
        self.tokenID = tokenID
        self.csrfToken = csrfToken
    }

    /// The actor recorded in the audit log: `user:<name>`, `token:<name>` or `local`.
    public var actor: String {
        switch via {
        case .session: "user:\(name)"
        case .token: "token:\(name)"
        case .none: "local"
        }
    }

    /// Same as ``actor`` plus the role; never contains a secret.
    public var description: String { "\(actor) (\(role))" }
}
