import HiveHost
import HiveProtocols
import Testing

/// The inventory adapter over the real SQLite store (temporary file).
@Suite("FleetStoreInventory")
struct FleetStoreInventoryTests {
    static func miner(_ ip: String, mac: String) -> IdentifiedMiner {
        IdentifiedMiner(
            ip: ip, match: DriverMatch(driver: "vnish", confidence: .high, isStock: false),
            identity: MinerIdentity(make: "Bitmain", model: "Antminer S19", mac: mac))
    }

    static func result(_ miners: [IdentifiedMiner]) -> DiscoveryResult {
        DiscoveryResult(elapsed: .zero, hostsScanned: 10, openHosts: miners.count, miners: miners, unidentified: [])
    }

    @Test("offline only after N misses in a row; a MAC at a new address moves; a sighting resets the count")
    func missesAndMoves() async throws {
        try await StorageFixture.with { store, _ in
            let inventory = FleetStoreInventory(store: store, offlineAfter: 3)
            let a = Self.miner("10.0.0.1", mac: "AA:00:00:00:00:01")
            let b = Self.miner("10.0.0.2", mac: "AA:00:00:00:00:02")

            let first = try await inventory.apply(Self.result([a, b]), at: UnixMillis(1_000), completeCycle: true)
            #expect(first == InventoryChanges(new: 2))
            #expect(Set(try await inventory.knownAddresses()) == ["10.0.0.1", "10.0.0.2"])

            // B is missing: one miss per complete cycle, offline at the third.
            var changes: [InventoryChanges] = []
            for cycle in 2...4 {
                changes.append(
                    try await inventory.apply(
                        Self.result([a]), at: UnixMillis(Int64(cycle) * 1_000), completeCycle: true))
                let stored = try await store.miners().first { $0.mac == "AA:00:00:00:00:02" }
                #expect(stored?.online == (cycle < 4), "cycle \(cycle)")
                #expect(stored?.consecutiveMisses == cycle - 1)
            }
            #expect(changes.map(\.missed) == [1, 1, 1])
            #expect(changes.map(\.wentOffline) == [0, 0, 1])

            // A passive sighting of nothing counts no misses.
            let passive = try await inventory.apply(Self.result([]), at: UnixMillis(4_500), completeCycle: false)
            #expect(passive == InventoryChanges())
            #expect(try await store.miners().first { $0.mac == "AA:00:00:00:00:02" }?.consecutiveMisses == 3)

            // B turns up at a new address: moved, back online, misses reset.
            let moved = Self.miner("10.0.0.3", mac: "AA:00:00:00:00:02")
            let back = try await inventory.apply(Self.result([a, moved]), at: UnixMillis(5_000), completeCycle: true)
            #expect(back == InventoryChanges(moved: 1, cameOnline: 1))
            let stored = try await store.miners().first { $0.mac == "AA:00:00:00:00:02" }
            #expect(stored?.ip == "10.0.0.3")
            #expect(stored?.online == true)
            #expect(stored?.consecutiveMisses == 0)
            #expect(try await store.miners().count == 2)
        }
    }
}
