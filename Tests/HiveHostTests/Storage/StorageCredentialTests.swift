import HiveProtocols
import Testing

@testable import HiveHost

@Suite("Storage: credentials")
struct StorageCredentialTests {
    let secretText = "s3cr3t-api-key-0123456789"

    @Test("a credential record never prints, dumps or reflects its secret")
    func masked() {
        let record = CredentialRecord(
            ref: "site-login", kind: .login, username: "root", secret: Secret(secretText), updatedAt: UnixMillis(1))
        var dumped = ""
        dump(record, to: &dumped)
        let renderings = [
            record.description, record.debugDescription, String(describing: record), String(reflecting: record),
            "\(record)", dumped,
            String(describing: Mirror(reflecting: record).children.map { "\($0.label ?? ""): \($0.value)" }),
        ]
        for text in renderings {
            #expect(!text.contains(secretText), "leaked in: \(text)")
            #expect(text.contains("***"))
        }
        #expect(record.description == "credential site-login (login) root:***")
        #expect(record.credentials?.password.value == secretText)
        #expect(record.credentials?.description == "root:***")
    }

    @Test("credentials are stored, replaced and deleted by ref")
    func storeAndReplace() async throws {
        try await StorageFixture.with { store, _ in
            #expect(try await store.credential("vnish:AA") == nil)
            let first = CredentialRecord(
                ref: "vnish:AA", kind: .apiKey, secret: Secret("one"), updatedAt: UnixMillis(10))
            try await store.save(credential: first)
            #expect(try await store.credential("vnish:AA") == first)
            let second = CredentialRecord(
                ref: "vnish:AA", kind: .login, username: "admin", secret: Secret("two"), updatedAt: UnixMillis(20))
            try await store.save(credential: second)
            #expect(try await store.credential("vnish:AA") == second)
            try await store.deleteCredential("vnish:AA")
            #expect(try await store.credential("vnish:AA") == nil)
        }
    }

    @Test("drivers' CredentialStore adapter persists secrets across re-opening")
    func adapter() async throws {
        let fixture = try StorageFixture()
        defer { fixture.remove() }
        do {
            let store = try fixture.open()
            let credentials: any CredentialStore = StoredCredentials(store: store, now: { UnixMillis(42) })
            #expect(try await credentials.secret(for: "vnish:AA:BB") == nil)
            try await credentials.store(Secret(secretText), for: "vnish:AA:BB")
            try store.close()
        }
        let reopened = try fixture.open()
        defer { try? reopened.close() }
        let credentials = StoredCredentials(store: reopened, now: { UnixMillis(43) })
        #expect(try await credentials.secret(for: "vnish:AA:BB")?.value == secretText)
        let record = try #require(try await reopened.credential("vnish:AA:BB"))
        #expect(record.kind == .apiKey)
        #expect(record.updatedAt == UnixMillis(42))
    }
}
