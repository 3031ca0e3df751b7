import Foundation
public import HiveProtocols
import NIOConcurrencyHelpers

/// The plant / energy API PowerHive balances against, in the real service's response shape:
/// `GET /data/latest?plant_id=…` with `Authorization: Bearer <key>` returns
/// `{"reading":{id, plant_id, collection_timestamp, generation{…value_mw}, consumption{…},
/// totals{generation_mw, consumption_mw, exported_mw}, trust{confidence_score, status, summary}}}`.
///
/// Like the real service, the `_mw` numbers are **kW**. Generation follows a scripted
/// ``GenerationProfile`` over the injected clock; consumption is whatever the `consumption`
/// closure says (a ``SimulatedFleet`` passes its miners' real draw), so a balancer's effect
/// shows. Outage windows answer 503 or close connections, stale windows keep serving an old
/// reading, trust windows lower the confidence score. `GET /health` answers `{"status":"ok"}`.
public final class SimulatedPlant: Sendable {
    /// The configuration it was started with.
    public let configuration: Configuration
    /// The bound port (differs from the configured one when that was 0).
    public let port: Int

    let clock: SimulationClock
    private let consumption: @Sendable () -> Watts
    private let sockets: SocketPool
    private let cache = NIOLockedValueBox(Cache())

    private struct Cache {
        var bucket: Int64?
        var reading: PlantReading?
        var requests = 0
        var frozen: [Int: PlantReading] = [:]
    }

    private init(
        configuration: Configuration, port: Int, clock: SimulationClock, consumption: @escaping @Sendable () -> Watts,
        sockets: SocketPool
    ) {
        self.configuration = configuration
        self.port = port
        self.clock = clock
        self.consumption = consumption
        self.sockets = sockets
    }

    /// Starts the API on its own.
    ///
    /// - Parameters:
    ///   - clock: The clock the profile and windows follow.
    ///   - epoch: Unix time of the start, for timestamps (the wall clock when `nil`).
    ///   - consumption: The consumers' draw now.
    public static func start(
        _ configuration: Configuration, clock: any Clock<Duration> = ContinuousClock(), epoch: Double? = nil,
        consumption: @escaping @Sendable () -> Watts
    ) async throws -> SimulatedPlant {
        try await start(
            configuration, clock: SimulationClock(clock, epoch: epoch ?? wallClockNow()), consumption: consumption)
    }

    static func start(
        _ configuration: Configuration, clock: SimulationClock, consumption: @escaping @Sendable () -> Watts
    ) async throws -> SimulatedPlant {
        guard let address = IPv4Range.parse(address: configuration.host), address >> 24 == 127 else {
            throw SimulatorError.invalid("plant host \(configuration.host) is not a loopback address (127.0.0.0/8)")
        }
        let sockets = SocketPool()
        let endpoint = PlantEndpoint()
        do {
            let port = try await sockets.bind(
                address: configuration.host, firmwarePort: configuration.port, bindPort: configuration.port,
                wire: .http,
                owner: -1, endpoint: endpoint)
            let plant = SimulatedPlant(
                configuration: configuration, port: port, clock: clock, consumption: consumption, sockets: sockets)
            endpoint.plant.withLockedValue { $0 = plant }
            return plant
        } catch {
            await sockets.close()
            throw error
        }
    }

    /// Closes the listener and every connection.
    public func stop() async {
        await sockets.close()
    }

    /// Generation the profile gives at clock time `time` (kW).
    public func generation(at time: Duration) -> Double { configuration.generation.kilowatts(at: time) }

    /// The reading a request would get now (collecting a new one when due).
    public func currentReading() -> PlantReading {
        let now = clock.now
        if let index = configuration.staleWindows.firstIndex(where: { $0.contains(now) }) {
            return cache.withLockedValue { cache in
                if let frozen = cache.frozen[index] { return frozen }
                let reading = cache.reading ?? collect(at: configuration.staleWindows[index].lowerBound, id: 1)
                cache.frozen[index] = reading
                return reading
            }
        }
        return cache.withLockedValue { cache in
            cache.requests += 1
            let interval = configuration.refreshInterval
            let bucket = interval > .zero ? Int64(now.seconds / interval.seconds) : Int64(cache.requests)
            if cache.bucket == bucket, let reading = cache.reading { return reading }
            let start = interval > .zero ? interval * Int(bucket) : now
            let reading = collect(at: start, id: Int(bucket) + (interval > .zero ? 1 : 0))
            cache.bucket = bucket
            cache.reading = reading
            return reading
        }
    }

    private func collect(at time: Duration, id: Int) -> PlantReading {
        let generated = generation(at: time)
        let drawn = consumption().kilowatts
        let trust = configuration.lowTrust.first { $0.window.contains(time) }
        return PlantReading(
            id: id, collectedAt: time, collectionTime: clock.unixTime(time),
            generation: configuration.sources.map { .init(name: $0.name, kilowatts: generated * $0.share) },
            consumption: configuration.containers.map { .init(name: $0.name, kilowatts: drawn * $0.share) },
            confidence: trust?.score ?? 1, trustStatus: trust?.status ?? "trusted",
            trustSummary: trust?.summary ?? "All critical checks passed")
    }

    /// Answers a request.
    func respond(to request: SimulatedHTTPRequest) -> HTTPResponse {
        if request.path == "/health" { return .json(200, ["status": "ok"]) }
        guard request.path == configuration.path else { return .json(404, ["error": "not found"]) }
        guard request.header("Authorization") == "Bearer \(configuration.apiKey)" else {
            return .json(401, ["error": "unauthorized"])
        }
        guard let plantID = request.query["plant_id"], !plantID.isEmpty else {
            return .json(400, ["error": "plant_id is required"])
        }
        guard plantID == configuration.plantID else { return .json(404, ["error": "unknown plant_id"]) }
        if configuration.outage(at: clock.now)?.kind == .unavailable {
            return .json(503, ["error": "service unavailable"])
        }
        return .json(200, currentReading().body(plantID: configuration.plantID))
    }

    /// Unix time now, from the system clock.
    static func wallClockNow() -> Double { Date().timeIntervalSince1970 }
}

/// The plant as the sockets serve it (set once the listener is bound).
private final class PlantEndpoint: ServedEndpoint {
    let plant = NIOLockedValueBox<SimulatedPlant?>(nil)

    func admits(_ address: String) -> Bool {
        guard let plant = plant.withLockedValue({ $0 }) else { return false }
        return plant.configuration.outage(at: plant.clock.now)?.kind != .refused
    }

    func nextReply() -> ReplyPlan { ReplyPlan() }

    func respond(to request: SimulatedHTTPRequest, address: String, port: Int) -> HTTPResponse {
        guard let plant = plant.withLockedValue({ $0 }) else { return .json(503, ["error": "starting"]) }
        return plant.respond(to: request)
    }

    func respond(toCGMiner call: CGMinerCall, address: String, port: Int) -> [UInt8] { [] }
}
