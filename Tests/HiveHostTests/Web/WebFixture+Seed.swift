import Foundation
import HiveProtocols
import Logging
import NIOConcurrencyHelpers

@testable import HiveHost

extension WebFixture {
    /// Three miners: #1 mining (measured power, telemetry with chips), #2 asleep (estimated
    /// power), #3 offline.
    static func seed(_ store: SQLiteFleetStore) async throws -> [MinerRecord.ID] {
        let seen = UnixMillis(now - 30_000)
        func discovered(_ ip: String, mac: String, model: String, driver: DriverID) -> DiscoveredMiner {
            DiscoveredMiner(
                ip: ip, driver: driver,
                identity: MinerIdentity(
                    make: "Bitmain", model: model, firmware: driver == "vnish" ? "VNish" : "Antminer stock",
                    firmwareVersion: "1.2.3", mac: mac, serial: "SN-\(ip)", hostname: "rack1-\(ip.suffix(1))"),
                seenAt: seen)
        }
        let outcomes = try await store.upsert(discovered: [
            discovered("10.0.0.1", mac: "AA:BB:CC:00:00:01", model: "Antminer S19", driver: "vnish"),
            discovered("10.0.0.2", mac: "AA:BB:CC:00:00:02", model: "Antminer S21", driver: "antminer-stock"),
            discovered("10.0.0.3", mac: "AA:BB:CC:00:00:03", model: "Antminer S19", driver: "vnish"),
        ])
        let ids = outcomes.map(\.minerID)
        var samples: [StatusSample] = []
        for minutes in stride(from: 120, through: 1, by: -1) {
            let time = UnixMillis(now - Int64(minutes) * 60_000)
            samples.append(
                StatusSample(
                    minerID: ids[0], time: time, state: .mining,
                    hashrateRealtime: .terahashes(95 + Double(minutes % 5)),
                    hashrateAverage: .terahashes(100), power: Watts(3250), powerMeasured: true,
                    powerTarget: Watts(3300),
                    boardTempMin: Celsius(55), boardTempMax: Celsius(62), chipTempMin: Celsius(70),
                    chipTempMax: Celsius(78), fanMin: RPM(4200), fanMax: RPM(4560), poolsAlive: 2, accepted: 1000,
                    rejected: 3, uptimeSeconds: 7200))
        }
        samples.append(
            StatusSample(
                minerID: ids[1], time: UnixMillis(now - 30_000), state: .sleeping, power: Watts(15),
                powerMeasured: false))
        samples.append(
            StatusSample(
                minerID: ids[2], time: UnixMillis(now - 3_600_000), state: .mining, hashrateRealtime: .terahashes(90),
                power: Watts(3100), powerMeasured: true))
        try await store.append(statuses: samples)
        for _ in 0..<3 { _ = try await store.recordMisses([ids[2]], at: UnixMillis(now - 10_000), offlineAfter: 3) }
        let boards = (0..<3).map { index in
            BoardSnapshot(
                index: index, hashrate: .terahashes(32), frequency: Megahertz(525), voltage: Volts(13.2),
                boardTempMax: Celsius(62), chipTempMax: Celsius(78), chipsExpected: 76, chipsWorking: 76,
                hardwareErrors: 4,
                chips: (0..<76).map { chip in
                    ChipReading(
                        index: chip, hashrate: .gigahashes(420 + Double(chip % 7)),
                        temperature: Celsius(65 + Double(chip % 20)),
                        errors: chip == 5 ? 40 : 0)
                })
        }
        try await store.append(
            telemetry: TelemetrySample(minerID: ids[0], time: UnixMillis(now - 60_000), boards: boards))
        return ids
    }

    static func seedEnergy(
        plant: InMemoryPlantReadingStore, balancer: InMemoryBalancerStore, miner: MinerRecord.ID
    )
        async throws
    {
        for minutes in stride(from: 60, through: 1, by: -1) {
            let time = UnixMillis(now - Int64(minutes) * 60_000)
            try await plant.append(
                plantReading: PlantReadingRecord(
                    receivedAt: time, outcome: .usable, httpStatus: 200,
                    sample: PlantSample(
                        shape: .reading, plantID: "plant-1", collectedAt: time, generation: .kilowatts(10),
                        consumption: .kilowatts(6.5),
                        generationSources: [.init(name: "turbine-a", power: .kilowatts(10), status: "success")]),
                    rawBody: Array("{\"token\":\"\(plantKey)\"}".utf8)))
        }
        try await balancer.append(audit: [
            BalancerAuditEntry(
                id: BalancerActionID(time: UnixMillis(now - 600_000), sequence: 0),
                time: UnixMillis(now - 600_000), minerID: miner, command: .setPowerTarget(Watts(3000)),
                from: .watts(Watts(3300)), to: .watts(Watts(3000)), reason: "over budget", expectedDelta: Watts(-300),
                outcome: .verified)
        ])
    }
}

/// A ``MinerController`` that records commands and answers as told.
final class FakeMinerController: MinerController {
    private let state = NIOLockedValueBox<(sent: [(MinerCommand, MinerRecord.ID)], failure: DriverError?)>(([], nil))

    var sent: [(MinerCommand, MinerRecord.ID)] { state.withLockedValue { $0.sent } }

    func fail(with error: DriverError?) { state.withLockedValue { $0.failure = error } }

    func perform(_ command: MinerCommand, on miner: MinerRecord) async throws -> CommandOutcome {
        let failure = state.withLockedValue { state -> DriverError? in
            state.sent.append((command, miner.id))
            return state.failure
        }
        if let failure { throw failure }
        return .verified("\(command)", detail: "read back")
    }
}

/// A ``BudgetOverrideController`` that remembers the last override.
final class FakeBudgetController: BudgetOverrideController {
    private let box = NIOLockedValueBox<[BudgetOverride?]>([])
    var overrides: [BudgetOverride?] { box.withLockedValue { $0 } }
    func setOverride(_ override: BudgetOverride?) async throws { box.withLockedValue { $0.append(override) } }
}

/// Collects log messages (with metadata) so tests can check what was logged.
final class WebLogCapture: LogHandler, @unchecked Sendable {
    private let lines = NIOLockedValueBox<[String]>([])
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let extra = (event.metadata ?? [:]).map { "\($0.key)=\($0.value)" }.sorted().joined(separator: " ")
        lines.withLockedValue { $0.append("\(event.level) \(event.message) \(extra)") }
    }

    var all: [String] { lines.withLockedValue { $0 } }
}
