import HiveProtocols

/// Why a poll failed, as recorded on the miner and counted in the cycle report.
struct PollFailure: Sendable, Hashable, CustomStringConvertible {
    /// The kinds counted apart in the log line.
    enum Kind: String, Sendable, Hashable {
        case timedOut = "timed out"
        case unreachable
        case failed
    }

    var kind: Kind
    /// A short, secret-free explanation starting with the kind of failure, e.g.
    /// `timed out: no answer within 10.00 s`, `unreachable: connection refused [GET /summary]`.
    var description: String

    /// The per-miner deadline passed.
    static func deadline(_ duration: Duration) -> PollFailure {
        PollFailure(kind: .timedOut, description: "timed out: no answer within \(CycleReport.seconds(duration)) s")
    }

    /// Classifies an error: `DriverError` kinds map onto the counted kinds, described without
    /// the miner's address and driver (the record has both); anything else is a plain failure
    /// described in at most 160 characters.
    init(_ error: any Error) {
        if var error = error as? DriverError {
            kind = error.kind == .timedOut ? .timedOut : error.kind == .unreachable ? .unreachable : .failed
            error.endpoint = nil
            error.driver = nil
            description = error.description
        } else if error is CancellationError {
            kind = .failed
            description = "cancelled"
        } else {
            kind = .failed
            let text = String(describing: error)
            description = "failed: " + (text.count > 160 ? String(text.prefix(160)) + "…" : text)
        }
    }

    init(kind: Kind, description: String) {
        self.kind = kind
        self.description = description
    }
}
