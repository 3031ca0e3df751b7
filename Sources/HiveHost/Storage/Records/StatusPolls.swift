/// What the `statuses` table holds, poll by poll: how many distinct poll times, over which
/// span, and how many rows each poll has. A status cycle writes one row per polled miner at
/// one time in one transaction, so after any crash every poll time has all of its rows.
public struct StatusPolls: Sendable, Hashable {
    /// Distinct poll times.
    public var polls: Int
    /// Rows in all.
    public var rows: Int
    /// The oldest poll time.
    public var first: UnixMillis?
    /// The newest poll time.
    public var last: UnixMillis?
    /// Rows of the poll with the fewest.
    public var fewestRows: Int?
    /// Rows of the poll with the most.
    public var mostRows: Int?

    /// Creates a summary.
    public init(
        polls: Int, rows: Int, first: UnixMillis?, last: UnixMillis?, fewestRows: Int?, mostRows: Int?
    ) {
        self.polls = polls
        self.rows = rows
        self.first = first
        self.last = last
        self.fewestRows = fewestRows
        self.mostRows = mostRows
    }
}
