/// An error raised by a ``FleetStore`` itself (database errors from the engine pass through
/// unchanged; GRDB keeps statement arguments, and so secrets, out of their descriptions).
///
/// A struct around a private code, like ``HiveProtocols/DriverError``: ask `kind`.
public struct StorageError: Error, Sendable, CustomStringConvertible {
    /// The kinds of failure.
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        fileprivate enum Code: String, Sendable, Hashable {
            case invalidInput = "invalid input"
            case unavailable = "unavailable"
            case internalInconsistency = "internal inconsistency"
        }
        fileprivate let code: Code
        /// The caller passed something the store cannot keep.
        public static let invalidInput = Kind(code: .invalidInput)
        /// The database could not be opened or written (path, permissions, disk).
        public static let unavailable = Kind(code: .unavailable)
        /// The store found itself in a state it should never be in.
        public static let internalInconsistency = Kind(code: .internalInconsistency)
        /// The kind in words.
        public var description: String { code.rawValue }
    }

    /// What went wrong.
    public var kind: Kind
    /// A short explanation.
    public var message: String
    /// The underlying error.
    public var underlying: (any Error)?

    /// Creates an error.
    public init(_ kind: Kind, _ message: String, underlying: (any Error)? = nil) {
        self.kind = kind
        self.message = message
        self.underlying = underlying
    }

    /// e.g. `storage: unavailable: cannot create ./data (permission denied)`.
    public var description: String {
        "storage: \(kind): \(message)" + (underlying.map { " (\($0))" } ?? "")
    }
}
