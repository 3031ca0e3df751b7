public import HiveProtocols

/// The drivers' ``HiveProtocols/CredentialStore`` backed by a ``FleetStore``'s credentials
/// table, so secrets a driver creates on a miner (e.g. a VNish API key) survive restarts and
/// are reused instead of piling up on the miner.
public struct StoredCredentials: CredentialStore {
    private let store: any FleetStore
    private let kind: CredentialRecord.Kind
    private let now: @Sendable () -> UnixMillis

    /// Creates the adapter.
    /// - Parameters:
    ///   - store: Where secrets live.
    ///   - kind: The kind recorded with secrets stored through it (default: API key).
    ///   - now: The time recorded with each write.
    public init(
        store: any FleetStore, kind: CredentialRecord.Kind = .apiKey,
        now: @escaping @Sendable () -> UnixMillis
    ) {
        self.store = store
        self.kind = kind
        self.now = now
    }

    /// The stored secret for `key`, if any.
    public func secret(for key: String) async throws -> Secret? {
        try await store.credential(key)?.secret
    }

    /// Stores (or replaces) the secret for `key`.
    public func store(_ secret: Secret, for key: String) async throws {
        try await store.save(credential: CredentialRecord(ref: key, kind: kind, secret: secret, updatedAt: now()))
    }
}
