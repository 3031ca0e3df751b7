/// The drivers a host knows, in priority order (custom firmware before stock).
///
/// A plain value built in `main` (or a test) and passed down; there is no global registry.
/// `DriverRegistry.builtIn` (in the `Drivers` module) lists the compiled-in drivers.
public struct DriverRegistry: Sendable {
    /// Driver types in priority order.
    public let drivers: [any MinerDriver.Type]

    /// A registry construction failure.
    public struct DuplicateDriverError: Error, CustomStringConvertible, Sendable {
        /// The duplicated id.
        public var id: DriverID
        public var description: String { "driver id '\(id)' is registered twice" }
    }

    /// Creates a registry. Throws when two drivers share an id.
    public init(_ drivers: [any MinerDriver.Type]) throws {
        var seen: Set<DriverID> = []
        for driver in drivers {
            guard seen.insert(driver.id).inserted else { throw DuplicateDriverError(id: driver.id) }
        }
        self.drivers = drivers
    }

    /// The driver with this id.
    public func driver(_ id: DriverID) -> (any MinerDriver.Type)? {
        drivers.first { $0.id == id }
    }

    /// The union of every driver's probes, without duplicates, in registry order.
    public var probes: [ProbeRequest] {
        var seen: Set<ProbeRequest> = []
        var probes: [ProbeRequest] = []
        for driver in drivers {
            for probe in driver.descriptor.probes where seen.insert(probe).inserted { probes.append(probe) }
        }
        return probes
    }

    /// The union of every driver's follow-up probes for a host, without duplicates.
    public func followUpProbes(_ answers: ProbeAnswers) -> [ProbeRequest] {
        var seen: Set<ProbeRequest> = []
        var probes: [ProbeRequest] = []
        for driver in drivers {
            for probe in driver.followUpProbes(answers) where seen.insert(probe).inserted { probes.append(probe) }
        }
        return probes
    }

    /// Asks a host every driver's probes, then the follow-ups the answers call for.
    public func collectProbes(
        host: String, openPorts: Set<Int>? = nil, http: any HTTPTransport, cgminer: any CGMinerTransport
    ) async -> ProbeAnswers {
        await ProbeCollector.collect(
            probes, host: host, openPorts: openPorts, http: http, cgminer: cgminer,
            followUps: { [self] answers in followUpProbes(answers) })
    }

    /// The union of every driver's ports, sorted.
    public var ports: [Int] {
        var ports: Set<Int> = []
        for driver in drivers { ports.formUnion(driver.descriptor.ports) }
        return ports.sorted()
    }

    /// Every driver's match for these answers, best first: custom firmware before stock, then
    /// higher confidence, then registry order.
    public func matches(for answers: ProbeAnswers) -> [DriverMatch] {
        let found = drivers.enumerated().compactMap { index, driver in
            driver.identify(answers).map { (index, $0) }
        }
        return found.sorted { a, b in
            if a.1.isStock != b.1.isStock { return !a.1.isStock }
            if a.1.confidence != b.1.confidence { return a.1.confidence > b.1.confidence }
            return a.0 < b.0
        }.map(\.1)
    }

    /// The best match for these answers, if any driver claims the host.
    public func identify(_ answers: ProbeAnswers) -> DriverMatch? {
        matches(for: answers).first
    }
}
