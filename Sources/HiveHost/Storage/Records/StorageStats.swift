/// How big the store is, table by table.
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

        /// Creates a table entry.
        public init(name: String, rows: Int, bytes: Int?) {
            self.name = name
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
}
