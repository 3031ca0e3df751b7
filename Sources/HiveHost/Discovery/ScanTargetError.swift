/// Scan target entries that could not be used, every bad entry named (not just the first).
///
/// A configuration error: thrown by ``ScanTargets/init(_:configuration:)`` and by
/// ``AddressRange/init(_:maximumAddresses:)`` (with one problem).
public struct ScanTargetError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Why an entry was refused.
    public struct Reason: Sendable, Hashable, CustomStringConvertible {
        fileprivate enum Code: String, Sendable, Hashable {
            case invalid = "invalid"
            case tooLarge = "too large"
        }
        fileprivate let code: Code
        /// Not a CIDR block, a range or an address.
        public static let invalid = Reason(code: .invalid)
        /// More addresses than the configured maximum per entry.
        public static let tooLarge = Reason(code: .tooLarge)
        public var description: String { code.rawValue }
    }

    /// One refused entry.
    public struct Problem: Sendable, Hashable, CustomStringConvertible {
        /// The entry as written (trimmed).
        public var entry: String
        /// Why it was refused.
        public var reason: Reason
        /// A short explanation, e.g. "prefix length must be 0-32".
        public var detail: String

        /// Creates a problem.
        public init(entry: String, reason: Reason, detail: String) {
            self.entry = entry
            self.reason = reason
            self.detail = detail
        }

        /// e.g. `'10.0.0.0/33': invalid: prefix length must be 0-32`.
        public var description: String { "'\(entry)': \(reason): \(detail)" }
    }

    /// Every refused entry, in the order given.
    public var problems: [Problem]

    /// Creates an error.
    public init(problems: [Problem]) {
        self.problems = problems
    }

    /// Names each refused entry with its reason.
    public var description: String {
        let noun = problems.count == 1 ? "entry" : "entries"
        return "unusable scan target \(noun): " + problems.map(\.description).joined(separator: "; ")
    }
}
