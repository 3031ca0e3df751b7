import Drivers
import Foundation
import HiveHost
import HiveProtocols
import HiveTesting
import Logging
import Testing

/// `LiveFleetSnapshotProvider` and `LiveCommandExecutor` against simulated miners over real
/// sockets (127.197.20.x, firmware ports), with a real store and the shared session pool.
@Suite("Balancer live providers", .serialized)
struct BalancerLiveProviderTests {
    struct Harness {
        let fleet: SimulatedFleet
        let store: SQLiteFleetStore
        let sessions: MinerSessionPool
        let provider: LiveFleetSnapshotProvider
        let executor: LiveCommandExecutor
        let records: [MinerRecord]
        let wall: WallTime

        final class WallTime: Sendable {
            private let offset = ManualClock()
            var now: UnixMillis { UnixMillis(1_763_000_000_000 + Int64(offset.now.offset.components.seconds) * 1000) }
            func advance(seconds: Int) { offset.advance(by: .seconds(seconds)) }
        }
    }

    static func withHarness(
        range: String = "127.197.20.0/24", _ body: (Harness) async throws -> Void
    ) async throws {
        let clock = ManualClock()
        let configuration = SimulatedFleet.Configuration(
            range: range, count: 4, mix: ["antminer-stock": 1, "vnish": 1], seed: 3,
            placement: .sequential, timing: .uniform(.seconds(20)), noise: 0)
        try await SimulatedFleet.withFleet(configuration, clock: clock) { fleet in
            let fixture = try StorageFixture()
            defer { fixture.remove() }
            let store = try fixture.open()
            defer { try? store.close() }
            let client = HTTPClientFactory.makeClient()
            let factory = LiveTransportFactory(httpClient: client)
            let logger = Logger(label: "test.live-providers")
            let sessions = MinerSessionPool(
                registry: try .builtIn, transports: { factory.transports(for: $0) }, sleep: { _ in }, logger: logger)
            _ = try await store.upsert(
                discovered: fleet.groundTruth().miners.map { miner in
                    DiscoveredMiner(
                        ip: miner.address, driver: miner.personality,
                        identity: MinerIdentity(
                            make: "Bitmain", model: miner.model, mac: miner.mac, serial: miner.serial),
                        seenAt: UnixMillis(1_763_000_000_000))
                })
            let records = try await store.miners()
            let wall = Harness.WallTime()
            let cache = PowerControlCache()
            let harness = Harness(
                fleet: fleet, store: store, sessions: sessions,
                provider: LiveFleetSnapshotProvider(
                    store: store, sessions: sessions, cache: cache, clock: clock, now: { wall.now }, logger: logger),
                executor: LiveCommandExecutor(
                    store: store, sessions: sessions, cache: cache, clock: clock, logger: logger),
                records: records, wall: wall)
            do {
                _ = try await StatusPoller(
                    store: store, sessions: sessions, clock: clock, now: { wall.now }, logger: logger
                ).runCycle()
                try await body(harness)
                try await client.shutdown()
            } catch {
                try? await client.shutdown()
                throw error
            }
        }
    }

    @Test func readsControlsOnceThenOnlyReadBacksAndSkipsUnmanagedMiners() async throws {
        try await Self.withHarness { h in
            let unmanaged = h.records[3].id
            try await h.store.setManaged(false, for: unmanaged)
            let first = try await h.provider.snapshot(readingBack: [])
            #expect(first.count == 4)
            #expect(first.filter { $0.control != nil }.count == 3)
            #expect(first.allSatisfy { $0.state == .mining && $0.draw != nil && $0.reachable })
            #expect(first.first { $0.id == unmanaged }?.policy.managed == false)
            #expect(h.provider.cache.entry(unmanaged) == nil)
            let readAt = h.records.map { h.provider.cache.entry($0.id)?.readAt }

            h.wall.advance(seconds: 60)
            let target = h.records[0].id
            let second = try await h.provider.snapshot(readingBack: [target])
            // Only the miner being read back was contacted: its control and status are fresh.
            #expect(h.provider.cache.entry(target)?.readAt == h.wall.now)
            for index in 1..<3 { #expect(h.provider.cache.entry(h.records[index].id)?.readAt == readAt[index]) }
            #expect(second.first { $0.id == target }?.sampledAt == h.wall.now)
            #expect(second.first { $0.id == h.records[1].id }?.sampledAt != h.wall.now)
        }
    }

    @Test func executorSendsThroughTheDriverAndRefusesWhatItCannotDo() async throws {
        try await Self.withHarness(range: "127.197.21.0/24") { h in
            _ = try await h.provider.snapshot(readingBack: [])
            let antminer = try #require(h.records.first { $0.driver == "antminer-stock" })
            let outcome = try await h.executor.execute(.sleep, on: antminer.id)
            #expect(outcome.result == .verified || outcome.result == .pending)
            #expect(h.provider.cache.entry(antminer.id) == nil, "a command drops the cached control")
            let truth = try #require(h.fleet.groundTruth().miner(at: antminer.ip ?? ""))
            #expect(truth.commands.contains { $0.command == .sleep })

            let before = h.fleet.groundTruth().commands.count
            let refused = try await h.executor.execute(.setPowerTarget(Watts(2000)), on: antminer.id)
            #expect(refused.result == .rejected)
            #expect(h.fleet.groundTruth().commands.count == before, "nothing was sent")
            await #expect(throws: DriverError.self) {
                try await h.executor.execute(.sleep, on: MinerRecord.ID(999))
            }
        }
    }
}
