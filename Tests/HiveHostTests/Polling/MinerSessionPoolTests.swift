import HiveProtocols
import HiveTesting
import Testing

@testable import HiveHost

@Suite("Miner session pool")
struct MinerSessionPoolTests {
    private func fake(_ driver: any MinerDriver) throws -> FakeMinerDriver {
        if let basic = driver as? FakeBasicDriver { return basic.inner }
        return try #require(driver as? FakeMinerDriver)
    }

    @Test("one driver instance per miner, reused until its address or driver changes")
    func reusesInstances() async throws {
        let fixture = try await PollingFixture(count: 2, subnet: 91)
        defer { fixture.close() }
        var record = try await fixture.record(0)

        let first = try fake(try await fixture.sessions.driver(for: record))
        let again = try fake(try await fixture.sessions.driver(for: record))
        #expect(first.token === again.token)
        #expect(first.context.match?.model == "Fake")

        let other = try fake(try await fixture.sessions.driver(for: try await fixture.record(1)))
        #expect(other.token !== first.token)
        #expect(fixture.sessions.count == 2)

        record.ip = "127.91.9.9"
        let moved = try fake(try await fixture.sessions.driver(for: record))
        #expect(moved.token !== first.token && moved.context.host == "127.91.9.9")

        record.driver = "fake-basic"
        let switched = try await fixture.sessions.driver(for: record)
        #expect(switched is FakeBasicDriver)
        #expect(fixture.sessions.count == 2)

        fixture.sessions.retain(only: [record.id])
        #expect(fixture.sessions.count == 1)
    }

    @Test("concurrent first uses share one instance")
    func concurrentFirstUse() async throws {
        let fixture = try await PollingFixture(count: 1, subnet: 92)
        defer { fixture.close() }
        let record = try await fixture.record(0)
        let sessions = fixture.sessions
        let tokens = try await withThrowingTaskGroup(of: ObjectIdentifier.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    let driver = try await sessions.driver(for: record)
                    let token = (driver as? FakeMinerDriver)?.token ?? InstanceToken()
                    return ObjectIdentifier(token)
                }
            }
            return try await group.reduce(into: Set<ObjectIdentifier>()) { $0.insert($1) }
        }
        #expect(tokens.count == 1)
    }

    @Test("credentials: the miner's stored login, else the operator's, else the driver's defaults")
    func credentialOrder() async throws {
        let fixture = try await PollingFixture(count: 1, subnet: 93)
        defer { fixture.close() }
        var record = try await fixture.record(0)
        #expect(
            try fake(try await fixture.sessions.driver(for: record)).context.credentials?.username == "fake-default")

        let configured = MinerSessionPool(
            registry: fixture.sessions.registry, transports: { _ in (ScriptedMiner.none, ScriptedMiner.none) },
            credentials: ["fake": Credentials(username: "operator", password: "p")], store: fixture.store)
        #expect(try fake(try await configured.driver(for: record)).context.credentials?.username == "operator")

        try await fixture.store.save(
            credential: CredentialRecord(
                ref: "rack-7", kind: .login, username: "rack", secret: Secret("s"), updatedAt: UnixMillis(0)))
        record.credentialRef = "rack-7"
        #expect(try fake(try await configured.driver(for: record)).context.credentials?.username == "rack")
    }

    @Test("a miner without an address or with an unknown driver cannot get a driver")
    func unusableMiners() async throws {
        let fixture = try await PollingFixture(count: 1, subnet: 94)
        defer { fixture.close() }
        var record = try await fixture.record(0)
        record.driver = "nonexistent"
        await #expect(throws: DriverError.self) { try await fixture.sessions.driver(for: record) }
        do {
            _ = try await fixture.sessions.driver(for: record)
        } catch let error as DriverError {
            #expect(error.kind == .unsupported)
        }
        record.driver = "fake"
        record.ip = nil
        do {
            _ = try await fixture.sessions.driver(for: record)
            Issue.record("expected an error")
        } catch let error as DriverError {
            #expect(error.kind == .unreachable)
        }
    }
}

extension ScriptedMiner {
    /// A miner whose reads answer at once, for pools that never poll.
    static let none = ScriptedMiner(host: "127.0.0.1", clock: nil, tracker: FakeTracker())
}
