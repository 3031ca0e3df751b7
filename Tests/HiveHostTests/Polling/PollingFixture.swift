import Foundation
import HiveProtocols
import HiveTesting
import Logging
import NIOConcurrencyHelpers
import Testing

@testable import HiveHost

/// Collects log lines.
struct LogCapture: LogHandler {
    let lines = NIOLockedValueBox<[(Logger.Level, String)]>([])
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        lines.withLockedValue { $0.append((event.level, "\(event.message)")) }
    }

    /// Messages at `level`, in order.
    func messages(_ level: Logger.Level = .info) -> [String] {
        lines.withLockedValue { $0.filter { $0.0 == level }.map(\.1) }
    }

    /// Every message, in order.
    var all: [String] { lines.withLockedValue { $0.map(\.1) } }
}

/// Events from the pollers' test hook, awaited in order.
final class EventLog: Sendable {
    let stream: AsyncStream<PollEvent>
    private let continuation: AsyncStream<PollEvent>.Continuation

    init() { (stream, continuation) = AsyncStream.makeStream(of: PollEvent.self) }

    var observer: PollObserver { { [continuation] in continuation.yield($0) } }
}

extension AsyncStream<PollEvent>.Iterator {
    /// The next cycle report (skipping other events).
    mutating func nextReport() async -> CycleReport? {
        while let event = await next() {
            if case .cycleCompleted(let report) = event { return report }
        }
        return nil
    }

    /// Waits until each of `miners` is decided; returns the decisions.
    mutating func decisions(of miners: Set<MinerRecord.ID>) async -> [MinerRecord.ID: PollEvent.Decision] {
        var found: [MinerRecord.ID: PollEvent.Decision] = [:]
        while found.count < miners.count, let event = await next() {
            if case .decided(let id, let decision) = event, miners.contains(id) { found[id] = decision }
        }
        return found
    }

    /// Waits for the event `match` accepts.
    mutating func first(where match: (PollEvent) -> Bool) async -> PollEvent? {
        while let event = await next() {
            if match(event) { return event }
        }
        return nil
    }
}

/// A SQLite store with fake miners, the session pool over their scripts, a manual clock and
/// captured logs.
struct PollingFixture {
    /// Wall time at clock offset zero (2025-01-01T00:00:00Z).
    static let epoch: Int64 = 1_735_689_600_000

    let storage: StorageFixture
    let store: SQLiteFleetStore
    let clock = ManualClock()
    let tracker = FakeTracker()
    let miners: [ScriptedMiner]
    let ids: [MinerRecord.ID]
    let sessions: MinerSessionPool
    let logs = LogCapture()
    let events = EventLog()

    /// Creates `count` miners at 127.`subnet`.x.y with driver `driver`, scripted `behavior`.
    /// - Parameter realTime: when true, the scripts sleep in real time (benchmarks).
    init(
        count: Int, subnet: Int, driver: DriverID = "fake", behavior: FakeBehavior = .answer, realTime: Bool = false
    ) async throws {
        storage = try StorageFixture()
        store = try storage.open()
        let hosts = (0..<count).map { "127.\(subnet).\($0 / 250).\($0 % 250 + 1)" }
        let found = hosts.map {
            DiscoveredMiner(
                ip: $0, driver: driver, identity: MinerIdentity(make: "Test", model: "Fake", mac: Self.mac(for: $0)),
                seenAt: UnixMillis(Self.epoch))
        }
        ids = try await store.upsert(discovered: found).map(\.minerID)
        let manual = realTime ? nil : clock
        let tracker = tracker
        let scripted = hosts.map { ScriptedMiner(host: $0, behavior: behavior, clock: manual, tracker: tracker) }
        miners = scripted
        let byHost = Dictionary(uniqueKeysWithValues: scripted.map { ($0.host, $0) })
        let logs = logs
        sessions = MinerSessionPool(
            registry: try DriverRegistry([FakeMinerDriver.self, FakeBasicDriver.self]),
            transports: { host in
                let miner = byHost[host] ?? ScriptedMiner(host: host, clock: manual, tracker: tracker)
                return (http: miner, cgminer: miner)
            },
            store: store, logger: Logger(label: "test.sessions", factory: { _ in logs }))
    }

    var logger: Logger {
        let logs = logs
        return Logger(label: "test.poller", factory: { _ in logs })
    }

    /// Wall time following the manual clock.
    var now: @Sendable () -> UnixMillis {
        let clock = clock
        return { UnixMillis(Self.epoch + clock.now.offset.milliseconds) }
    }

    func statusPoller(_ configuration: PollerConfiguration = .status, gate: MinerRequestGate? = nil) -> StatusPoller {
        StatusPoller(
            store: store, sessions: sessions, configuration: configuration, clock: clock, gate: gate, now: now,
            logger: logger, observer: events.observer)
    }

    func telemetryPoller(_ configuration: PollerConfiguration = .telemetry) -> TelemetryPoller {
        TelemetryPoller(
            store: store, sessions: sessions, configuration: configuration, clock: clock, gate: nil, now: now,
            logger: logger, observer: events.observer)
    }

    func record(_ index: Int) async throws -> MinerRecord {
        try #require(try await store.miner(ids[index]))
    }

    func close() {
        try? store.close()
        storage.remove()
    }

    static func mac(for host: String) -> String {
        let parts = host.split(separator: ".").compactMap { Int($0) }
        return (([0x02, 0x00] + parts).map { String(format: "%02X", $0 & 0xFF) }).joined(separator: ":")
    }
}

/// Moves a manual clock to an offset.
extension ManualClock {
    func advance(toSeconds seconds: Int) {
        advance(to: Instant(offset: .seconds(seconds)))
    }
}
