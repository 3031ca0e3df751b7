import HiveProtocols
import PostgresNIO

extension PostgresFleetStore {
    /// The credential stored under `ref`.
    public func credential(_ ref: String) async throws -> CredentialRecord? {
        try await rows(
            PostgresStatement(
                "SELECT ref, kind, username, secret, updated_ms FROM credentials WHERE ref = $1", [.text(ref)])
        ) { row in
            CredentialRecord(
                ref: try row.string("ref"), kind: CredentialRecord.Kind(rawValue: try row.string("kind")),
                username: try row.optionalString("username"), secret: Secret(try row.string("secret")),
                updatedAt: UnixMillis(try row.int64("updated_ms")))
        }.first
    }

    /// Stores a credential, replacing any under the same ref.
    public func save(credential: CredentialRecord) async throws {
        try await execute(
            PostgresStatement(
                """
                INSERT INTO credentials (ref, kind, username, secret, updated_ms) VALUES ($1, $2, $3, $4, $5)
                ON CONFLICT (ref) DO UPDATE SET kind = excluded.kind, username = excluded.username,
                    secret = excluded.secret, updated_ms = excluded.updated_ms
                """,
                [
                    .text(credential.ref), .text(credential.kind.rawValue), .text(credential.username),
                    .text(credential.secret.value), .int(credential.updatedAt.rawValue),
                ]))
    }

    /// Deletes the credential under `ref`.
    public func deleteCredential(_ ref: String) async throws {
        try await execute(PostgresStatement("DELETE FROM credentials WHERE ref = $1", [.text(ref)]))
    }
}
