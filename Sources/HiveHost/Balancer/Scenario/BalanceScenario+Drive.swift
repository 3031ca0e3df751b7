import AsyncHTTPClient
import Foundation
import HiveProtocols
import Logging

extension BalanceScenario {
    /// Inserts the miners, builds the loops and runs the script to its end.
    func drive(store: SQLiteFleetStore, client: HTTPClient, logger: Logger) async throws -> BalanceScenarioReport {
        let env = environment
        let config = configuration
        let epoch = env.epoch
        let elapsed = env.elapsed
        let now: @Sendable () -> UnixMillis = { epoch.adding(milliseconds: Self.milliseconds(elapsed())) }

        _ = try await store.upsert(discovered: env.miners)
        let records = try await store.miners()
        let idByAddress = Dictionary(
            records.compactMap { record in record.ip.map { ($0, record.id) } }, uniquingKeysWith: { first, _ in first })

        let factory = LiveTransportFactory(httpClient: client)
        // Drivers wait between a write and its read-back; the simulated firmware shows a new
        // setting at once, so no wait is needed (and none may pass on the manual clock).
        let sessions = MinerSessionPool(
            registry: env.registry, transports: { factory.transports(for: $0) }, sleep: { _ in }, logger: logger)
        var statusSettings = PollerConfiguration.status
        statusSettings.interval = config.statusInterval
        let status = StatusPoller(
            store: store, sessions: sessions, configuration: statusSettings, clock: env.clock, gate: factory.gate,
            now: now, logger: logger)
        guard let endpoint = PlantEndpoint(url: env.plantURL, plantID: env.plantID) else {
            throw BalanceScenarioError(description: "plant URL \(env.plantURL) is not an http(s) URL")
        }
        let plant = PlantPoller(
            configuration: .init(endpoint: endpoint, apiKey: env.plantKey, interval: config.plantInterval),
            transport: LiveHTTPTransport(host: endpoint.host, client: client, gate: MinerRequestGate()), store: store,
            clock: env.clock, now: now, logger: logger)
        let cache = PowerControlCache()
        let fleet = LiveFleetSnapshotProvider(
            store: store, sessions: sessions, cache: cache, clock: env.clock, now: now, logger: logger)
        let executor = LiveCommandExecutor(
            store: store, sessions: sessions, cache: cache, clock: env.clock, logger: logger)
        let balancer = BalancerService(
            configuration: config.balancer, fleet: fleet, executor: executor, plant: store, store: store,
            clock: env.clock, now: now, logger: logger)

        var run = BalanceScenarioReport(configuration: config, miners: records.count)
        var next = (plant: Duration.zero, status: Duration.zero, balancer: Duration.seconds(5), sample: Duration.zero)
        var extra: Duration?
        var actions = 0
        var time = Duration.zero
        while time <= config.duration {
            await env.advance(time)
            if time >= next.plant {
                let record = try await plant.poll()
                let collected = record.outcome == .usable ? record.dataTime.map { Self.offset($0, from: epoch) } : nil
                run.plantPolls.append(.init(time: time, collected: collected))
                next.plant += config.plantInterval
            }
            if time >= next.status {
                _ = try await status.runCycle()
                next.status += config.statusInterval
            }
            let scheduled = time >= next.balancer
            if scheduled || extra.map({ time >= $0 }) == true {
                let report = try await balancer.runCycle()
                extra = nil
                if scheduled { next.balancer += config.balancer.interval }
                if let staleAt = report.decision.staleAt {
                    let offset = Self.offset(staleAt, from: epoch)
                    if offset > time, offset < next.balancer { extra = offset }
                }
                actions += report.executed.count
                run.cycles.append(
                    .init(
                        time: time, phase: report.decision.status.phase.rawValue,
                        actions: report.executed.map {
                            .init(miner: $0.action.minerID, overridesCooldown: $0.action.overridesCooldown)
                        }))
            }
            if time >= next.sample {
                let phase = balancer.status
                run.samples.append(
                    .init(
                        time: time, budget: trueBudget(generation: env.generation()), consumption: env.consumption(),
                        generation: env.generation(), mode: phase?.phase.rawValue ?? "-", balancerBudget: phase?.budget,
                        actions: actions))
                actions = 0
                next.sample += config.sampleEvery
            }
            time = [next.plant, next.status, next.balancer, next.sample, extra ?? next.sample].min() ?? next.sample
        }
        run.commands = env.commands().compactMap { command in
            idByAddress[command.address].map { .init(miner: $0, time: command.time) }
        }
        return run
    }

    /// What the plant can really supply to the fleet now, by the configured policy.
    func trueBudget(generation: Watts) -> Watts {
        let policy = configuration.balancer.budget
        if let cap = policy.fixedCap { return cap }
        return Watts(max(0, generation.value * (1 - policy.safetyMargin) - policy.otherLoad.value))
    }

    static func milliseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }

    static func offset(_ time: UnixMillis, from epoch: UnixMillis) -> Duration {
        .milliseconds(time.rawValue - epoch.rawValue)
    }
}

/// The scenario could not run.
public struct BalanceScenarioError: Error, CustomStringConvertible {
    /// What went wrong.
    public var description: String
}
