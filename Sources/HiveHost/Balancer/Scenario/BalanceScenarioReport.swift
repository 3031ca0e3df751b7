public import HiveProtocols

/// What a ``BalanceScenario`` run recorded: ground truth sampled over time, every plant poll,
/// every balancer cycle and every command the miners received, judged by ``checks``.
public struct BalanceScenarioReport: Sendable {
    /// Ground truth at one instant.
    public struct Sample: Sendable, Hashable {
        /// Time from the start.
        public var time: Duration
        /// What the plant can supply to the fleet (generation by the budget policy).
        public var budget: Watts
        /// The fleet's real draw.
        public var consumption: Watts
        /// The plant's real generation.
        public var generation: Watts
        /// The balancer's phase (`reducing`, `fail_safe`…).
        public var mode: String
        /// The budget the balancer works to (the fail-safe level during the fail-safe).
        public var balancerBudget: Watts?
        /// Commands sent since the previous sample.
        public var actions: Int
    }

    /// One plant poll.
    public struct PlantPoll: Sendable, Hashable {
        /// When.
        public var time: Duration
        /// The data time of a usable reading (from the start); `nil` when not usable.
        public var collected: Duration?
    }

    /// One balancer cycle.
    public struct Cycle: Sendable, Hashable {
        /// A command sent.
        public struct Action: Sendable, Hashable {
            /// The miner.
            public var miner: MinerRecord.ID
            /// Whether it ignored the miner's cooldown (an emergency).
            public var overridesCooldown: Bool
        }

        /// When.
        public var time: Duration
        /// The phase it decided.
        public var phase: String
        /// Commands sent.
        public var actions: [Action]
    }

    /// A command a miner received (ground truth).
    public struct Command: Sendable, Hashable {
        /// The miner.
        public var miner: MinerRecord.ID
        /// When, from the start.
        public var time: Duration
    }

    /// The scenario's settings.
    public let configuration: BalanceScenario.Configuration
    /// Miners in the fleet.
    public let miners: Int
    /// Ground truth over time.
    public var samples: [Sample] = []
    /// Every plant poll.
    public var plantPolls: [PlantPoll] = []
    /// Every balancer cycle.
    public var cycles: [Cycle] = []
    /// Every command received.
    public var commands: [Command] = []

    /// Creates an empty report.
    public init(configuration: BalanceScenario.Configuration, miners: Int) {
        self.configuration = configuration
        self.miners = miners
    }

    /// CSV: `t_s,budget_w,consumption_w,generation_w,mode,actions,balancer_budget_w`.
    public var csv: String {
        var text = "t_s,budget_w,consumption_w,generation_w,mode,actions,balancer_budget_w\n"
        for sample in samples {
            let fields = [
                Self.number(Self.seconds(sample.time)), Self.number(sample.budget.value),
                Self.number(sample.consumption.value), Self.number(sample.generation.value), sample.mode,
                "\(sample.actions)", sample.balancerBudget.map { Self.number($0.value) } ?? "",
            ]
            text += fields.joined(separator: ",") + "\n"
        }
        return text
    }

    static func seconds(_ duration: Duration) -> Double {
        let (whole, attoseconds) = duration.components
        return Double(whole) + Double(attoseconds) / 1e18
    }

    static func number(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int64(rounded)) : String(rounded)
    }
}
