public import HiveProtocols
public import Logging

/// Identifies one host and reads it through the matched driver: what `powerhive probe` prints.
public struct MinerInspector: Sendable {
    /// Makes the transports for a host.
    public typealias Transports = @Sendable (String) -> (http: any HTTPTransport, cgminer: any CGMinerTransport)

    /// The drivers to try.
    public var registry: DriverRegistry
    /// The transports.
    public var transports: Transports
    /// Operator credentials per driver (the driver's defaults apply where none is given).
    public var credentials: [DriverID: Credentials]
    /// Where drivers persist secrets they create on miners.
    public var credentialStore: any CredentialStore
    /// Logger.
    public var logger: Logger

    /// Creates an inspector.
    public init(
        registry: DriverRegistry, transports: @escaping Transports, credentials: [DriverID: Credentials] = [:],
        credentialStore: any CredentialStore = InMemoryCredentialStore(), logger: Logger
    ) {
        self.registry = registry
        self.transports = transports
        self.credentials = credentials
        self.credentialStore = credentialStore
        self.logger = logger
    }

    /// Identifies `host` and reads identity, status and (optionally) telemetry.
    ///
    /// - Throws: `InspectionError` when no miner API answered or no driver recognised the host;
    ///   read failures after identification are reported in the result instead.
    public func inspect(host: String, includeTelemetry: Bool = true) async throws -> MinerReport {
        let (http, cgminer) = transports(host)
        let answers = await registry.collectProbes(host: host, http: http, cgminer: cgminer)
        guard let match = registry.identify(answers), let driverType = registry.driver(match.driver) else {
            throw InspectionError(host: host, answers: answers)
        }
        var logger = logger
        logger[metadataKey: "miner.ip"] = "\(host)"
        logger[metadataKey: "driver"] = "\(match.driver)"
        let context = DriverContext(
            host: host, http: http, cgminer: cgminer,
            credentials: credentials[match.driver] ?? driverType.descriptor.defaultCredentials,
            credentialStore: credentialStore, match: match, sleep: { try await Task.sleep(for: $0) }, logger: logger)
        let driver = driverType.init(context: context)
        var report = MinerReport(ip: host, match: match)
        do { report.identity = try await driver.identity() } catch { report.errors.append("identity: \(error)") }
        do { report.status = try await driver.status() } catch { report.errors.append("status: \(error)") }
        if includeTelemetry {
            do { report.boards = try await driver.telemetry() } catch { report.errors.append("telemetry: \(error)") }
        }
        return report
    }
}

/// Why a host could not be identified.
public struct InspectionError: Error, CustomStringConvertible, Sendable {
    /// The host.
    public var host: String
    /// What the probes got.
    public var answers: ProbeAnswers

    /// Whether any probe got an answer at all.
    public var anythingAnswered: Bool {
        answers.answers.values.contains { if case .failed = $0 { false } else { true } }
    }

    public var description: String {
        if anythingAnswered {
            return "\(host): no driver recognised this host (ports \(answers.openPorts.sorted()) answered)"
        }
        let reasons = answers.answers.sorted { $0.key.description < $1.key.description }
            .compactMap { probe, answer -> String? in
                if case .failed(let reason) = answer { return "\(probe): \(Self.short(reason))" }
                return nil
            }
        return "\(host): no miner API answered (\(Set(reasons).sorted().joined(separator: "; ")))"
    }

    private static func short(_ reason: String) -> String {
        for kind in ["timed out", "unreachable", "refused"] where reason.contains(kind) { return kind }
        return String(reason.prefix(80))
    }
}
