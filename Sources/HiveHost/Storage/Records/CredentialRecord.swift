public import HiveProtocols

/// A stored secret: a miner login, an API key a driver created, a plant API token.
///
/// Prints, dumps and reflects without the secret: `description`, `debugDescription` and
/// `customMirror` all show `***` in its place.
public struct CredentialRecord: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// What a secret is for. An open set of names, stored as text.
    public struct Kind: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
        /// The stored name.
        public var rawValue: String
        /// Wraps a stored name.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// A username and password for a miner's web or RPC API.
        public static let login = Kind(rawValue: "login")
        /// An API key or token a driver created on a miner and must reuse.
        public static let apiKey = Kind(rawValue: "api-key")
        /// A token for an external service (e.g. the plant energy API).
        public static let token = Kind(rawValue: "token")
        /// The stored name.
        public var description: String { rawValue }
    }

    /// The key it is found by (e.g. `vnish:AA:BB:CC:DD:EE:FF`, `site-default-login`).
    public var ref: String
    /// What it is for.
    public var kind: Kind
    /// User name, for logins.
    public var username: String?
    /// The secret.
    public var secret: Secret
    /// When it was last written.
    public var updatedAt: UnixMillis

    /// Creates a record.
    public init(ref: String, kind: Kind, username: String? = nil, secret: Secret, updatedAt: UnixMillis) {
        self.ref = ref
        self.kind = kind
        self.username = username
        self.secret = secret
        self.updatedAt = updatedAt
    }

    /// The login as ``Credentials``, when a username is stored.
    public var credentials: Credentials? {
        username.map { Credentials(username: $0, password: secret.value) }
    }

    /// e.g. `credential vnish:AA:… (api-key) ***`.
    public var description: String {
        "credential \(ref) (\(kind))" + (username.map { " \($0):***" } ?? " ***")
    }

    /// Same as `description`.
    public var debugDescription: String { "CredentialRecord(\(description))" }

    /// A mirror without the secret, so `dump` and debuggers never show it.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "ref": ref, "kind": kind.rawValue, "username": username as Any, "secret": "***",
                "updatedAt": updatedAt,
            ],
            displayStyle: .struct)
    }
}
