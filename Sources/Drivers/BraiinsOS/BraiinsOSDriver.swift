public import HiveProtocols
import Logging

/// Driver for Braiins OS (and Braiins OS+) on Antminers and Braiins hardware.
///
/// ## Reads
/// Every release answers the CGMiner-compatible API on port 4028: `summary`, `pools`, `fans`,
/// `temps`, `devs`, `devdetails` and `tunerstatus` give state, hash rates, the tuner's power
/// limit and estimated consumption, and per-board telemetry. Braiins OS exposes no per-chip
/// readings there, so `chips` stays empty.
///
/// ## Control, by era (one driver id, variants from the firmware release)
/// - **25.07 and newer** — the public REST API: `POST /api/v1/auth/login` gives a bearer token
///   (kept in the instance, renewed once on a 401); `PUT /api/v1/performance/power-target`,
///   `PUT /api/v1/actions/{pause,resume,reboot,locate}`; limits from
///   `GET /api/v1/configuration/constraints`; read-back from `/configuration/miner`,
///   `/performance/tuner-state`, `/miner/details` and `GET /api/v1/actions/locate`.
/// - **21.09 to 25.05** — GraphQL at `POST /graphql`: `auth.login` sets a `session_id`
///   cookie; `bosminer.config.updateAutotuning(powerTarget, apply: true)`, `bosminer stop` /
///   `start`, `bos.reboot`, `bos.setFaultLight`; limits and read-back from one query
///   (``BraiinsGraphQL/stateQuery``).
/// - **bOSminer 0.x** — read-only over CGMiner.
///
/// The era comes from `DriverContext.match` (see ``BraiinsOSAPI/init(match:)``); the release is
/// learnt at identification from GraphQL `bos.info.version.full`, which every GraphQL and
/// REST release answers without a login.
///
/// ## Power control
/// A continuous power target in watts between the tuner's min and max. A tuner that is still
/// tuning (chains "Tuning individual chips" / "Testing performance profile", or REST tuner
/// state `TUNING`) makes `status()` report `.tuning`, which the balancer treats as not
/// flexible; a target accepted while tuning is `.pending`.
public struct BraiinsOSDriver: MinerDriver {
    /// Static facts: id `braiins-os`, ports 80 and 4028, custom firmware.
    public static let descriptor = DriverDescriptor(
        id: "braiins-os", displayName: "Braiins OS", makes: ["Bitmain", "Braiins"], ports: [80, 4028],
        probes: [.webRoot, .cgminerVersion, .cgminerDevdetails, .http(BraiinsGraphQL.stateRequest)],
        isStock: false, defaultCredentials: Credentials(username: "root", password: "root"),
        capabilities: controlCapabilities)

    /// What the REST and GraphQL eras can do.
    static let controlCapabilities: Capabilities = [
        .powerTarget, .sleep, .reboot, .locate, .boardTelemetry, .measuredPower,
    ]
    /// What bOSminer 0.x can do (read-only).
    static let readOnlyCapabilities: Capabilities = [.boardTelemetry, .measuredPower]

    let context: DriverContext
    let api: BraiinsOSAPI
    let rest: BraiinsRESTClient
    let graphQL: BraiinsGraphQLClient

    /// Creates a driver for one miner.
    public init(context: DriverContext) {
        self.context = context
        self.api = BraiinsOSAPI(match: context.match)
        let credentials =
            context.credentials ?? Self.descriptor.defaultCredentials ?? Credentials(username: "root", password: "root")
        self.rest = BraiinsRESTClient(http: context.http, credentials: credentials)
        self.graphQL = BraiinsGraphQLClient(http: context.http, credentials: credentials)
    }

    /// Power target, sleep, reboot, locate and board telemetry on the REST and GraphQL eras;
    /// board telemetry only on bOSminer 0.x.
    public var capabilities: Capabilities {
        api == .none ? Self.readOnlyCapabilities : Self.controlCapabilities
    }

    /// Make, model, firmware release, MAC, serial and hostname.
    public func identity() async throws -> MinerIdentity {
        try await withContext {
            switch api {
            case .rest: BraiinsReader.identity(details: try await rest.get("/api/v1/miner/details"))
            case .graphQL: BraiinsReader.identity(state: try await graphQL.state())
            case .none: BraiinsReader.identity(version: try await cgminer("version"), devdetails: nil)
            }
        }
    }

    /// State, hash rates, tuner power, temperatures, fans, pools (CGMiner on 4028).
    public func status() async throws -> MinerStatus {
        try await withContext {
            let summary: JSONValue
            do {
                summary = try await cgminer("summary")
            } catch let error as DriverError where error.kind == .unreachable && api == .graphQL {
                // `bosminer stop` takes the CGMiner API down with it; the system API stays.
                _ = try await graphQL.state()
                return MinerStatus(state: .sleeping, messages: ["bosminer is stopped (CGMiner API closed)"])
            }
            let tuner = api == .none ? nil : try await cgminer("tunerstatus")
            var status = BraiinsReader.status(
                summary: summary, pools: try await cgminer("pools"), fans: try await cgminer("fans"),
                temps: try await cgminer("temps"), tuner: tuner)
            if api == .rest, status.state != .failure {
                let details = try await rest.get("/api/v1/miner/details")
                if let state = BraiinsReader.state(minerStatus: details["status"]?.int) { status.state = state }
            }
            return status
        }
    }

    /// Per-board hash rates, temperatures, chips, frequency, voltage and tuner power.
    public func telemetry() async throws -> [BoardTelemetry] {
        try await withContext {
            let devdetails: JSONValue?
            do {
                devdetails = api == .none ? nil : try await cgminer("devdetails")
            } catch let error as DriverError where error.kind == .unreachable && api == .graphQL {
                // bosminer is stopped: no boards are reported while the system API answers.
                _ = try await graphQL.state()
                return []
            }
            let tuner = api == .none ? nil : try await cgminer("tunerstatus")
            return BraiinsReader.telemetry(
                devs: try await cgminer("devs"), temps: try await cgminer("temps"), devdetails: devdetails,
                tuner: tuner)
        }
    }

    /// The tuner's power-target range and current target; `.none` on bOSminer 0.x.
    public func powerControl() async throws -> PowerControl {
        try await withContext {
            switch api {
            case .rest:
                let constraints = try await rest.get("/api/v1/configuration/constraints")
                let config = try await rest.get("/api/v1/configuration/miner")
                return BraiinsReader.powerControl(
                    limits: BraiinsReader.restLimits(constraints), target: BraiinsReader.restTarget(config))
            case .graphQL:
                let state = try await graphQL.state()
                return BraiinsReader.powerControl(
                    limits: BraiinsReader.graphQLLimits(state), target: BraiinsReader.graphQLTarget(state))
            case .none:
                return PowerControl(mechanism: .none, canSleep: false, settleSeconds: 0)
            }
        }
    }

    /// Applies a command and reads the result back; see `BraiinsOSDriver+Apply.swift`.
    ///
    /// A command outside `capabilities` throws `.unsupported` without contacting the miner.
    public func apply(_ command: MinerCommand) async throws -> CommandOutcome {
        guard capabilities.contains(command.requiredCapability) else {
            throw DriverError(
                .unsupported, "\(command) is not supported by Braiins OS" + (api == .none ? " 0.x" : ""),
                driver: Self.id, endpoint: context.host)
        }
        return try await withContext {
            switch api {
            case .rest: try await restApply(command)
            case .graphQL: try await graphQLApply(command)
            case .none: throw DriverError(.unsupported, "\(command) is not supported by Braiins OS 0.x")
            }
        }
    }

    /// Runs `body`, adding the driver id and host to any `DriverError` it throws.
    func withContext<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as DriverError {
            throw error.context(driver: Self.id, endpoint: context.host)
        } catch let error as CancellationError {
            throw error
        } catch {
            throw DriverError(
                .unexpectedResponse, "unexpected failure", driver: Self.id, endpoint: context.host,
                underlying: error)
        }
    }
}
