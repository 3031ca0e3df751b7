import Foundation
import HiveProtocols
import Logging

extension BenchSimulatorCommand {
    /// Identifies miners and polls them, as the daemon's discovery and status poller do.
    enum Poller {
        typealias Transports = @Sendable (String) -> (any HTTPTransport, any CGMinerTransport)

        /// What one round did.
        struct Round: Sendable {
            var polls = 0
            var failures = 0
        }

        /// At most this many miners are probed at once (as the discovery scanner caps it).
        static let identifyConcurrency = 256

        /// Probes every address once and makes a driver for each one the registry recognises.
        static func identify(
            _ addresses: [String], registry: DriverRegistry, logger: Logger, transports: @escaping Transports
        ) async -> [any MinerDriver] {
            await withTaskGroup(of: (any MinerDriver)?.self) { group in
                var pending = addresses[...]
                func addNext() {
                    guard let host = pending.popFirst() else { return }
                    group.addTask {
                        let (http, cgminer) = transports(host)
                        let answers = await registry.collectProbes(host: host, http: http, cgminer: cgminer)
                        guard let match = registry.identify(answers), let type = registry.driver(match.driver) else {
                            return nil
                        }
                        var driverLogger = logger
                        driverLogger[metadataKey: "miner.ip"] = "\(host)"
                        return type.init(
                            context: DriverContext(
                                host: host, http: http, cgminer: cgminer,
                                credentials: type.descriptor.defaultCredentials, match: match,
                                sleep: { try await Task.sleep(for: $0) }, logger: driverLogger))
                    }
                }
                for _ in 0..<identifyConcurrency { addNext() }
                var drivers: [any MinerDriver] = []
                for await driver in group {
                    if let driver { drivers.append(driver) }
                    addNext()
                }
                return drivers
            }
        }

        /// Calls `status()` on every driver at once (one child task per miner, as the status
        /// poller does) and waits for all of them.
        static func round(_ drivers: [any MinerDriver], recorder: LatencyRecorder?) async -> Round {
            await withTaskGroup(of: Bool.self) { group in
                for driver in drivers {
                    group.addTask {
                        let start = ContinuousClock.now
                        let ok = (try? await driver.status()) != nil
                        recorder?.poll(start.duration(to: .now))
                        return ok
                    }
                }
                var round = Round()
                for await ok in group {
                    round.polls += 1
                    if !ok { round.failures += 1 }
                }
                return round
            }
        }
    }

    /// Collects request and poll durations from many tasks.
    final class LatencyRecorder: @unchecked Sendable {
        private let lock = NSLock()
        private var requests: [Double] = []
        private var polls: [Double] = []

        /// Percentiles of a set of durations.
        struct Distribution {
            var count: Int
            var p50: Double
            var p99: Double
            var max: Double

            init(_ samples: [Double]) {
                let sorted = samples.sorted()
                count = sorted.count
                func at(_ fraction: Double) -> Double {
                    sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * fraction))]
                }
                p50 = at(0.5)
                p99 = at(0.99)
                max = sorted.last ?? 0
            }

            var summary: String {
                "p50 \(Self.ms(p50)), p99 \(Self.ms(p99)), max \(Self.ms(max)) (\(count) samples)"
            }

            static func ms(_ seconds: Double) -> String { String(format: "%.2f ms", seconds * 1000) }
        }

        func request(_ duration: Duration) { lock.withLock { requests.append(duration.benchSeconds) } }
        func poll(_ duration: Duration) { lock.withLock { polls.append(duration.benchSeconds) } }
        func reset() {
            lock.withLock {
                requests.removeAll()
                polls.removeAll()
            }
        }

        func figures() -> (requests: Distribution, polls: Distribution) {
            lock.withLock { (Distribution(requests), Distribution(polls)) }
        }
    }

    /// An HTTP transport that records how long each request took.
    struct TimedHTTP: HTTPTransport {
        let base: any HTTPTransport
        let recorder: LatencyRecorder

        func send(_ request: HTTPRequest) async throws -> HTTPResponse {
            let start = ContinuousClock.now
            defer { recorder.request(start.duration(to: .now)) }
            return try await base.send(request)
        }
    }

    /// A CGMiner transport that records how long each request took.
    struct TimedCGMiner: CGMinerTransport {
        let base: any CGMinerTransport
        let recorder: LatencyRecorder

        func send(_ request: CGMinerRequest) async throws -> [UInt8] {
            let start = ContinuousClock.now
            defer { recorder.request(start.duration(to: .now)) }
            return try await base.send(request)
        }
    }
}

extension Duration {
    /// Seconds, for figures.
    var benchSeconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
