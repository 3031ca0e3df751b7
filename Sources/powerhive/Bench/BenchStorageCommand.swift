import ArgumentParser
import Foundation
import HiveHost
import HiveProtocols
import Logging

/// `powerhive bench storage`: writes one simulated day at the seed's cadence through the real
/// single writer into a scratch file — a status sample per miner per minute, hourly board and
/// chip telemetry, and the rollups ``RetentionService`` makes each hour — then prints bytes
/// per table and the total against issue #6's 120 MB/day budget, and the write throughput.
struct BenchStorageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "storage",
        abstract: "Write a simulated day of polling through the real writer; print bytes per table and throughput.")

    /// Sample time of the first cycle (2025-01-01T00:00:00Z).
    static let epoch: Int64 = 1_735_689_600_000

    @Option(help: "Miners.") var miners = 1000
    @Option(help: "Hours of sample time to write.") var hours = 24
    @Option(help: "Seconds between status samples (intervals.status_seconds).") var statusSeconds = 60
    @Option(help: "Seconds between telemetry samples (intervals.telemetry_seconds).") var telemetrySeconds = 3600
    @Option(help: "Boards per miner.") var boards = 3
    @Option(help: "Chips per board (0: by model, 76–126).") var chips = 100
    @Option(help: "Fraction of miners whose firmware reports per-chip readings.") var chipsFraction = 1.0
    @Option(help: "Fraction of miners that never answer (failed samples).") var hung = 0.01
    @Option(help: "Keep the database at this path (default: a scratch file, deleted).") var keep: String?
    @Option(help: "Seed of the synthetic fleet.") var seed: UInt64 = 1
    @Option(
        help: """
            Write into this PostgreSQL database instead (postgres://user:pass@host:port/db; it must be empty: \
            the bench creates the schema and leaves its rows there).
            """)
    var databaseURL: String?
    @Option(help: "PostgreSQL pool size (with --database-url).") var poolSize = 10

    func validate() throws {
        guard (1...100_000).contains(miners) else { throw ValidationError("--miners must be 1...100000") }
        guard hours >= 2 else { throw ValidationError("--hours must be at least 2") }
        guard statusSeconds > 0, telemetrySeconds > 0 else { throw ValidationError("intervals must be positive") }
        guard boards >= 1, chips >= 0, (0...1).contains(chipsFraction), (0...1).contains(hung) else {
            throw ValidationError("--boards ≥ 1, --chips ≥ 0, fractions within 0...1")
        }
        if let keep, FileManager.default.fileExists(atPath: keep) { throw ValidationError("\(keep) exists") }
        if let databaseURL, PostgresURL(databaseURL) == nil {
            throw ValidationError("--database-url is not a postgres://user:password@host:port/database URL")
        }
    }

    func run() async throws {
        if let databaseURL, let url = PostgresURL(databaseURL) {
            let logger = Logger(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() })
            try await PostgresFleetStore.withStore(
                configuration: .init(url: url, poolSize: poolSize), logger: logger
            ) { store in try await simulate(store, label: url.masked) }
            return
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("powerhive-bench-storage-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = keep ?? folder.appendingPathComponent("bench.db").path
        let store = try SQLiteFleetStore(configuration: .init(path: path))
        defer { try? store.close() }
        try await simulate(store, label: keep.map { "kept at \($0)" })
    }

    /// Writes the simulated day into `store` and prints the report.
    private func simulate(_ store: any HiveStore, label: String?) async throws {
        let ids = try await store.upsert(
            discovered: (0..<miners).map { i in
                DiscoveredMiner(
                    ip: "10.\(i >> 16 & 0xFF).\(i >> 8 & 0xFF).\(i & 0xFF)", driver: "vnish",
                    identity: MinerIdentity(
                        model: "Antminer S19",
                        mac: String(format: "02:00:01:%02X:%02X:%02X", i >> 16 & 0xFF, i >> 8 & 0xFF, i & 0xFF)),
                    seenAt: UnixMillis(Self.epoch))
            }
        ).map(\.minerID)
        var fleet = SyntheticFleet(
            ids: ids, boards: boards, chips: chips, chipsFraction: chipsFraction, hungFraction: hung, seed: seed)
        let now = SimulatedNow(Self.epoch)
        let retention = RetentionService(
            store: store, now: { now.value }, logger: Logger(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() })
        )

        var counts = Counts()
        let stepMillis = Int64(statusSeconds) * 1000
        let end = Self.epoch + Int64(hours) * 3_600_000
        var nextTelemetry = Self.epoch + 30_000  // the telemetry poller starts 30 s after the status poller
        var nextRetention = Self.epoch + 120_000  // and retention 120 s after, hourly
        let clock = ContinuousClock()
        let started = clock.now
        var step = 0
        var time = Self.epoch
        while time < end {
            now.value = UnixMillis(time)
            let samples = fleet.statuses(at: UnixMillis(time), minute: step)
            let seen = samples.filter { $0.error == nil }.map(\.minerID)
            let stamp = UnixMillis(time)
            counts.statusWrite += try await clock.measure {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await store.append(statuses: samples) }
                    group.addTask { try await store.recordSeen(seen, at: stamp) }
                    try await group.waitForAll()
                }
            }
            counts.statusRows += samples.count
            step += 1
            let next = time + stepMillis
            while nextTelemetry < next, nextTelemetry < end {
                let telemetry = fleet.telemetry(at: UnixMillis(nextTelemetry))
                counts.telemetryWrite += try await clock.measure { try await store.append(telemetry: telemetry) }
                counts.boards += telemetry.reduce(0) { $0 + $1.boards.count }
                counts.chips += telemetry.reduce(0) { $0 + $1.boards.reduce(0) { $0 + $1.chips.count } }
                nextTelemetry += Int64(telemetrySeconds) * 1000
            }
            while nextRetention < next {
                now.value = UnixMillis(nextRetention)
                counts.retention += try await clock.measure {
                    counts.rollups += try await retention.runOnce().rollupsWritten
                }
                nextRetention += 3_600_000
            }
            time = next
        }
        // The day's last hour is rolled up by the first run after it settles.
        now.value = UnixMillis(end + 600_000)
        counts.retention += try await clock.measure { counts.rollups += try await retention.runOnce().rollupsWritten }
        let wall = clock.now - started
        let stats = try await store.stats()
        print(report(stats, counts: counts, wall: wall, label: label))
    }

    /// The wall-clock time the retention service reads: the simulated time.
    final class SimulatedNow: @unchecked Sendable {
        private let lock = NSLock()
        private var millis: Int64

        init(_ millis: Int64) { self.millis = millis }

        var value: UnixMillis {
            get { lock.withLock { UnixMillis(millis) } }
            set { lock.withLock { millis = newValue.rawValue } }
        }
    }

    struct Counts {
        var statusRows = 0
        var boards = 0
        var chips = 0
        var rollups = 0
        var statusWrite = Duration.zero
        var telemetryWrite = Duration.zero
        var retention = Duration.zero
    }

    private func report(_ stats: StorageStats, counts: Counts, wall: Duration, label: String?) -> String {
        let days = Double(hours) / 24
        var rows = [["TABLE", "ROWS", "BYTES", "BYTES/DAY", "B/ROW"]]
        var seriesBytes = 0
        for table in stats.tables.sorted(by: { ($0.bytes ?? 0) > ($1.bytes ?? 0) }) where table.rows > 0 {
            let bytes = table.bytes ?? 0
            if table.timeSpan != nil { seriesBytes += bytes }
            rows.append([
                table.name, "\(table.rows)", mb(Double(bytes)), mb(Double(bytes) / days),
                table.rows > 0 ? String(format: "%.0f", Double(bytes) / Double(table.rows)) : "-",
            ])
        }
        let perDay = Double(stats.totalBytes) / days
        func rate(_ n: Int, _ d: Duration) -> String { String(format: "%.0f", Double(n) / max(seconds(d), 1e-9)) }
        return """
            \(miners) miners, \(hours) h of sample time: \(counts.statusRows) status rows (every \(statusSeconds) s), \
            \(counts.boards) board snapshots with \(counts.chips) chips (every \(telemetrySeconds) s), \
            \(counts.rollups) rollups
            \(Table.render(rows))

            time series \(mb(Double(seriesBytes) / days))/day; whole file \(mb(Double(stats.totalBytes))) \
            (\(mb(perDay))/day) vs budget 120 MB/day \(perDay <= 120e6 ? "— within" : "— OVER")
            write throughput: statuses \(rate(counts.statusRows, counts.statusWrite)) rows/s \
            (\(String(format: "%.1f", seconds(counts.statusWrite))) s), telemetry \
            \(rate(counts.boards, counts.telemetryWrite)) boards/s (\(String(format: "%.1f", seconds(counts.telemetryWrite))) s), \
            retention runs \(String(format: "%.1f", seconds(counts.retention))) s; wall \(String(format: "%.1f", seconds(wall))) s
            \(label ?? "")
            """
    }

    private func mb(_ bytes: Double) -> String { String(format: "%.1f MB", bytes / 1e6) }

    private func seconds(_ duration: Duration) -> Double {
        let (whole, atto) = duration.components
        return Double(whole) + Double(atto) / 1e18
    }
}
