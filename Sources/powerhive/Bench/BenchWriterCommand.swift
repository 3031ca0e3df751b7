import ArgumentParser
import Foundation
import HiveHost
import HiveProtocols

/// `powerhive bench writer --db <path>`: the child of the storage crash test. Writes status
/// cycles through ``SQLiteFleetStore``'s single writer, one cycle (a sample per miner, one
/// minute of sample time apart) per write call, and prints `acked <cycle>` — flushed — only
/// after the call returned, i.e. after the cycle committed. Runs until killed, or for
/// `--cycles` cycles.
///
/// Output: `start <first sample time ms> <miners>`, then `acked 0`, `acked 1`, ... A file that
/// already holds cycles is continued after its newest one.
struct BenchWriterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "writer",
        abstract: "Write status cycles to a database forever, printing 'acked <n>' after each commit (crash test).")

    /// Sample time of cycle 0 (2025-01-01T00:00:00Z); cycle n is n minutes later.
    static let epoch: Int64 = 1_735_689_600_000
    static let cycleMillis: Int64 = 60_000

    @Option(help: "Database file (created if missing).") var db: String
    @Option(help: "Miners per cycle.") var miners = 1000
    @Option(help: "Stop after this many cycles (0: run until killed).") var cycles = 0

    func validate() throws {
        guard (1...100_000).contains(miners) else { throw ValidationError("--miners must be 1...100000") }
        guard cycles >= 0 else { throw ValidationError("--cycles must not be negative") }
    }

    func run() async throws {
        let store: SQLiteFleetStore
        do { store = try SQLiteFleetStore(configuration: .init(path: db)) } catch {
            throw CommandFailure("cannot open \(db): \(error)")
        }
        defer { try? store.close() }
        let ids = try await store.upsert(
            discovered: (0..<miners).map { i in
                DiscoveredMiner(
                    ip: "10.\(i >> 16 & 0xFF).\(i >> 8 & 0xFF).\(i & 0xFF)", driver: "antminer-stock",
                    identity: MinerIdentity(
                        model: "Antminer S19",
                        mac: String(format: "02:00:00:%02X:%02X:%02X", i >> 16, i >> 8 & 0xFF, i & 0xFF)),
                    seenAt: UnixMillis(Self.epoch))
            }
        ).map(\.minerID)
        let newest = try await store.latestStatuses().map(\.time.rawValue).max()
        var cycle = newest.map { Int(($0 - Self.epoch) / Self.cycleMillis) + 1 } ?? 0
        print("start \(Self.epoch) \(ids.count)")
        fflush(nil)
        var written = 0
        var noise = SplitMix(seed: 42)
        while cycles == 0 || written < cycles {
            let time = UnixMillis(Self.epoch + Int64(cycle) * Self.cycleMillis)
            let samples = ids.map { id in
                StatusSample(
                    minerID: id, time: time, state: .mining, hashrateRealtime: .terahashes(95 + noise.unit() * 10),
                    hashrateAverage: .terahashes(100), power: Watts(3200 + noise.unit() * 100), powerMeasured: true,
                    boardTempMax: Celsius(60 + noise.unit() * 5), chipTempMax: Celsius(75 + noise.unit() * 5),
                    uptimeSeconds: cycle * 60)
            }
            // The cycle's samples and the miners' online state, concurrently, as a poller writes them.
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await store.append(statuses: samples) }
                group.addTask { try await store.recordSeen(ids, at: time) }
                try await group.waitForAll()
            }
            print("acked \(cycle)")
            fflush(nil)
            cycle += 1
            written += 1
        }
    }
}

/// A small seeded generator for benchmark noise (SplitMix64).
struct SplitMix {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A value in 0..<1.
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }

    /// A value from a normal distribution with mean 0 and standard deviation 1.
    mutating func gaussian() -> Double {
        let u = max(unit(), 1e-12)
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * unit())
    }
}
