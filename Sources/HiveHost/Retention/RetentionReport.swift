import Foundation

/// What one retention run did.
public struct RetentionReport: Sendable, Hashable, CustomStringConvertible {
    /// When the run started.
    public var startedAt: UnixMillis
    /// How long it took, on the service's clock.
    public var elapsed: Duration = .zero
    /// Hours of status samples rolled up.
    public var hoursRolledUp = 0
    /// Rollup rows written.
    public var rollupsWritten = 0
    /// Status samples deleted.
    public var deletedStatuses = 0
    /// Boards' chip readings deleted.
    public var deletedChipRows = 0
    /// Board snapshots deleted.
    public var deletedBoardSnapshots = 0
    /// Rollups deleted.
    public var deletedRollups = 0
    /// Plant readings deleted.
    public var deletedPlantReadings = 0
    /// Balancer audit entries deleted.
    public var deletedAuditEntries = 0
    /// Status samples packed into the store's dense form.
    public var packedStatuses = 0
    /// Delete and pack batches run (each its own short write).
    public var deleteBatches = 0
    /// Free pages returned to the file system.
    public var pagesReclaimed = 0
    /// The database's size after the run.
    public var databaseBytes: Int?

    /// Creates an empty report.
    public init(startedAt: UnixMillis) {
        self.startedAt = startedAt
    }

    /// One line for the log, e.g. `retention completed in 0.42 s: rolled up 1 h (2026
    /// rollups); deleted 1440 statuses, 24 chip rows, 0 board snapshots, 0 rollups, 120 plant
    /// readings, 0 audit entries in 3 batches; packed 60000 statuses; reclaimed 120 pages;
    /// database 812.5 MB`.
    public var logLine: String {
        var line = "retention completed in \(CycleReport.seconds(elapsed)) s: rolled up \(hoursRolledUp) h "
        line += "(\(rollupsWritten) rollups); deleted \(deletedStatuses) statuses, \(deletedChipRows) chip rows, "
        line += "\(deletedBoardSnapshots) board snapshots, \(deletedRollups) rollups, "
        line += "\(deletedPlantReadings) plant readings, \(deletedAuditEntries) audit entries "
        line += "in \(deleteBatches) batches; packed \(packedStatuses) statuses; "
        line += "reclaimed \(pagesReclaimed) pages"
        if let databaseBytes { line += "; database \(Self.megabytes(databaseBytes)) MB" }
        return line
    }

    /// Same as `logLine`.
    public var description: String { logLine }

    static func megabytes(_ bytes: Int) -> String {
        String(format: "%.1f", Double(bytes) / 1_000_000)
    }
}
