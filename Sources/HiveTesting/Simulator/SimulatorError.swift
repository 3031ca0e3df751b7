/// An error from the simulator: an invalid configuration, a socket that would not bind, or a
/// request about a miner the fleet does not have.
///
/// A struct around a private code, so kinds can be added without breaking anyone; compare
/// `kind`. The message names the problem (the bad mix entry, the range, the address).
public struct SimulatorError: Error, Sendable, CustomStringConvertible {
    /// The kinds of simulator error.
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        fileprivate enum Code: String, Sendable, Hashable {
            case invalidConfiguration = "invalid configuration"
            case bindFailed = "bind failed"
            case unknownMiner = "unknown miner"
            case stopped = "stopped"
        }
        fileprivate let code: Code
        /// The configuration (or a string being parsed into one) is invalid.
        public static let invalidConfiguration = Kind(code: .invalidConfiguration)
        /// A listening socket could not be opened.
        public static let bindFailed = Kind(code: .bindFailed)
        /// No miner matches the index or address given.
        public static let unknownMiner = Kind(code: .unknownMiner)
        /// The fleet or plant was already stopped.
        public static let stopped = Kind(code: .stopped)
        public var description: String { code.rawValue }
    }

    /// What went wrong.
    public var kind: Kind
    /// What exactly, in words.
    public var message: String
    /// The underlying error, if any.
    public var underlying: (any Error & Sendable)?

    /// Creates an error.
    public init(_ kind: Kind, _ message: String, underlying: (any Error & Sendable)? = nil) {
        self.kind = kind
        self.message = message
        self.underlying = underlying
    }

    public var description: String {
        "\(kind): \(message)" + (underlying.map { " (\($0))" } ?? "")
    }

    static func invalid(_ message: String) -> SimulatorError {
        SimulatorError(.invalidConfiguration, message)
    }
}
