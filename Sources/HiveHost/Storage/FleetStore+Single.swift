extension FleetStore {
    /// Records one discovery result; see ``FleetStore/upsert(discovered:)``.
    public func upsert(discovered: DiscoveredMiner) async throws -> UpsertOutcome {
        let outcomes = try await upsert(discovered: [discovered])
        guard let outcome = outcomes.first else {
            throw StorageError(.internalInconsistency, "upsert returned no outcome")
        }
        return outcome
    }

    /// Marks one miner as answering.
    public func recordSeen(_ miner: MinerRecord.ID, at time: UnixMillis) async throws {
        try await recordSeen([miner], at: time)
    }

    /// Counts a missed poll; the miner goes offline at `offlineAfter` misses in a row
    /// (default 3). `nil` for an unknown miner.
    @discardableResult
    public func recordMiss(
        _ miner: MinerRecord.ID, at time: UnixMillis, offlineAfter: Int = 3
    ) async throws
        -> MissOutcome?
    {
        try await recordMisses([miner], at: time, offlineAfter: offlineAfter).first
    }

    /// Appends one status sample.
    public func append(status: StatusSample) async throws {
        try await append(statuses: [status])
    }

    /// Appends one telemetry sample.
    public func append(telemetry: TelemetrySample) async throws {
        try await append(telemetry: [telemetry])
    }
}
