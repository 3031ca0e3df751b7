public import HiveProtocols
public import Logging
import NIOConcurrencyHelpers

/// One driver instance per known miner, shared by the pollers, discovery re-checks and
/// control, so state a driver keeps (a VNish session token, a learnt API generation) is
/// reused instead of being renegotiated on every request.
///
/// A miner's driver is created on first use from the registry (the stored driver id, with
/// the stored model and firmware version as the match), with transports from the factory and
/// credentials resolved in this order: the miner's stored credential (`credentialRef`), the
/// operator's credentials for the driver, the driver's defaults. It is replaced when any of
/// those inputs change (address, driver, credential ref, model, firmware version); call
/// ``invalidate(_:)`` when a stored secret changes under the same ref.
public final class MinerSessionPool: Sendable {
    /// Makes the HTTP and CGMiner transports for a miner address.
    public typealias Transports = @Sendable (String) -> (http: any HTTPTransport, cgminer: any CGMinerTransport)

    /// The drivers the host knows.
    public let registry: DriverRegistry
    private let transports: Transports
    private let credentialStore: any CredentialStore
    private let credentials: [DriverID: Credentials]
    private let store: (any FleetStore)?
    private let sleep: @Sendable (Duration) async throws -> Void
    private let logger: Logger
    private let sessions = NIOLockedValueBox([MinerRecord.ID: Session]())
    /// Miners whose last status or telemetry poll timed out, shared by the pollers so a miner
    /// the status poller found hung does not hold up a telemetry cycle either (and back).
    let unresponsive = MinerSet()

    /// What a session was built from; a different key means a new driver instance.
    private struct Key: Hashable {
        var ip: String
        var driver: DriverID
        var credentialRef: String?
        var model: String?
        var firmwareVersion: String?

        init(_ record: MinerRecord, ip: String) {
            self.ip = ip
            driver = record.driver
            credentialRef = record.credentialRef
            model = record.model
            firmwareVersion = record.firmwareVersion
        }
    }

    private struct Session {
        var key: Key
        var driver: any MinerDriver
    }

    /// Creates an empty pool.
    /// - Parameters:
    ///   - registry: The drivers to instantiate.
    ///   - transports: Makes the transports for an address (`LiveTransportFactory.transports(for:)`
    ///     in the daemon, so all drivers share one request gate).
    ///   - credentialStore: Where drivers persist secrets they create (``StoredCredentials``).
    ///   - credentials: Operator credentials per driver, used when a miner has no stored login.
    ///   - store: Where stored logins (`MinerRecord.credentialRef`) are looked up; `nil` to
    ///     skip that step.
    ///   - sleep: How drivers wait between a write and its read-back.
    ///   - logger: Base logger; each driver gets `miner.ip` and `driver` metadata.
    public init(
        registry: DriverRegistry, transports: @escaping Transports,
        credentialStore: any CredentialStore = InMemoryCredentialStore(), credentials: [DriverID: Credentials] = [:],
        store: (any FleetStore)? = nil,
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
        logger: Logger = Logger(label: "powerhive.sessions")
    ) {
        self.registry = registry
        self.transports = transports
        self.credentialStore = credentialStore
        self.credentials = credentials
        self.store = store
        self.sleep = sleep
        self.logger = logger
    }

    /// The driver for `miner`, created (or recreated) when needed.
    ///
    /// - Throws: `DriverError` `.unreachable` when the miner has no current address,
    ///   `.unsupported` when its driver is not in the registry; errors from looking up its
    ///   stored login.
    public func driver(for miner: MinerRecord) async throws -> any MinerDriver {
        guard let ip = miner.ip else {
            throw DriverError(.unreachable, "no current address", driver: miner.driver)
        }
        let key = Key(miner, ip: ip)
        if let existing = sessions.withLockedValue({ $0[miner.id] }), existing.key == key {
            return existing.driver
        }
        guard let driverType = registry.driver(miner.driver) else {
            throw DriverError(
                .unsupported, "no driver '\(miner.driver)' in this build", driver: miner.driver, endpoint: ip)
        }
        let login = try await resolveCredentials(for: miner, descriptor: driverType.descriptor)
        let descriptor = driverType.descriptor
        let match = DriverMatch(
            driver: descriptor.id, model: miner.model, firmwareVersion: miner.firmwareVersion, confidence: .high,
            isStock: descriptor.isStock)
        var driverLogger = logger
        driverLogger[metadataKey: "miner.ip"] = "\(ip)"
        driverLogger[metadataKey: "driver"] = "\(descriptor.id)"
        let (http, cgminer) = transports(ip)
        let context = DriverContext(
            host: ip, http: http, cgminer: cgminer, credentials: login, credentialStore: credentialStore, match: match,
            sleep: sleep, logger: driverLogger)
        let created = driverType.init(context: context)
        // Another task may have created one meanwhile: keep the first so both share it.
        return sessions.withLockedValue { sessions in
            if let raced = sessions[miner.id], raced.key == key { return raced.driver }
            sessions[miner.id] = Session(key: key, driver: created)
            return created
        }
    }

    /// Forgets the driver of `miner` (the next use creates a new one).
    public func invalidate(_ miner: MinerRecord.ID) {
        _ = sessions.withLockedValue { $0.removeValue(forKey: miner) }
    }

    /// Forgets every driver whose miner is not in `miners` (miners removed from the inventory).
    public func retain(only miners: Set<MinerRecord.ID>) {
        sessions.withLockedValue { sessions in
            sessions = sessions.filter { miners.contains($0.key) }
        }
    }

    /// Forgets every driver.
    public func removeAll() {
        sessions.withLockedValue { $0.removeAll() }
    }

    /// How many drivers the pool holds.
    public var count: Int { sessions.withLockedValue { $0.count } }

    private func resolveCredentials(
        for miner: MinerRecord, descriptor: DriverDescriptor
    ) async throws
        -> Credentials?
    {
        if let ref = miner.credentialRef, let store {
            if let login = try await store.credential(ref)?.credentials { return login }
            logger.warning(
                "stored login not found; using configured or default credentials",
                metadata: ["miner.ip": "\(miner.ip ?? "-")", "credential.ref": "\(ref)"])
        }
        return credentials[miner.driver] ?? descriptor.defaultCredentials
    }
}
