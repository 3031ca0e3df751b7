public import HiveProtocols
public import Logging

/// Stage 2 of discovery: asks a host the registry's probes once, decides which driver speaks
/// to it, and asks that driver who the miner is.
///
/// 1. The union of the drivers' probes (`registry.probes`) whose port is open is sent once,
///    all at once, through the host's transports, under one deadline
///    (``Configuration/probeTimeout``, `network.miner_probe_timeout_ms`). The transports
///    decide how many are on the wire together: one per miner for a known miner, one per
///    port for a host the sweep just found (see `MinerRequestGate.Scope`). A probe that fails
///    or misses the deadline is recorded as `.failed`; the others still count.
/// 2. Every driver's pure `identify` runs over the collected answers (`registry.matches`).
///    Custom firmware beats stock.
/// 3. The winner is created (`init(context:)`) and asked for `identity()` (MAC, serial,
///    model) under ``Configuration/identityTimeout``; with ``Configuration/readsStatus`` (a
///    one-shot `powerhive scan`) the same driver then reads `status()` under the same timeout.
///
/// ## The stock grace window
/// Scanners that act on the *first* match wait a short while after a stock match in case a
/// custom firmware's answer is still coming (VNish runs on Antminer hardware and also answers
/// with the stock digest realm). Here identification is pure and the answers are collected
/// once, so the window is simply the probe deadline: all answers that arrive in time are
/// ranked together, and a custom-firmware match always beats a stock one, however late within
/// the deadline it arrived. Deciding on a stock match before the other answers are in would
/// be wrong on live transports, which send one request per miner (or per port) at a time.
public struct Identifier: Sendable {
    /// Makes the transports for one host (live ones, or replays in tests).
    public typealias TransportFactory =
        @Sendable (_ host: String) -> (http: any HTTPTransport, cgminer: any CGMinerTransport)
    /// The credentials to hand a driver for a host (`nil`: the driver's defaults).
    public typealias CredentialLookup = @Sendable (_ host: String, _ driver: DriverID) async -> Credentials?

    /// Identification settings.
    public struct Configuration: Sendable, Hashable {
        /// The deadline for all of a host's probes (`network.miner_probe_timeout_ms`, 1500 ms).
        public var probeTimeout: Duration
        /// The deadline for the matched driver's `identity()` (default 3 s), and for its
        /// `status()` when that is read.
        public var identityTimeout: Duration
        /// Hosts identified at once by ``DiscoveryScanner`` (default 256).
        public var concurrency: Int
        /// Whether an identified miner's `status()` is read too (default no: the daemon's
        /// pollers read status; a one-shot scan has no poller).
        public var readsStatus: Bool
        /// Hosts asked a second time at once by ``DiscoveryScanner`` when their first attempt
        /// was inconclusive (``Identification/isInconclusive``); 0 disables the second attempt.
        public var retryConcurrency: Int
        /// The deadline for a second attempt's probes (default: half of ``probeTimeout``).
        ///
        /// The first attempt gave the host the whole probe deadline; the second one is there
        /// for a scanner that was too busy to hear the answers (at low concurrency, right
        /// after), and a miner answers its probes in far less than that. A hung host (it
        /// accepts connections and never answers) so costs one and a half probe deadlines,
        /// not two.
        public var retryProbeTimeout: Duration?

        /// Creates settings.
        public init(
            probeTimeout: Duration = .milliseconds(1500), identityTimeout: Duration = .seconds(3),
            concurrency: Int = 256, readsStatus: Bool = false, retryConcurrency: Int = 16,
            retryProbeTimeout: Duration? = nil
        ) {
            self.probeTimeout = probeTimeout
            self.identityTimeout = identityTimeout
            self.concurrency = concurrency
            self.readsStatus = readsStatus
            self.retryConcurrency = retryConcurrency
            self.retryProbeTimeout = retryProbeTimeout
        }

        /// The second attempt's probe deadline in effect.
        var secondProbeTimeout: Duration { retryProbeTimeout ?? probeTimeout / 2 }
    }

    /// The drivers to choose from.
    public let registry: DriverRegistry
    /// Settings.
    public let configuration: Configuration
    private let transports: TransportFactory
    private let newHostTransports: TransportFactory
    private let clock: any Clock<Duration>
    private let credentials: CredentialLookup
    private let credentialStore: any CredentialStore
    private let logger: Logger

    /// Creates an identifier.
    ///
    /// - Parameters:
    ///   - registry: The drivers, in priority order.
    ///   - configuration: Deadlines and concurrency.
    ///   - clock: The clock the deadlines run on.
    ///   - credentials: Operator-configured credentials per host and driver.
    ///   - credentialStore: Where drivers keep secrets they create on a miner.
    ///   - logger: Logger; each host adds `miner.ip` and `driver` metadata.
    ///   - transports: Makes a host's HTTP and CGMiner transports.
    ///   - newHostTransports: Makes the transports for a host that is not a known miner
    ///     (`known: false`; default: `transports`). The daemon lets such a host's requests go
    ///     to its ports in parallel (`LiveTransportFactory.transports(for:scope: .port)`),
    ///     while `transports` keeps one request in flight per miner.
    public init(
        registry: DriverRegistry, configuration: Configuration = Configuration(),
        clock: any Clock<Duration> = ContinuousClock(), credentials: @escaping CredentialLookup = { _, _ in nil },
        credentialStore: any CredentialStore = InMemoryCredentialStore(),
        logger: Logger = Logger(label: "powerhive.discovery"), transports: @escaping TransportFactory,
        newHostTransports: TransportFactory? = nil
    ) {
        self.registry = registry
        self.configuration = configuration
        self.transports = transports
        self.newHostTransports = newHostTransports ?? transports
        self.clock = clock
        self.credentials = credentials
        self.credentialStore = credentialStore
        self.logger = logger
    }

    /// Identifies one host.
    ///
    /// - Parameters:
    ///   - openPorts: The ports stage 1 found open; only probes on them (and on
    ///     `unansweredPorts`) are sent. `nil` sends every probe (a known miner re-checked
    ///     without a port scan, or a host that reported itself).
    ///   - unansweredPorts: Ports stage 1 got no answer on (timed out): possibly open, so
    ///     their probes are sent too; they count as open only if a probe is answered.
    ///   - known: Whether the host may be a miner of the fleet (default yes), which the
    ///     pollers and control talk to as well: it is asked through the transports (one
    ///     request in flight). A host the sweep found that is no known miner is asked through
    ///     the new-host transports.
    public func identify(
        _ host: String, openPorts: Set<Int>?, unansweredPorts: Set<Int> = [], known: Bool = true
    ) async -> Identification {
        await identify(
            host, openPorts: openPorts, unansweredPorts: unansweredPorts, known: known,
            probeTimeout: configuration.probeTimeout, on: clock)
    }

    /// Identifies one host with the probe deadline `probeTimeout` (a second attempt's).
    func identify(
        _ host: String, openPorts: Set<Int>?, unansweredPorts: Set<Int>, known: Bool, probeTimeout: Duration
    ) async -> Identification {
        await identify(
            host, openPorts: openPorts, unansweredPorts: unansweredPorts, known: known, probeTimeout: probeTimeout,
            on: clock)
    }

    private func identify<C: Clock<Duration>>(
        _ host: String, openPorts: Set<Int>?, unansweredPorts: Set<Int>, known: Bool, probeTimeout: Duration,
        on clock: C
    ) async
        -> Identification
    {
        let (http, cgminer) = known ? transports(host) : newHostTransports(host)
        let limited = TimeLimitedTransport(
            http: http, cgminer: cgminer, clock: clock, deadline: clock.now.advanced(by: probeTimeout),
            budget: probeTimeout)
        var answers = await registry.collectProbes(
            host: host, openPorts: openPorts.map { $0.union(unansweredPorts) }, http: limited, cgminer: limited)
        if let openPorts, !unansweredPorts.isEmpty {
            answers.openPorts = openPorts.union(
                answers.answers.compactMap { probe, answer in
                    if case .failed = answer { return nil }
                    return probe.port
                })
        }
        let probesTimedOut = limited.timeouts.value > 0
        let matches = registry.matches(for: answers)
        guard let best = matches.first, let driverType = registry.driver(best.driver) else {
            let reason = Identifier.reason(answers, probes: registry.probes)
            logger.debug("not identified", metadata: ["miner.ip": "\(host)", "reason": "\(reason)"])
            return .unidentified(
                UnidentifiedHost(
                    ip: host, openPorts: answers.openPorts.sorted(), reason: reason, probesTimedOut: probesTimedOut))
        }

        var driverLogger = logger
        driverLogger[metadataKey: "miner.ip"] = "\(host)"
        driverLogger[metadataKey: "driver"] = "\(best.driver)"
        let context = DriverContext(
            host: host, http: http, cgminer: cgminer, credentials: await credentials(host, best.driver),
            credentialStore: credentialStore, match: best, sleep: { try await clock.sleep(for: $0) },
            logger: driverLogger)
        let driver = driverType.init(context: context)
        var identity = MinerIdentity()
        var identityError: String?
        do {
            identity = try await runWithDeadline(
                clock.now.advanced(by: configuration.identityTimeout), on: clock,
                budget: configuration.identityTimeout, request: "identity"
            ) { try await driver.identity() }
        } catch {
            identityError = "\(error)"
            driverLogger.debug("identified, but identity() failed", metadata: ["error": "\(error)"])
        }
        identity.model = identity.model ?? best.model
        identity.firmwareVersion = identity.firmwareVersion ?? best.firmwareVersion
        var miner = IdentifiedMiner(
            ip: host, match: best, identity: identity, identityError: identityError,
            otherMatches: Array(matches.dropFirst()), probesTimedOut: probesTimedOut)
        if configuration.readsStatus {
            do {
                miner.status = try await runWithDeadline(
                    clock.now.advanced(by: configuration.identityTimeout), on: clock,
                    budget: configuration.identityTimeout, request: "status"
                ) { try await driver.status() }
            } catch {
                miner.statusError = "\(error)"
                driverLogger.debug("identified, but status() failed", metadata: ["error": "\(error)"])
            }
        }
        return .identified(miner)
    }

    /// Explains why no driver claimed a host, from what its probes returned.
    static func reason(_ answers: ProbeAnswers, probes: [ProbeRequest]) -> String {
        let asked = probes.filter { answers.answers[$0] != nil }
        if asked.isEmpty {
            return "no probe uses its open ports \(answers.openPorts.sorted())"
        }
        let parts = asked.map { probe -> String in
            switch answers.answers[probe] {
            case .http(let response): "\(probe): \(response.status)"
            case .cgminer(let bytes): "\(probe): \(bytes.count) bytes"
            case .failed(let why): "\(probe): \(why.count > 80 ? why.prefix(80) + "…" : why)"
            case nil: "\(probe): not asked"
            }
        }
        let anyAnswer = asked.contains {
            if case .failed = answers.answers[$0] { return false }
            return true
        }
        return (anyAnswer ? "no driver recognised the answers (" : "no probe answered (")
            + parts.joined(separator: ", ") + ")"
    }
}
