import Foundation
import HiveProtocols

@testable import HiveHost

/// A store in its own temporary folder, deleted afterwards.
struct StorageFixture {
    let folder: URL
    let path: String

    init(_ name: String = "powerhive.db") throws {
        folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("powerhive-storage-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        path = folder.appendingPathComponent(name).path
    }

    func open(maxBatchJobs: Int = 256) throws -> SQLiteFleetStore {
        try SQLiteFleetStore(configuration: .init(path: path, maxBatchJobs: maxBatchJobs))
    }

    func remove() {
        try? FileManager.default.removeItem(at: folder)
    }

    /// Runs `body` with a fresh store, then closes it and deletes the folder.
    static func with<T>(
        maxBatchJobs: Int = 256, _ body: (SQLiteFleetStore, StorageFixture) async throws -> T
    ) async throws -> T {
        let fixture = try StorageFixture()
        defer { fixture.remove() }
        let store = try fixture.open(maxBatchJobs: maxBatchJobs)
        defer { try? store.close() }
        return try await body(store, fixture)
    }
}

extension DiscoveredMiner {
    /// A discovery result with the given identity, seen at `time` ms.
    static func at(
        _ ip: String, mac: String? = nil, serial: String? = nil, firmwareVersion: String? = nil,
        driver: DriverID = "vnish", time: Int64 = 1_000
    ) -> DiscoveredMiner {
        DiscoveredMiner(
            ip: ip, driver: driver,
            identity: MinerIdentity(
                make: "Bitmain", model: "Antminer S19", firmware: "VNish", firmwareVersion: firmwareVersion, mac: mac,
                serial: serial),
            seenAt: UnixMillis(time))
    }
}

extension StatusSample {
    /// A mining sample with a few fields set, varied by `time`.
    static func mining(_ miner: MinerRecord.ID, at time: Int64) -> StatusSample {
        StatusSample(
            minerID: miner, time: UnixMillis(time), state: .mining,
            hashrateRealtime: .terahashes(100 + Double(time % 7)),
            hashrateAverage: .terahashes(100), power: Watts(3250), powerMeasured: true, powerTarget: Watts(3300),
            boardTempMin: Celsius(55), boardTempMax: Celsius(61.5), chipTempMin: Celsius(70), chipTempMax: Celsius(78),
            fanMin: RPM(4200), fanMax: RPM(4560), poolsAlive: 2, accepted: Int(time), rejected: 3, uptimeSeconds: 3600)
    }
}
