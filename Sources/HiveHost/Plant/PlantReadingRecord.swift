public import HiveProtocols

/// One attempt to read the plant API, as stored (`plant_readings`): the parsed sample when
/// there is one, whether the balancer may use it, and the raw body for later inspection.
public struct PlantReadingRecord: Sendable, Hashable, Codable {
    /// What became of the attempt.
    public enum Outcome: String, Sendable, Hashable, Codable {
        /// Parsed, sane and trusted: the balancer may use it.
        case usable
        /// Parsed and sane, but not to be used (low trust, no healthy generation source).
        case unusable
        /// No reading: transport error, HTTP error, unparseable or rejected by the sanity guard.
        case failed
    }

    /// When PowerHive received the reply (or gave up), local wall time.
    public var receivedAt: UnixMillis
    /// The outcome.
    public var outcome: Outcome
    /// Why it is unusable or failed; `nil` when usable.
    public var reason: String?
    /// HTTP status, when a response arrived.
    public var httpStatus: Int?
    /// The parsed sample (present for `usable` and `unusable`).
    public var sample: PlantSample?
    /// The body exactly as received (capped by the poller), when a response arrived.
    public var rawBody: [UInt8]?

    /// Creates a record.
    public init(
        receivedAt: UnixMillis, outcome: Outcome, reason: String? = nil, httpStatus: Int? = nil,
        sample: PlantSample? = nil, rawBody: [UInt8]? = nil
    ) {
        self.receivedAt = receivedAt
        self.outcome = outcome
        self.reason = reason
        self.httpStatus = httpStatus
        self.sample = sample
        self.rawBody = rawBody
    }

    /// The moment the data describes, for freshness: the service's `collection_timestamp`,
    /// but never later than when it was received (a plant clock running ahead must not make
    /// data look fresher than it is). `nil` without a sample.
    public var dataTime: UnixMillis? {
        sample.map { min($0.collectedAt, receivedAt) }
    }
}

/// Where plant readings go, and where the balancer finds the newest usable one.
///
/// Same contract as ``FleetStore``: durable when the call returns, timestamps are the
/// caller's, no secret in any record. ``InMemoryPlantReadingStore`` is the test and simulator
/// implementation; ``SQLiteFleetStore`` stores them (`Docs/BalancerStorage.md`).
public protocol PlantReadingStore: Sendable {
    /// Appends one attempt.
    func append(plantReading: PlantReadingRecord) async throws
    /// The newest record whose outcome is `usable`.
    func latestUsablePlantReading() async throws -> PlantReadingRecord?
    /// The newest record of any outcome.
    func latestPlantReading() async throws -> PlantReadingRecord?
    /// Records with `from <= receivedAt < to`, oldest first, at most `limit`.
    func plantReadings(from: UnixMillis, to: UnixMillis, limit: Int?) async throws -> [PlantReadingRecord]
}
