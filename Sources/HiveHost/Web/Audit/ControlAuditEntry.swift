/// One entry of the web audit log: a person or script changed something (a miner setting, a
/// user, a token, the budget), from where, with what, and what came of it.
///
/// Parameters hold only non-secret values (watts, preset name, role): never a password or token.
public struct ControlAuditEntry: Sendable, Hashable {
    /// The store's key; `nil` before it is stored.
    public var id: Int64?
    /// When it happened.
    public var time: UnixMillis
    /// Who: `user:<name>`, `token:<name>` or `local` (see ``Principal/actor``).
    public var actor: String
    /// The client's address, when known.
    public var remoteIP: String?
    /// The miner, for miner actions.
    public var minerID: MinerRecord.ID?
    /// What, e.g. `reboot`, `set_power_target`, `user_create`, `token_delete`, `budget_override`.
    public var action: String
    /// With what (non-secret values only).
    public var parameters: [String: String]
    /// The result, e.g. `verified`, `pending`, `rejected`, `failed`, `ok`.
    public var outcome: String
    /// An explanation.
    public var detail: String?

    /// Creates an entry.
    public init(
        id: Int64? = nil, time: UnixMillis, actor: String, remoteIP: String? = nil, minerID: MinerRecord.ID? = nil,
        action: String, parameters: [String: String] = [:], outcome: String, detail: String? = nil
    ) {
        self.id = id
        self.time = time
        self.actor = actor
        self.remoteIP = remoteIP
        self.minerID = minerID
        self.action = action
        self.parameters = parameters
        self.outcome = outcome
        self.detail = detail
    }
}

/// Where the web server records who changed what. Append-only: there is no update or delete.
public protocol ControlAuditLog: Sendable {
    /// Stores an entry. - Returns: it, with its id.
    @discardableResult
    func append(_ entry: ControlAuditEntry) async throws -> ControlAuditEntry

    /// Entries with `from <= time < to`, of one miner or all, newest first, at most `limit`.
    func entries(
        miner: MinerRecord.ID?, from: UnixMillis, to: UnixMillis, limit: Int
    ) async throws
        -> [ControlAuditEntry]
}
