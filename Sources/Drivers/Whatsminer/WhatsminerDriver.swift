public import HiveProtocols
import Logging

/// Driver for MicroBT Whatsminer stock firmware (btminer).
///
/// ## Two API generations, one driver
/// - **API v2** (firmware before November 2024; also API 1.x): CGMiner-style JSON on port
///   4028. Reads: `summary`, `devs`, `pools`, `status`, `get_version`, `get_miner_info`,
///   `devdetails`, `get_error_code`. Writes are encrypted with a token from `get_token`
///   (see ``WhatsminerV2Token``): `adjust_power_limit`, `power_off`/`power_on`, `reboot`,
///   `set_led`.
/// - **API v3** (firmware dated 2024-11-01 or later): length-prefixed JSON on port 4433.
///   Reads: `get.device.info`, `get.miner.status` (`summary`, `pools`, `edevs`). Writes with a
///   salted token: `set.miner.power_limit`, `set.miner.service stop|start`,
///   `set.system.reboot`, `set.system.led`.
///
/// An instance picks its generation from the firmware date in `DriverContext.match` (the
/// `fw_ver` prefix, as both public libraries do); without a version it uses v2.
///
/// ## Power control
/// A continuous power limit in watts, bounded by the model (``WhatsminerModel``). **A change
/// restarts the miner** (minutes without hashing), so ``PowerControl`` says
/// `interruptsHashing` with a long settle time and the balancer prefers sleep/wake or other
/// miners. Sleep/wake stop and start the mining service.
///
/// ## Write access
/// Writes are off on a new Whatsminer: the admin password must be changed from its default
/// and API writes enabled in WhatsminerTool. A refused write says so in its outcome (a device
/// setting, not a driver failure). Credentials: v2 uses the admin password (default `admin`);
/// v3 uses the account `super` (or `user1`…`user3` when configured) whose default password is
/// `super`.
public struct WhatsminerDriver: MinerDriver {
    /// Static facts: id `whatsminer`, ports 4028 and 4433, stock firmware.
    public static let descriptor = DriverDescriptor(
        id: "whatsminer", displayName: "Whatsminer", makes: ["MicroBT"], ports: [4028, 4433],
        probes: [.cgminerDevdetails, .cgminer(getVersion), .cgminer(WhatsminerV3Client.request("get.device.info"))],
        isStock: true, defaultCredentials: Credentials(username: "admin", password: "admin"),
        capabilities: [.powerTarget, .sleep, .reboot, .locate, .boardTelemetry, .measuredPower])

    /// The `get_version` probe (port 4028).
    static let getVersion = CGMinerRequest(command: "get_version")

    /// The first firmware date served by API v3.
    static let v3FirmwareDate = 20_241_101

    /// Which API an instance speaks.
    enum Generation: Sendable, Equatable {
        /// Port 4028, encrypted writes.
        case v2
        /// Port 4433, length-prefixed, salted tokens.
        case v3

        /// v3 when the firmware version starts with a date on or after ``v3FirmwareDate``.
        init(firmwareVersion: String?) {
            let date = firmwareVersion.flatMap { Int($0.prefix { $0.isNumber }) }
            self = (date ?? 0) >= WhatsminerDriver.v3FirmwareDate ? .v3 : .v2
        }
    }

    let context: DriverContext
    let generation: Generation
    let v2: WhatsminerV2Client
    let v3: WhatsminerV3Client

    /// Creates a driver for one miner.
    public init(context: DriverContext) {
        self.context = context
        self.generation = Generation(firmwareVersion: context.match?.firmwareVersion)
        let credentials = context.credentials ?? Self.descriptor.defaultCredentials
        self.v2 = WhatsminerV2Client(
            cgminer: context.cgminer, password: credentials?.password.value ?? "admin", tokens: WhatsminerTokenCache(),
            logger: context.logger)
        self.v3 = WhatsminerV3Client(
            cgminer: context.cgminer, account: Self.v3Account(context.credentials),
            password: Self.v3Password(context.credentials), logger: context.logger)
    }

    /// The v3 account: the configured user name when it is one (`super`, `user1`…`user3`),
    /// else `super`.
    static func v3Account(_ credentials: Credentials?) -> String {
        let accounts = ["super", "user1", "user2", "user3"]
        return credentials.map(\.username).flatMap { accounts.contains($0) ? $0 : nil } ?? "super"
    }

    /// The v3 password: the configured one, or `super` (v3's factory password) when nothing
    /// or only the v2 factory credentials (`admin`/`admin`) are configured.
    static func v3Password(_ credentials: Credentials?) -> String {
        guard let credentials, credentials != descriptor.defaultCredentials else { return "super" }
        return credentials.password.value
    }

    /// Power limit, sleep/wake, reboot, locate, per-board telemetry, measured power.
    public var capabilities: Capabilities { Self.descriptor.capabilities }

    /// Make, model, firmware version, MAC, hostname (and serial on v3).
    public func identity() async throws -> MinerIdentity {
        try await withContext {
            switch generation {
            case .v2:
                return WhatsminerV2Reader.identity(
                    version: try await v2.read("get_version"), details: try await v2.read("devdetails"),
                    info: try await v2.read("get_miner_info"))
            case .v3:
                return WhatsminerV3Reader.identity(info: try await v3.read("get.device.info"))
            }
        }
    }

    /// State, hash rates, measured power, power limit, temperatures, fans, pools, error codes.
    public func status() async throws -> MinerStatus {
        try await withContext {
            switch generation {
            case .v2:
                return WhatsminerV2Reader.status(
                    summary: try await v2.read("summary"), pools: try await v2.read("pools"),
                    status: try await v2.read("status"), devs: try await v2.read("devs"),
                    errors: try await v2.read("get_error_code"))
            case .v3:
                return WhatsminerV3Reader.status(
                    info: try await v3.read("get.device.info"),
                    summary: try await v3.read("get.miner.status", param: "summary"),
                    pools: try await v3.read("get.miner.status", param: "pools"))
            }
        }
    }

    /// Per-board readings (`devs` on v2, `edevs` on v3); the APIs expose no per-chip data.
    public func telemetry() async throws -> [BoardTelemetry] {
        try await withContext {
            switch generation {
            case .v2:
                return WhatsminerV2Reader.telemetry(devs: try await v2.read("devs"))
            case .v3:
                return WhatsminerV3Reader.telemetry(
                    edevs: try await v3.read("get.miner.status", param: "edevs"),
                    summary: try await v3.read("get.miner.status", param: "summary"))
            }
        }
    }

    /// A continuous power limit within the model's range; changing it restarts the miner.
    public func powerControl() async throws -> PowerControl {
        try await withContext {
            switch generation {
            case .v2:
                let summary = try await v2.read("summary")
                let status = try await v2.read("status")
                return Self.powerControl(
                    limit: WhatsminerV2Reader.powerLimit(summary: summary, status: status),
                    asleep: WhatsminerV2Reader.isOff(status), model: context.match?.model)
            case .v3:
                let info = try await v3.read("get.device.info")
                let summary = try await v3.read("get.miner.status", param: "summary")
                return Self.powerControl(
                    limit: WhatsminerV3Reader.powerLimit(WhatsminerV3Reader.summary(summary)),
                    asleep: WhatsminerV3Reader.isOff(info), model: WhatsminerV3Reader.identity(info: info).model)
            }
        }
    }

    /// Seconds until a power-limit change has settled: the miner restarts and ramps up.
    static let powerLimitSettleSeconds = 600

    /// The power-control description for a miner whose limit and sleep state were read.
    static func powerControl(limit: Watts?, asleep: Bool, model: String? = nil) -> PowerControl {
        let mechanism: PowerControl.Mechanism
        if let bounds = WhatsminerModel.bounds(model: model, reportedLimit: limit) {
            mechanism = .continuous(min: bounds.min, max: bounds.max, step: Watts(1))
        } else {
            mechanism = .none
        }
        return PowerControl(
            mechanism: mechanism, current: asleep ? .sleeping : limit.map(PowerControl.Setting.watts), canSleep: true,
            settleSeconds: powerLimitSettleSeconds, interruptsHashing: true)
    }

    /// Applies a command and reads it back; see `WhatsminerDriver+Apply.swift`.
    ///
    /// A command outside `capabilities` throws `.unsupported` without contacting the miner.
    public func apply(_ command: MinerCommand) async throws -> CommandOutcome {
        guard capabilities.contains(command.requiredCapability) else {
            throw DriverError(
                .unsupported, "\(command) is not supported by Whatsminer", driver: Self.id, endpoint: context.host)
        }
        return try await withContext {
            switch generation {
            case .v2: try await applyV2(command)
            case .v3: try await applyV3(command)
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
                .unexpectedResponse, "unexpected failure", driver: Self.id, endpoint: context.host, underlying: error)
        }
    }
}
