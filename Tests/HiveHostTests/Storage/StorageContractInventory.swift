import HiveProtocols
import Testing

@testable import HiveHost

/// The inventory's identity rules (MAC move, IP reuse, provisional merge, misses), for every
/// backend (``StorageContractTests``).
enum InventoryContract {
    static let macA = "AA:BB:CC:00:00:0A"
    static let macB = "AA:BB:CC:00:00:0B"

    static func newThenUnchangedThenUpdated(_ store: any HiveStore) async throws {
        let first = try await store.upsert(discovered: .at("10.1.0.1", mac: "aa-bb-cc-00-00-0a", time: 1_000))
        #expect(first.kind == .new)
        #expect(first.uid == "mac:\(Self.macA)")

        let again = try await store.upsert(discovered: .at("10.1.0.1", mac: Self.macA, time: 2_000))
        #expect(again.kind == .unchanged)
        #expect(again.minerID == first.minerID)

        let upgraded = try await store.upsert(
            discovered: .at("10.1.0.1", mac: Self.macA, firmwareVersion: "1.2.6", time: 3_000))
        #expect(upgraded.kind == .updated)

        let record = try #require(try await store.miner(first.minerID))
        #expect(record.firmwareVersion == "1.2.6")
        #expect(record.firstSeen == UnixMillis(1_000))
        #expect(record.lastSeen == UnixMillis(3_000))
        #expect(record.managed)
        #expect(record.online)

        // A sighting that does not report the version keeps the stored one.
        _ = try await store.upsert(discovered: .at("10.1.0.1", mac: Self.macA, time: 4_000))
        #expect(try await store.miner(first.minerID)?.firmwareVersion == "1.2.6")
    }

    static func ipMoveKeepsHistory(_ store: any HiveStore) async throws {
        let id = try await store.upsert(discovered: .at("10.1.0.5", mac: Self.macA, time: 1_000)).minerID
        try await store.append(statuses: [.mining(id, at: 1_500), .mining(id, at: 1_600)])

        let moved = try await store.upsert(discovered: .at("10.1.0.9", mac: Self.macA, time: 2_000))
        #expect(moved.kind == .moved)
        #expect(moved.previousIP == "10.1.0.5")
        #expect(moved.minerID == id)
        #expect(moved.description == "\(id) moved from 10.1.0.5")

        #expect(try await store.miner(id)?.ip == "10.1.0.9")
        let addresses = try await store.addresses(of: id)
        #expect(addresses.map(\.ip) == ["10.1.0.5", "10.1.0.9"])
        #expect(addresses.first?.lastSeen == UnixMillis(1_000))
        let history = try await store.statusHistory(of: id, from: UnixMillis(0), to: UnixMillis(10_000), limit: nil)
        #expect(history.map(\.time.rawValue) == [1_500, 1_600])
        #expect(try await store.miners().count == 1)
    }

    static func differentMACAtKnownIP(_ store: any HiveStore) async throws {
        let a = try await store.upsert(discovered: .at("10.1.0.5", mac: Self.macA, time: 1_000))
        let b = try await store.upsert(discovered: .at("10.1.0.5", mac: Self.macB, time: 2_000))
        #expect(b.kind == .new)
        #expect(b.minerID != a.minerID)
        #expect(b.displaced == [a.minerID])

        let old = try #require(try await store.miner(a.minerID))
        #expect(old.ip == nil)
        #expect(!old.online)
        #expect(try await store.addresses(of: a.minerID).map(\.ip) == ["10.1.0.5"])
        #expect(try await store.miner(b.minerID)?.ip == "10.1.0.5")

        // A turns up elsewhere: it moves there (from no address) and comes back online.
        let back = try await store.upsert(discovered: .at("10.1.0.6", mac: Self.macA, time: 3_000))
        #expect(back.kind == .moved)
        #expect(back.previousIP == nil)
        #expect(back.cameOnline)
    }

    static func missesToOffline(_ store: any HiveStore) async throws {
        let id = try await store.upsert(discovered: .at("10.1.0.5", mac: Self.macA)).minerID
        for expected in 1...2 {
            let miss = try #require(try await store.recordMiss(id, at: UnixMillis(2_000)))
            #expect(miss.consecutiveMisses == expected)
            #expect(!miss.wentOffline)
            #expect(try await store.miner(id)?.online == true)
        }
        let third = try #require(try await store.recordMiss(id, at: UnixMillis(3_000)))
        #expect(third.wentOffline)
        #expect(try await store.miner(id)?.online == false)
        let fourth = try #require(try await store.recordMiss(id, at: UnixMillis(4_000)))
        #expect(fourth.consecutiveMisses == 4)
        #expect(!fourth.wentOffline)

        try await store.recordSeen(id, at: UnixMillis(5_000))
        let seen = try #require(try await store.miner(id))
        #expect(seen.online)
        #expect(seen.consecutiveMisses == 0)
        #expect(seen.lastSeen == UnixMillis(5_000))
        #expect(try await store.addresses(of: id).first?.lastSeen == UnixMillis(5_000))

        let once = try await store.recordMisses(
            [id, MinerRecord.ID(9_999)], at: UnixMillis(6_000), offlineAfter: 1)
        #expect(once == [MissOutcome(minerID: id, consecutiveMisses: 1, wentOffline: true)])
    }

    static func provisionalMerge(_ store: any HiveStore) async throws {
        let known = try await store.upsert(discovered: .at("10.1.0.8", mac: Self.macA, time: 1_000)).minerID
        try await store.append(status: .mining(known, at: 1_100))

        let provisional = try await store.upsert(discovered: .at("10.1.0.7", time: 1_200))
        #expect(provisional.kind == .new)
        #expect(provisional.uid == "ip:10.1.0.7")
        #expect(try await store.miner(provisional.minerID)?.isProvisional == true)
        try await store.append(statuses: [
            .mining(provisional.minerID, at: 1_300), .mining(provisional.minerID, at: 1_400),
        ])

        // A sighting without identity at that address is still the provisional miner.
        let blind = try await store.upsert(discovered: .at("10.1.0.7", time: 1_500))
        #expect(blind.minerID == provisional.minerID)
        #expect(blind.kind == .unchanged)

        let merged = try await store.upsert(discovered: .at("10.1.0.7", mac: Self.macA, time: 2_000))
        #expect(merged.minerID == known)
        #expect(merged.merged == provisional.minerID)
        #expect(merged.kind == .moved)
        #expect(merged.displaced.isEmpty)
        #expect(try await store.miner(provisional.minerID) == nil)
        #expect(try await store.miners().map(\.id) == [known])
        let history = try await store.statusHistory(
            of: known, from: UnixMillis(0), to: UnixMillis(10_000), limit: nil)
        #expect(history.map(\.time.rawValue) == [1_100, 1_300, 1_400])
        #expect(Set(try await store.addresses(of: known).map(\.ip)) == ["10.1.0.7", "10.1.0.8"])
        #expect(try await store.miner(known)?.firstSeen == UnixMillis(1_000))
    }

    static func provisionalPromotion(_ store: any HiveStore) async throws {
        let provisional = try await store.upsert(discovered: .at("10.1.0.9", time: 1_000))
        let promoted = try await store.upsert(discovered: .at("10.1.0.9", mac: Self.macB, time: 2_000))
        #expect(promoted.minerID == provisional.minerID)
        #expect(promoted.kind == .updated)
        #expect(promoted.uid == "mac:\(Self.macB)")
        let record = try #require(try await store.miner(provisional.minerID))
        #expect(!record.isProvisional)
        #expect(record.mac == Self.macB)
    }

    static func serialIdentity(_ store: any HiveStore) async throws {
        let bySerial = try await store.upsert(discovered: .at("10.1.0.3", serial: " HTM3X1 ", time: 1_000))
        #expect(bySerial.uid == "serial:HTM3X1")
        let withMAC = try await store.upsert(discovered: .at("10.1.0.4", mac: Self.macA, serial: "HTM3X1", time: 2_000))
        #expect(withMAC.minerID == bySerial.minerID)
        #expect(withMAC.kind == .moved)
        #expect(withMAC.uid == "serial:HTM3X1")  // the uid never changes once it is not provisional
        #expect(try await store.miner(bySerial.minerID)?.mac == Self.macA)
    }

    static func batchAndSummary(_ store: any HiveStore) async throws {
        _ = try await store.upsert(discovered: .at("10.1.0.1", mac: Self.macA, time: 1_000))
        let outcomes = try await store.upsert(discovered: [
            .at("10.1.0.2", mac: Self.macA, time: 2_000),
            .at("10.1.0.3", mac: Self.macB, time: 2_000),
            .at("10.1.0.4", mac: "AA:BB:CC:00:00:0C", time: 2_000),
            .at("10.1.0.4", mac: "AA:BB:CC:00:00:0C", time: 2_000),
        ])
        #expect(outcomes.map(\.kind) == [.moved, .new, .new, .unchanged])
        #expect(UpsertOutcome.summary(outcomes) == "2 new, 1 moved, 1 unchanged")
        #expect(UpsertOutcome.summary([]) == "nothing")
        #expect(try await store.upsert(discovered: []).isEmpty)

        // A bad entry fails the whole call: nothing of it is written.
        await #expect(throws: StorageError.self) {
            try await store.upsert(discovered: [.at("10.1.0.9", mac: "AA:BB:CC:00:00:0D"), .at(" ")])
        }
        #expect(try await store.miners().count == 3)
    }

    static func minerSettings(_ store: any HiveStore) async throws {
        let id = try await store.upsert(discovered: .at("10.1.0.1", mac: Self.macA)).minerID
        try await store.recordError("timed out", for: id, at: UnixMillis(7_000))
        try await store.setManaged(false, for: id)
        try await store.setCredentialRef("site-login", for: id)
        var record = try #require(try await store.miner(id))
        #expect(record.lastError == "timed out")
        #expect(record.lastErrorAt == UnixMillis(7_000))
        #expect(!record.managed)
        #expect(record.credentialRef == "site-login")
        try await store.recordError(nil, for: id, at: UnixMillis(8_000))
        record = try #require(try await store.miner(id))
        #expect(record.lastError == nil)
        #expect(record.lastErrorAt == nil)
    }

    static let cases: [StorageContractCase] = [
        StorageContractCase(
            "a new miner gets a MAC-derived uid; seeing it again is unchanged, new details are updated",
            newThenUnchangedThenUpdated),
        StorageContractCase("a known MAC at a new address moves the miner and keeps its history", ipMoveKeepsHistory),
        StorageContractCase(
            "a different MAC at a known address is a different miner; the old one loses the address",
            differentMACAtKnownIP),
        StorageContractCase(
            "a miner goes offline only at N misses in a row; a sighting resets the count", missesToOffline),
        StorageContractCase(
            "a provisional IP-only miner is merged, history and all, when a known MAC shows up at its address",
            provisionalMerge),
        StorageContractCase(
            "a provisional miner whose MAC is new takes that identity and keeps its id", provisionalPromotion),
        StorageContractCase("serial identifies a miner without a MAC; a later MAC is attached to it", serialIdentity),
        StorageContractCase(
            "a batch of results is applied in order, in one call, and summarised for the log", batchAndSummary),
        StorageContractCase("errors, management and credential refs are stored per miner", minerSettings),
    ]
}
