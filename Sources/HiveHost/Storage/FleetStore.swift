/// Where the host keeps its inventory, samples and secrets: the seam between pollers and a
/// database.
///
/// Pollers, discovery and the web server see only this protocol, so a PostgreSQL store can
/// replace ``SQLiteFleetStore`` without touching them. Methods are grouped by concern and take
/// arrays where callers naturally have many items (a discovery sweep, a poll cycle); the
/// single-item forms are in an extension.
///
/// ## Contract for implementations
///
/// - A write is committed when its call returns, and only then: a crash of the process loses
///   only writes whose calls had not returned. (How much survives a power cut is the
///   implementation's durability setting; see ``SQLiteFleetStore``.)
/// - A call that throws wrote nothing.
/// - Reads never wait for writes to finish, and never see half of a write call.
/// - Timestamps are whatever the caller passes; the store never reads a clock.
/// - No record or error description contains a secret.
///
/// ## Shape of what is still to come
///
/// Plant readings (`append(plantReadings:)`, `plantReadings(from:to:)`, keyed by reading
/// time, with the raw payload kept compressed), the audit log (`append(audit:)`,
/// `auditEvents(of:from:to:)`: who changed what on which miner, with outcome) and balancer
/// state (`balancerState()` / `save(balancerState:)`: pending changes, cooldowns, per-miner
/// policy as one small document) will follow the same pattern: typed records in
/// `Storage/Records`, one migration each.
public protocol FleetStore: Sendable {
    // MARK: Inventory

    /// Records what discovery found, applying the identity rules: a known MAC at a new
    /// address moves the miner (its old address stays in its history); a different MAC at a
    /// known address is a different miner, and the old one loses the address; a provisional
    /// (IP-only) miner is merged into the miner whose MAC or serial shows up at its address.
    /// Fields the result does not report keep their stored values.
    /// - Returns: one outcome per input, in order.
    func upsert(discovered: [DiscoveredMiner]) async throws -> [UpsertOutcome]

    /// Marks miners as answering: resets their miss count and sets them online.
    func recordSeen(_ miners: [MinerRecord.ID], at time: UnixMillis) async throws

    /// Counts a missed poll for each miner; a miner goes offline when its misses in a row
    /// reach `offlineAfter`. Unknown ids are skipped.
    func recordMisses(
        _ miners: [MinerRecord.ID], at time: UnixMillis, offlineAfter: Int
    ) async throws
        -> [MissOutcome]

    /// Stores the last error seen for a miner (`nil` clears it).
    func recordError(_ message: String?, for miner: MinerRecord.ID, at time: UnixMillis) async throws

    /// Sets whether PowerHive may change the miner's settings.
    func setManaged(_ managed: Bool, for miner: MinerRecord.ID) async throws

    /// Points the miner at a stored credential (`nil`: use the driver's defaults).
    func setCredentialRef(_ ref: String?, for miner: MinerRecord.ID) async throws

    /// Every miner, by id.
    func miners() async throws -> [MinerRecord]

    /// One miner.
    func miner(_ id: MinerRecord.ID) async throws -> MinerRecord?

    /// Every address a miner has answered at, oldest first.
    func addresses(of miner: MinerRecord.ID) async throws -> [MinerAddress]

    // MARK: Status samples

    /// Appends status samples. A sample for a (miner, time) already stored replaces it.
    func append(statuses: [StatusSample]) async throws

    /// The newest sample of every miner that has one, by miner id. One query, no history scan.
    func latestStatuses() async throws -> [StatusSample]

    /// A miner's samples with `from <= time < to`, oldest first, at most `limit`.
    func statusHistory(
        of miner: MinerRecord.ID, from: UnixMillis, to: UnixMillis, limit: Int?
    ) async throws
        -> [StatusSample]

    // MARK: Telemetry

    /// Appends board (and chip) snapshots. A board already stored for the same (miner, time)
    /// is replaced.
    func append(telemetry: [TelemetrySample]) async throws

    /// A miner's newest telemetry, chips included.
    func latestTelemetry(of miner: MinerRecord.ID) async throws -> TelemetrySample?

    /// A miner's telemetry with `from <= time < to`, oldest first; chips only when asked.
    func telemetryHistory(
        of miner: MinerRecord.ID, from: UnixMillis, to: UnixMillis, includeChips: Bool
    )
        async throws -> [TelemetrySample]

    // MARK: Credentials

    /// The credential stored under `ref`.
    func credential(_ ref: String) async throws -> CredentialRecord?

    /// Stores a credential, replacing any under the same ref.
    func save(credential: CredentialRecord) async throws

    /// Deletes the credential under `ref`, if any.
    func deleteCredential(_ ref: String) async throws

    // MARK: Maintenance

    /// Row counts and sizes per table. Counting rows reads every table, so this is for an
    /// operator's occasional look, not for a dashboard refresh.
    func stats() async throws -> StorageStats

    /// Writes a consistent copy of the whole store to `path` while the store keeps running.
    /// The file appears at `path` only once complete.
    func backup(to path: String) async throws

    /// Deletes status and telemetry samples older than `time`.
    /// - Returns: the number of rows deleted.
    func deleteHistory(before time: UnixMillis) async throws -> Int
}

/// One address a miner has answered at.
public struct MinerAddress: Sendable, Hashable {
    /// The address.
    public var ip: String
    /// First answer there.
    public var firstSeen: UnixMillis
    /// Last answer there.
    public var lastSeen: UnixMillis

    /// Creates an entry.
    public init(ip: String, firstSeen: UnixMillis, lastSeen: UnixMillis) {
        self.ip = ip
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
    }
}
