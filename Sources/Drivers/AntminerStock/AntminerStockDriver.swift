import Foundation
public import HiveProtocols
import Logging

/// Bitmain's stock Antminer firmware (BMMiner/CGMiner on port 4028, digest-protected CGI on 80).
///
/// - Identification: a 401 on `GET /` whose digest realm is "antMiner Configuration", and/or a
///   CGMiner `version` whose `Type` names an Antminer. Custom firmwares copy both fingerprints,
///   so a match is only `.medium` and stock; a reply carrying a known custom-firmware marker
///   (VNish, Braiins, Hiveon, LuxOS, MSK `rwglr`…) is declined outright.
/// - Reads: CGMiner `stats` and `pools` (plus `summary` when `stats` lacks hash rates); when
///   port 4028 refuses or fails, the CGI `summary.cgi`, `stats.cgi`, `pools.cgi` that KS5/S21-era
///   firmware offers instead. Every CGI request uses HTTP digest auth (`root`/`root` unless the
///   operator configured other credentials).
/// - Power: stock firmware measures none. `MinerStatus.power` is an estimate from the model's
///   nominal figure and is always `.estimated`.
/// - Control: work modes (normal / low) and sleep through `set_miner_conf.cgi` on the S/T 19
///   generation and newer and the KS series only (see ``AntminerModel/supportsWorkModes``);
///   reboot and the locate light everywhere. Every write is read back.
public struct AntminerStockDriver: MinerDriver {
    /// Static facts about the stock firmware.
    public static let descriptor = DriverDescriptor(
        id: "antminer-stock", displayName: "Antminer stock", makes: ["Bitmain"], ports: [80, 4028],
        probes: [.webRoot, .cgminerVersion], isStock: true,
        defaultCredentials: Credentials(username: "root", password: "root"),
        capabilities: [.modes, .sleep, .reboot, .locate, .boardTelemetry])

    /// The context this instance talks through.
    let context: DriverContext
    /// The model this instance has learnt from the miner's own replies (shared by copies).
    let learnt = LearntModel()

    /// Creates a driver for one miner.
    public init(context: DriverContext) {
        self.context = context
    }

    /// Reboot, locate and board telemetry always; modes and sleep once the model is known to
    /// be X19-generation or newer (or KS series). An unknown model gets no power control: the
    /// scanner learns no model when port 4028 is closed, and `powerControl()`, `status()` or
    /// `identity()` on this instance then read it from `get_system_info.cgi`.
    public var capabilities: Capabilities {
        var capabilities: Capabilities = [.reboot, .locate, .boardTelemetry]
        if knownModel?.supportsWorkModes == true { capabilities.formUnion([.modes, .sleep]) }
        return capabilities
    }

    /// The model learnt from the miner, else the one identification found.
    var knownModel: AntminerModel? {
        learnt.value ?? AntminerModel(context.match?.model)
    }

    /// Credentials for the CGI: the operator's, else the firmware default.
    var credentials: Credentials {
        context.credentials ?? Self.descriptor.defaultCredentials ?? Credentials(username: "root", password: "root")
    }

    /// Make, model, firmware and hardware identifiers, from `get_system_info.cgi`; falls back to
    /// CGMiner `version` (model and build date only) when the CGI fails.
    public func identity() async throws -> MinerIdentity {
        try await withErrorContext {
            let cgiError: any Error
            do {
                let info = try await cgi("get_system_info.cgi")
                if let model = AntminerModel(info["minertype"]?.string) {
                    learnt.value = model
                    return MinerIdentity(
                        make: "Bitmain", model: model.name, firmware: "Antminer stock",
                        firmwareVersion: AntminerFields.text(info["system_filesystem_version"]),
                        mac: info["macaddr"]?.string, serial: AntminerFields.serial(info["serinum"]),
                        hostname: AntminerFields.text(info["hostname"]))
                }
                cgiError = DriverError(.unexpectedResponse, "get_system_info.cgi names no minertype")
            } catch {
                cgiError = error
            }
            context.logger.debug(
                "get_system_info.cgi failed, trying CGMiner version", metadata: ["error": "\(cgiError)"])
            guard let version = try? await rpc("version")["VERSION"]?[0],
                let model = AntminerModel(version["Type"]?.string)
            else { throw cgiError }
            learnt.value = model
            return MinerIdentity(
                make: "Bitmain", model: model.name, firmware: "Antminer stock",
                firmwareVersion: AntminerFields.text(version["CompileTime"]))
        }
    }

    /// State, hash rates, estimated power, temperatures, fans, pools and uptime.
    public func status() async throws -> MinerStatus {
        try await withErrorContext {
            let (reading, pools, viaCGI) = try await readStats(withPools: true)
            let model = await resolveModel(reading: reading, askCGI: viaCGI)
            var mode: AntminerWorkMode?
            if model?.supportsWorkModes == true {
                do {
                    mode = try await readWorkMode()
                } catch {
                    context.logger.debug("work mode unreadable", metadata: ["error": "\(error)"])
                }
            }
            return AntminerStatusBuilder(reading: reading, pools: pools, model: model, configuredMode: mode).status
        }
    }

    /// One entry per hashboard from `stats` (or `stats.cgi`); no per-chip readings (stock
    /// firmware exposes none).
    public func telemetry() async throws -> [BoardTelemetry] {
        try await withErrorContext {
            try await readStats(withPools: false).reading.boards
        }
    }

    /// `.modes([low, normal])` with sleep on models that support work modes, reading the
    /// current mode from `get_miner_conf.cgi`; `.none` without sleep on S9/S17-era and unknown
    /// models (conservative: their writes have not been verified).
    public func powerControl() async throws -> PowerControl {
        try await withErrorContext {
            var model = knownModel
            if model == nil { model = await learnModel() }
            guard let model, model.supportsWorkModes else {
                return PowerControl(mechanism: .none, canSleep: false, settleSeconds: Self.settleSeconds)
            }
            var current: PowerControl.Setting?
            do {
                current = try await readWorkMode()?.setting
            } catch let error as DriverError where error.kind == .authenticationFailed {
                throw error
            } catch {
                context.logger.debug("work mode unreadable", metadata: ["error": "\(error)"])
            }
            let spec = model.nominal
            return PowerControl(
                mechanism: .modes([
                    PowerMode(kind: .low, watts: spec.map { $0.watts * AntminerWorkMode.low.powerFactor }),
                    PowerMode(kind: .normal, watts: spec?.watts, hashrate: spec?.hashrate),
                ]),
                current: current, canSleep: true, sleepPower: AntminerWorkMode.sleepWatts,
                settleSeconds: Self.settleSeconds, interruptsHashing: true)
        }
    }

    /// Seconds a mode change needs to settle (the firmware restarts BMMiner).
    static let settleSeconds = 60

    /// Runs `body`, adding the driver id and miner address to any `DriverError` it throws.
    func withErrorContext<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as DriverError {
            throw error.context(driver: Self.id, endpoint: context.host)
        }
    }
}
