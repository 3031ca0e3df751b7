import HiveProtocols
import Testing

@testable import HiveHost

/// Status samples, telemetry with chips and credentials, for every backend
/// (``StorageContractTests``).
enum SamplesContract {
    static func statusesLatestAndHistory(_ store: any HiveStore) async throws {
        let a = try await store.upsert(discovered: .at("10.3.0.1", mac: "AA:BB:CC:00:03:01")).minerID
        let b = try await store.upsert(discovered: .at("10.3.0.2", mac: "AA:BB:CC:00:03:02")).minerID
        let day: Int64 = 86_400_000
        // Samples over three days (three partitions on PostgreSQL), written out of order.
        var samples = (0..<6).map { StatusSample.mining(a, at: day + Int64($0) * day / 2) }
        samples.reverse()
        samples.append(.mining(b, at: day))
        var failed = StatusSample(minerID: b, time: UnixMillis(day + 5), state: .failure)
        failed.error = "timed out"
        samples.append(failed)
        try await store.append(statuses: samples)

        let latest = try await store.latestStatuses()
        #expect(latest.map(\.minerID) == [a, b])
        #expect(latest[0] == .mining(a, at: day + 5 * day / 2))
        #expect(latest[1] == failed)
        let history = try await store.statusHistory(
            of: a, from: UnixMillis(day), to: UnixMillis(day + 2 * day), limit: nil)
        #expect(history.map(\.time.rawValue) == [day, day + day / 2, 2 * day, 2 * day + day / 2])
        #expect(history[1] == .mining(a, at: day + day / 2))
        let limited = try await store.statusHistory(
            of: a, from: UnixMillis(0), to: UnixMillis(Int64.max), limit: 2)
        #expect(limited.map(\.time.rawValue) == [day, day + day / 2])

        // The same (miner, time) again replaces the sample; within one call the last wins.
        var replaced = StatusSample.mining(a, at: day)
        replaced.power = Watts(1_000)
        var last = replaced
        last.power = Watts(1_100)
        try await store.append(statuses: [replaced, last])
        let again = try await store.statusHistory(of: a, from: UnixMillis(day), to: UnixMillis(day + 1), limit: nil)
        #expect(again.map(\.power) == [Watts(1_100)])
        #expect(try await store.allStatuses(from: UnixMillis(day), to: UnixMillis(day + 6)).count == 3)
        #expect(try await store.oldestStatusTime() == UnixMillis(day))
        #expect(try await store.stats()[table: "statuses"]?.rows == 8)
    }

    static func telemetryRoundTrip(_ store: any HiveStore) async throws {
        let id = try await store.upsert(discovered: .at("10.4.0.1", mac: "AA:BB:CC:00:04:01")).minerID
        let board0 = BoardTelemetry(
            index: 0, hashrate: .terahashes(33), frequency: Megahertz(525), voltage: Volts(13.2),
            boardTemps: [Celsius(55), Celsius(61)], chipTemps: [Celsius(70), Celsius(77)], chipsExpected: 76,
            chipsWorking: 76, hardwareErrors: 3, serial: "BRD0",
            chips: (0..<76).map {
                ChipReading(index: $0, hashrate: .gigahashes(430 + Double($0)), temperature: Celsius(70))
            })
        let board1 = BoardTelemetry(index: 1, hashrate: .terahashes(32), chipsExpected: 76, chipsWorking: 75)
        let sample = TelemetrySample(minerID: id, time: UnixMillis(1_000), telemetry: [board0, board1])
        #expect(sample.boards[0].boardTempMax == Celsius(61))
        #expect(sample.boards[0].chipTempMax == Celsius(77))
        try await store.append(telemetry: [
            sample, TelemetrySample(minerID: id, time: UnixMillis(2_000), telemetry: [board1]),
        ])

        let latest = try #require(try await store.latestTelemetry(of: id))
        #expect(latest.time == UnixMillis(2_000))
        #expect(latest.boards.map(\.index) == [1])
        let history = try await store.telemetryHistory(
            of: id, from: UnixMillis(0), to: UnixMillis(1_500), includeChips: true)
        #expect(history == [sample])
        let light = try await store.telemetryHistory(
            of: id, from: UnixMillis(0), to: UnixMillis(5_000), includeChips: false)
        #expect(light.count == 2)
        #expect(light.allSatisfy { $0.boards.allSatisfy(\.chips.isEmpty) })

        // Same (miner, time, board) again without chips: the old chips go too.
        try await store.append(
            telemetry: TelemetrySample(minerID: id, time: UnixMillis(1_000), boards: [BoardSnapshot(index: 0)]))
        let replaced = try await store.telemetryHistory(
            of: id, from: UnixMillis(1_000), to: UnixMillis(1_001), includeChips: true)
        #expect(replaced.first?.boards.first == BoardSnapshot(index: 0))
        #expect(try await store.stats()[table: "chain_chips"]?.rows == 0)
        #expect(try await store.latestTelemetry(of: MinerRecord.ID(12_345)) == nil)
    }

    static func mergeCarriesTelemetry(_ store: any HiveStore) async throws {
        let known = try await store.upsert(discovered: .at("10.4.1.1", mac: "AA:BB:CC:00:04:11")).minerID
        try await store.append(
            telemetry: TelemetrySample(minerID: known, time: UnixMillis(600), boards: [BoardSnapshot(index: 2)]))
        let provisional = try await store.upsert(discovered: .at("10.4.1.2")).minerID
        let board = BoardSnapshot(index: 2, chips: [ChipReading(index: 0, temperature: Celsius(66))])
        try await store.append(
            telemetry: [
                TelemetrySample(minerID: provisional, time: UnixMillis(600), boards: [board]),
                TelemetrySample(minerID: provisional, time: UnixMillis(700), boards: [board]),
            ])
        _ = try await store.upsert(discovered: .at("10.4.1.2", mac: "AA:BB:CC:00:04:11"))
        #expect(try await store.latestTelemetry(of: known)?.boards == [board])
        // At a time the known miner already had, its own board stays.
        let history = try await store.telemetryHistory(
            of: known, from: UnixMillis(0), to: UnixMillis(1_000), includeChips: true)
        #expect(history.map(\.time.rawValue) == [600, 700])
        #expect(history.first?.boards == [BoardSnapshot(index: 2)])
    }

    static func credentials(_ store: any HiveStore) async throws {
        #expect(try await store.credential("vnish:AA") == nil)
        let first = CredentialRecord(ref: "vnish:AA", kind: .apiKey, secret: Secret("one"), updatedAt: UnixMillis(10))
        try await store.save(credential: first)
        #expect(try await store.credential("vnish:AA") == first)
        let secret = "s3cr3t-api-key-0123456789"
        let second = CredentialRecord(
            ref: "vnish:AA", kind: .login, username: "admin", secret: Secret(secret), updatedAt: UnixMillis(20))
        try await store.save(credential: second)
        let stored = try #require(try await store.credential("vnish:AA"))
        #expect(stored == second)
        #expect(!"\(stored)".contains(secret) && !String(reflecting: stored).contains(secret))
        let adapter = StoredCredentials(store: store, now: { UnixMillis(42) })
        try await adapter.store(Secret(secret), for: "vnish:BB")
        #expect(try await adapter.secret(for: "vnish:BB")?.value == secret)
        try await store.deleteCredential("vnish:AA")
        #expect(try await store.credential("vnish:AA") == nil)
    }

    static let cases: [StorageContractCase] = [
        StorageContractCase(
            "statuses: latest per miner, history by range and limit, replace on same time", statusesLatestAndHistory),
        StorageContractCase(
            "telemetry round-trips boards and chips; replacing a board replaces its chips", telemetryRoundTrip),
        StorageContractCase("merging a provisional miner carries its telemetry and chips along", mergeCarriesTelemetry),
        StorageContractCase("credentials are stored, replaced and deleted by ref; secrets never print", credentials),
    ]
}
