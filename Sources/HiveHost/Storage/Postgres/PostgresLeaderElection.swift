import Logging
import NIOConcurrencyHelpers
public import PostgresNIO
public import ServiceLifecycle

/// Leader election between instances sharing one PostgreSQL database: the leader is the
/// instance holding a session-level advisory lock on a dedicated connection (outside the
/// pool, so no query of the pool can release or block it).
///
/// Every `retryInterval` a follower tries `pg_try_advisory_lock`; the leader checks that its
/// connection still answers. When the leader's process dies or its connection breaks, the server
/// releases the lock at once (a dead network path: once the server's TCP keepalive gives up),
/// and a follower takes it at its next try — so with `retryInterval` at most half the balancer's
/// interval, another instance leads within two balancer cycles. A leader that loses its
/// connection stops leading before it reconnects. On graceful shutdown the lock is released.
public final class PostgresLeaderElection: Service, Sendable {
    /// Advisory lock key of the balancer's leadership.
    public static let balancerLock: Int64 = 0x5048_4241_4C  // "PHBAL"

    private let connection: PostgresConnection.Configuration
    private let key: Int64
    private let retryInterval: Duration
    private let instanceID: String
    private let timeline: Timeline
    private let logger: Logger
    private let leading = NIOLockedValueBox(false)
    private let onChange: (@Sendable (Bool) -> Void)?

    /// Creates an election over `store`'s database; nothing happens until `run()`. `onChange`
    /// is told each time this instance gains or loses the lead (the daemon's `/metrics`).
    public init(
        store: PostgresFleetStore, instanceID: String, key: Int64 = PostgresLeaderElection.balancerLock,
        retryInterval: Duration = .seconds(5), clock: any Clock<Duration> = ContinuousClock(), logger: Logger,
        onChange: (@Sendable (_ leading: Bool) -> Void)? = nil
    ) {
        self.onChange = onChange
        self.connection = store.configuration.connection
        self.key = key
        self.retryInterval = retryInterval
        self.instanceID = instanceID
        self.timeline = Timeline(clock)
        var logger = logger
        logger[metadataKey: "instance"] = "\(instanceID)"
        self.logger = logger
    }

    /// Whether this instance holds the lock now.
    public var isLeader: Bool { leading.withLockedValue { $0 } }

    /// Campaigns until cancelled or shut down gracefully, reconnecting after failures.
    public func run() async throws {
        while running {
            do {
                let session = try await PostgresConnection.connect(configuration: connection, id: 2, logger: logger)
                do {
                    try await hold(session)
                    try await session.close()
                } catch {
                    if !session.isClosed { try? await session.close() }
                    throw error
                }
            } catch {
                if leading.withLockedValue({ $0 }) {
                    logger.warning("lost the leader lock: \(PostgresServerError(error))")
                }
                setLeading(false)
                if running { logger.warning("leader election: \(PostgresServerError(error)); retrying") }
            }
            guard await pause() else { break }
        }
        setLeading(false)
    }

    /// Sets the state, telling `onChange` when it changed.
    private func setLeading(_ value: Bool) {
        let changed = leading.withLockedValue { current -> Bool in
            defer { current = value }
            return current != value
        }
        if changed { onChange?(value) }
    }

    /// Tries for the lock (or checks the held one) every `retryInterval` until shutdown; throws
    /// when the connection fails. Releases a held lock on the way out.
    private func hold(_ session: PostgresConnection) async throws {
        while running {
            // A session the server ended (or whose socket closed) holds no lock any more.
            guard !session.isClosed else { throw StorageError(.unavailable, "the leader connection closed") }
            if leading.withLockedValue({ $0 }) {
                try await session.execute(PostgresStatement("SELECT 1"), logger: logger)
            } else {
                let got =
                    try await session.rows(
                        PostgresStatement("SELECT pg_try_advisory_lock($1) AS held", [.int(key)]), logger: logger
                    ) { try $0.bool("held") }.first ?? false
                if got {
                    setLeading(true)
                    logger.notice("instance \(instanceID) leads (advisory lock \(key))")
                }
            }
            guard await pause() else { break }
        }
        if leading.withLockedValue({ $0 }) {
            setLeading(false)
            guard !session.isClosed else { return }
            try await session.execute(PostgresStatement("SELECT pg_advisory_unlock($1)", [.int(key)]), logger: logger)
            logger.notice("instance \(instanceID) stepped down")
        }
    }

    private var running: Bool { !Task.isCancelled && !Task.isShuttingDownGracefully }

    private func pause() async -> Bool {
        do {
            try await cancelWhenGracefulShutdown {
                try await self.timeline.sleep(until: self.timeline.now + self.retryInterval)
            }
        } catch {
            return false
        }
        return running
    }
}
