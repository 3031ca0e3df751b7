/// How big the store is, table by table, and how fast its time series grow.
public struct StorageStats: Sendable, Hashable {
    /// One table.
    public struct Table: Sendable, Hashable {
        /// Table name.
        public var name: String
        /// Rows in it.
        public var rows: Int
        /// Bytes on disk for the table and its indexes; `nil` when the database cannot say
        /// (SQLite built without the `dbstat` table).
        public var bytes: Int?
        /// For a time-series table (one with a `ts_ms` or `bucket_ms` column): the oldest and
        /// newest time in it; `nil` for other tables and empty ones.
        public var timeSpan: ClosedRange<UnixMillis>?
        /// For a time-series table: rows whose time is within the 24 hours up to its newest.
        public var rowsInLastDay: Int?

        /// Creates a table entry.
        public init(
            name: String, rows: Int, bytes: Int?, timeSpan: ClosedRange<UnixMillis>? = nil, rowsInLastDay: Int? = nil
        ) {
            self.name = name
            self.rows = rows
            self.bytes = bytes
            self.timeSpan = timeSpan
            self.rowsInLastDay = rowsInLastDay
        }

        /// Estimated growth per day of a time-series table: when it spans at least a day, the
        /// rows of its last 24 hours; otherwise its rows scaled from its span to a day. Bytes
        /// per day are the table's bytes per row times rows per day. `nil` when the table is
        /// not a time series or its span is zero (a single time).
        public var growthPerDay: Growth? {
            guard let timeSpan, rows > 0 else { return nil }
            let span = timeSpan.upperBound.rawValue - timeSpan.lowerBound.rawValue
            let rowsPerDay: Double
            if span >= Self.dayMillis, let rowsInLastDay {
                rowsPerDay = Double(rowsInLastDay)
            } else if span > 0 {
                rowsPerDay = Double(rows) * Double(Self.dayMillis) / Double(span)
            } else {
                return nil
            }
            return Growth(rows: rowsPerDay, bytes: bytes.map { Double($0) / Double(rows) * rowsPerDay })
        }

        static let dayMillis: Int64 = 86_400_000
    }

    /// Growth of a table per day.
    public struct Growth: Sendable, Hashable {
        /// Rows added per day.
        public var rows: Double
        /// Bytes added per day (`nil` when the table's size is unknown).
        public var bytes: Double?

        /// Creates a growth figure.
        public init(rows: Double, bytes: Double?) {
            self.rows = rows
            self.bytes = bytes
        }
    }

    /// The tables, by name.
    public var tables: [Table]
    /// Bytes of the whole database (pages in use and free pages).
    public var totalBytes: Int
    /// Bytes in free pages, reclaimable by vacuuming.
    public var freeBytes: Int

    /// Creates stats.
    public init(tables: [Table], totalBytes: Int, freeBytes: Int) {
        self.tables = tables
        self.totalBytes = totalBytes
        self.freeBytes = freeBytes
    }

    /// The entry for `name`, if the store has that table.
    public subscript(table name: String) -> Table? { tables.first { $0.name == name } }

    /// Bytes per day summed over the time-series tables whose growth is known.
    public var bytesPerDay: Double? {
        let known = tables.compactMap { $0.growthPerDay?.bytes }
        return known.isEmpty ? nil : known.reduce(0, +)
    }
}
