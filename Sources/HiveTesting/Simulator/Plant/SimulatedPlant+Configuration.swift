extension SimulatedPlant {
    /// What the plant API serves and when it misbehaves.
    public struct Configuration: Sendable {
        /// How an outage shows.
        public enum OutageKind: Sendable, Hashable {
            /// HTTP 503.
            case unavailable
            /// Connections are closed at once.
            case refused
        }

        /// A window of clock time when the API is down.
        public struct Outage: Sendable, Hashable {
            /// When.
            public var window: Range<Duration>
            /// How.
            public var kind: OutageKind
            /// Creates an outage.
            public init(_ window: Range<Duration>, kind: OutageKind = .unavailable) {
                self.window = window
                self.kind = kind
            }
        }

        /// A window of clock time when readings carry a low trust score.
        public struct TrustWindow: Sendable, Hashable {
            /// When.
            public var window: Range<Duration>
            /// `trust.confidence_score`.
            public var score: Double
            /// `trust.status`.
            public var status: String
            /// `trust.summary`.
            public var summary: String
            /// Creates a trust window.
            public init(
                _ window: Range<Duration>, score: Double, status: String = "untrusted",
                summary: String = "Source readings disagree"
            ) {
                self.window = window
                self.score = score
                self.status = status
                self.summary = summary
            }
        }

        /// The loopback address to listen on.
        public var host: String
        /// The port (0 = ephemeral; read the bound one from ``SimulatedPlant/port``).
        public var port: Int
        /// The `plant_id` the API answers for.
        public var plantID: String
        /// The bearer key clients must send.
        public var apiKey: String
        /// The path of the latest reading.
        public var path: String
        /// Generation over time, in kW.
        public var generation: GenerationProfile
        /// Generation sources and their shares of the total.
        public var sources: [(name: String, share: Double)]
        /// Consumption meters (the containers) and their shares of the fleet's draw.
        public var containers: [(name: String, share: Double)]
        /// Windows when the API is down.
        public var outages: [Outage]
        /// Windows when the API keeps serving the reading from the window's start
        /// (a stale `collection_timestamp`).
        public var staleWindows: [Range<Duration>]
        /// Windows of low trust.
        public var lowTrust: [TrustWindow]
        /// How often the service collects a new reading (the real one: about a minute); zero
        /// collects on every request.
        public var refreshInterval: Duration

        /// Creates a configuration. Defaults follow the recorded service
        /// (`plant-api/v2-reading/http__data_latest__id15.json`): two hydro sources, two
        /// containers.
        public init(
            host: String, port: Int = 8090, plantID: String = "complexo-paranhos",
            apiKey: String = "simulated-plant-key",
            path: String = "/data/latest", generation: GenerationProfile = .constant(kilowatts: 5_000),
            sources: [(name: String, share: Double)] = [("generoso", 0.49), ("nogueira", 0.51)],
            containers: [(name: String, share: Double)] = [("container_eles", 0.45), ("container_mazp", 0.55)],
            outages: [Outage] = [], staleWindows: [Range<Duration>] = [], lowTrust: [TrustWindow] = [],
            refreshInterval: Duration = .seconds(10)
        ) {
            self.host = host
            self.port = port
            self.plantID = plantID
            self.apiKey = apiKey
            self.path = path
            self.generation = generation
            self.sources = sources
            self.containers = containers
            self.outages = outages
            self.staleWindows = staleWindows
            self.lowTrust = lowTrust
            self.refreshInterval = refreshInterval
        }

        /// The outage at `time`, if any.
        func outage(at time: Duration) -> Outage? { outages.first { $0.window.contains(time) } }
    }
}
