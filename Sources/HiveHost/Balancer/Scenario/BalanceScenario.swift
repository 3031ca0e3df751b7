import AsyncHTTPClient
import Foundation
public import HiveProtocols
public import Logging

/// The balancer's end-to-end proof, reusable by tests and `powerhive simulate-balance`: the
/// real status poller, plant poller and balancer (with the live snapshot provider and command
/// executor) against a fleet and a plant API reached over sockets, on a clock the scenario moves
/// itself, so a simulated hour runs in seconds.
///
/// The scenario does not know the simulator (HiveHost never imports HiveTesting): the caller
/// starts the fleet and plant and hands over an ``Environment`` of closures (advance the shared
/// clock, read the ground truth). ``run(logger:)`` inserts the miners as known (no discovery),
/// then drives the loops in order at their intervals — plant poll, status poll, balancer cycle,
/// plus the balancer's extra cycle at the moment plant data goes stale — sampling ground truth
/// every `sampleEvery`, and returns a ``BalanceScenarioReport`` that judges the run.
public struct BalanceScenario: Sendable {
    /// One event of the script.
    public struct Step: Sendable, Hashable {
        /// What happens.
        public enum Kind: Sendable, Hashable {
            /// Generation changes to `factor` × the previous level.
            case budget(factor: Double)
            /// The plant API stops answering for `duration`.
            case outage(duration: Duration)
        }

        /// A short name for the report.
        public var name: String
        /// When, from the start.
        public var at: Duration
        /// What.
        public var kind: Kind

        /// Creates a step.
        public init(name: String, at: Duration, kind: Kind) {
            self.name = name
            self.at = at
            self.kind = kind
        }
    }

    /// Settings.
    public struct Configuration: Sendable {
        /// Status poll interval.
        public var statusInterval: Duration
        /// Plant poll interval.
        public var plantInterval: Duration
        /// The balancer: interval, state machine (cooldown, staleness, fail-safe level) and budget.
        public var balancer: BalancerService.Configuration
        /// How long a miner takes to apply a change (the simulated firmware's delay).
        public var firmwareDelay: Duration
        /// The script.
        public var steps: [Step]
        /// When the run ends.
        public var duration: Duration
        /// Ground truth is sampled this often.
        public var sampleEvery: Duration
        /// Steady state: at most this fraction under the budget.
        public var steadyTolerance: Double
        /// Steady state is judged over this last part of each phase.
        public var steadyWindow: Duration

        /// The scenario: steady, budget −30 % at 10 min, +20 % at 30 min, a 5-minute plant
        /// outage at 45 min, then recovery until 80 min; 20 s firmware delay, 10 min cooldown,
        /// fail-safe at `failSafeLevel`, no action within `deadband` under the budget (pick it
        /// well above the fleet's measurement noise).
        public static func standard(failSafeLevel: Watts?, restoreBatchSize: Int?, deadband: Watts) -> Configuration {
            Configuration(
                statusInterval: .seconds(60), plantInterval: .seconds(30),
                balancer: BalancerService.Configuration(
                    interval: .seconds(60),
                    machine: BalancerStateMachine.Configuration(
                        deadband: deadband, cooldownSeconds: 600, staleAfterSeconds: 180,
                        failSafeLevel: failSafeLevel, restoreBatchSize: restoreBatchSize),
                    budget: BudgetPolicy(source: .generation, safetyMargin: 0.05)),
                firmwareDelay: .seconds(20),
                steps: [
                    Step(name: "budget -30%", at: .seconds(600), kind: .budget(factor: 0.7)),
                    Step(name: "budget +20%", at: .seconds(1800), kind: .budget(factor: 1.2)),
                    Step(name: "plant outage 5 min", at: .seconds(2700), kind: .outage(duration: .seconds(300))),
                ],
                duration: .seconds(4800), sampleEvery: .seconds(5), steadyTolerance: 0.02, steadyWindow: .seconds(180))
        }

        /// Creates settings.
        public init(
            statusInterval: Duration, plantInterval: Duration, balancer: BalancerService.Configuration,
            firmwareDelay: Duration, steps: [Step], duration: Duration, sampleEvery: Duration, steadyTolerance: Double,
            steadyWindow: Duration
        ) {
            self.statusInterval = statusInterval
            self.plantInterval = plantInterval
            self.balancer = balancer
            self.firmwareDelay = firmwareDelay
            self.steps = steps
            self.duration = duration
            self.sampleEvery = sampleEvery
            self.steadyTolerance = steadyTolerance
            self.steadyWindow = steadyWindow
        }

        /// Generation after each step, from `initial` (kW), as (time, kW) steps.
        public func generationSteps(initial: Double) -> [(at: Duration, kilowatts: Double)] {
            var level = initial
            var result: [(at: Duration, kilowatts: Double)] = []
            for step in steps {
                guard case .budget(let factor) = step.kind else { continue }
                level *= factor
                result.append((step.at, level))
            }
            return result
        }

        /// The outage windows of the script.
        public var outages: [Range<Duration>] {
            steps.compactMap { step in
                guard case .outage(let duration) = step.kind else { return nil }
                return step.at..<(step.at + duration)
            }
        }
    }

    /// The world the scenario runs in.
    public struct Environment: Sendable {
        /// The miners to insert as known.
        public var miners: [DiscoveredMiner]
        /// The plant API URL (`http://…/data/latest`), its key and plant id.
        public var plantURL: String
        /// Bearer key.
        public var plantKey: Secret
        /// `plant_id`.
        public var plantID: String
        /// The driver registry.
        public var registry: DriverRegistry
        /// The clock every service runs on (the one `advance` moves).
        public var clock: any Clock<Duration>
        /// Unix time at offset zero.
        public var epoch: UnixMillis
        /// Moves the clock to this offset from the start (never backwards).
        public var advance: @Sendable (Duration) async -> Void
        /// Time since the start on the clock.
        public var elapsed: @Sendable () -> Duration
        /// The fleet's real draw now.
        public var consumption: @Sendable () -> Watts
        /// The plant's real generation now.
        public var generation: @Sendable () -> Watts
        /// Every control command the miners received: (address, time from the start).
        public var commands: @Sendable () -> [(address: String, time: Duration)]

        /// Creates an environment.
        public init(
            miners: [DiscoveredMiner], plantURL: String, plantKey: Secret, plantID: String, registry: DriverRegistry,
            clock: any Clock<Duration>, epoch: UnixMillis, advance: @escaping @Sendable (Duration) async -> Void,
            elapsed: @escaping @Sendable () -> Duration, consumption: @escaping @Sendable () -> Watts,
            generation: @escaping @Sendable () -> Watts,
            commands: @escaping @Sendable () -> [(address: String, time: Duration)]
        ) {
            self.miners = miners
            self.plantURL = plantURL
            self.plantKey = plantKey
            self.plantID = plantID
            self.registry = registry
            self.clock = clock
            self.epoch = epoch
            self.advance = advance
            self.elapsed = elapsed
            self.consumption = consumption
            self.generation = generation
            self.commands = commands
        }
    }

    /// The settings.
    public let configuration: Configuration
    /// The world.
    public let environment: Environment
    /// Where the scenario's database goes.
    public let databasePath: String

    /// Creates a scenario.
    public init(configuration: Configuration, environment: Environment, databasePath: String) {
        self.configuration = configuration
        self.environment = environment
        self.databasePath = databasePath
    }

    /// Runs the script and returns the report (judge it with ``BalanceScenarioReport/checks``).
    /// - Throws: when the store cannot be opened or a loop's store write fails.
    public func run(logger: Logger) async throws -> BalanceScenarioReport {
        let store = try SQLiteFleetStore(configuration: .init(path: databasePath))
        let client = HTTPClientFactory.makeClient()
        do {
            let report = try await drive(store: store, client: client, logger: logger)
            try await client.shutdown()
            try store.close()
            return report
        } catch {
            try? await client.shutdown()
            try? store.close()
            throw error
        }
    }
}
