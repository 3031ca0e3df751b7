/// A secret string (password, token, API key) that never prints itself.
public struct Secret: Sendable, Hashable, Codable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The secret value. Read it only where it goes on the wire.
    public let value: String
    /// Wraps a secret.
    public init(_ value: String) { self.value = value }
    public var description: String { "***" }
    public var debugDescription: String { "Secret(***)" }

    public init(from decoder: any Decoder) throws {
        value = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}

/// A username and password for a miner's API. Prints without the password.
public struct Credentials: Sendable, Hashable, Codable, CustomStringConvertible {
    /// User name.
    public var username: String
    /// Password.
    public var password: Secret

    /// Creates credentials.
    public init(username: String, password: String) {
        self.username = username
        self.password = Secret(password)
    }

    public var description: String { "\(username):***" }
}

/// Where drivers keep secrets they create on a miner (e.g. a VNish API key), so a restart
/// reuses them instead of creating new ones. The host persists them; tests use memory.
public protocol CredentialStore: Sendable {
    /// The stored secret for `key`, if any.
    func secret(for key: String) async throws -> Secret?
    /// Stores (or replaces) the secret for `key`.
    func store(_ secret: Secret, for key: String) async throws
}

/// A `CredentialStore` that keeps secrets in memory.
public actor InMemoryCredentialStore: CredentialStore {
    private var secrets: [String: Secret]
    /// Creates a store, optionally pre-filled.
    public init(_ secrets: [String: Secret] = [:]) { self.secrets = secrets }
    /// The stored secret for `key`, if any.
    public func secret(for key: String) -> Secret? { secrets[key] }
    /// Stores the secret for `key`.
    public func store(_ secret: Secret, for key: String) { secrets[key] = secret }
    /// All keys, for tests.
    public var keys: [String] { Array(secrets.keys).sorted() }
}
