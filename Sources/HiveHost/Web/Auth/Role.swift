/// What a dashboard user or API token may do. Roles are ordered: each includes the one before.
///
/// - ``viewer`` reads everything except users, tokens and settings.
/// - ``operator`` also controls miners and overrides the power budget.
/// - ``admin`` also manages users, tokens and settings.
public enum Role: String, Sendable, Hashable, Codable, CaseIterable, Comparable, CustomStringConvertible {
    /// Read-only.
    case viewer
    /// Controls miners and the budget.
    case `operator`
    /// Manages users, tokens and settings.
    case admin

    /// Orders roles by what they allow.
    public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rank < rhs.rank }

    /// Whether this role includes `required`.
    public func allows(_ required: Role) -> Bool { self >= required }

    /// The stored and JSON spelling.
    public var description: String { rawValue }

    private var rank: Int {
        switch self {
        case .viewer: 0
        case .operator: 1
        case .admin: 2
        }
    }
}
