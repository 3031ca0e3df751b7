extension RetentionService {
    /// Rolls up complete hours not yet rolled up, oldest first, at most
    /// `maxRollupHoursPerRun`.
    ///
    /// - Returns: the start of the first hour not rolled up yet (raw samples from there on
    ///   must be kept), or `nil` when there are no samples at all.
    func rollUp(at time: UnixMillis, into report: inout RetentionReport) async throws -> UnixMillis? {
        let hour = RollupResolution.hour
        let complete = hour.bucket(of: time.minus(configuration.rollupSettle))  // hours before this are complete
        var next: UnixMillis
        if let latest = try await store.latestRollupBucket(.hour) {
            next = latest.adding(milliseconds: hour.milliseconds)
        } else if let oldest = try await store.oldestStatusTime() {
            next = hour.bucket(of: oldest)
        } else {
            return nil
        }
        while next < complete, report.hoursRolledUp < max(0, configuration.maxRollupHoursPerRun) {
            try Task.checkCancellation()
            let end = next.adding(milliseconds: hour.milliseconds)
            let rollups = Self.rollups(of: try await store.allStatuses(from: next, to: end), hour: next)
            try await store.append(rollups: rollups)
            report.rollupsWritten += rollups.count
            report.hoursRolledUp += 1
            next = end
        }
        return next
    }

    /// One hour's rollups: five-minute and hourly, per miner and for the fleet; an hour
    /// without samples still gets an (empty) hourly fleet rollup as its marker.
    static func rollups(of samples: [StatusSample], hour: UnixMillis) -> [StatusRollup] {
        let fine = Rollups.all(samples, resolution: .fiveMinutes)
        var hourly = Rollups.merge(fine, into: .hour)
        if !hourly.contains(where: { $0.scope == .fleet }) {
            hourly.insert(StatusRollup(scope: .fleet, resolution: .hour, bucket: hour), at: 0)
        }
        return fine + hourly
    }
}
