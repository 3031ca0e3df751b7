import GRDB
import HiveProtocols

extension SQLiteFleetStore {
    /// The credential stored under `ref`.
    public func credential(_ ref: String) async throws -> CredentialRecord? {
        try await read { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT ref, kind, username, secret, updated_ms FROM credentials WHERE ref = ?",
                    arguments: [ref])
            else { return nil }
            return CredentialRecord(
                ref: try row.decode(forColumn: "ref"),
                kind: CredentialRecord.Kind(rawValue: try row.decode(forColumn: "kind")),
                username: try row.decode(forColumn: "username"), secret: Secret(try row.decode(forColumn: "secret")),
                updatedAt: UnixMillis(try row.decode(Int64.self, forColumn: "updated_ms")))
        }
    }

    /// Stores a credential, replacing any under the same ref.
    public func save(credential: CredentialRecord) async throws {
        try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO credentials (ref, kind, username, secret, updated_ms) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (ref) DO UPDATE SET kind = excluded.kind, username = excluded.username,
                        secret = excluded.secret, updated_ms = excluded.updated_ms
                    """,
                arguments: [
                    credential.ref, credential.kind.rawValue, credential.username, credential.secret.value,
                    credential.updatedAt.rawValue,
                ])
        }
    }

    /// Deletes the credential under `ref`.
    public func deleteCredential(_ ref: String) async throws {
        try await write { db in try db.execute(sql: "DELETE FROM credentials WHERE ref = ?", arguments: [ref]) }
    }
}
