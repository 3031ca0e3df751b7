import Foundation
import HiveProtocols

extension BenchPollCommand {
    /// Records, per miner address, when its first request of a cycle started and its last one
    /// ended, so the benchmark can name the slowest healthy miner's latency (a poll may take
    /// several requests; their span is the miner's latency for that cycle).
    final class RequestSpans: @unchecked Sendable {
        private let lock = NSLock()
        private var spans: [String: (start: ContinuousClock.Instant, end: ContinuousClock.Instant)] = [:]

        /// Forgets everything (call before a cycle).
        func reset() {
            lock.withLock { spans.removeAll(keepingCapacity: true) }
        }

        func record(_ host: String, start: ContinuousClock.Instant, end: ContinuousClock.Instant) {
            lock.withLock {
                if let known = spans[host] {
                    spans[host] = (min(known.start, start), max(known.end, end))
                } else {
                    spans[host] = (start, end)
                }
            }
        }

        /// The longest span among `hosts`, with its host.
        func slowest(among hosts: Set<String>) -> (host: String, latency: Duration)? {
            lock.withLock {
                spans.filter { hosts.contains($0.key) }.map { ($0.key, $0.value.start.duration(to: $0.value.end)) }
                    .max { $0.1 < $1.1 }
            }
        }
    }

    /// An HTTP transport that times each request into ``RequestSpans``.
    struct TimedHTTP: HTTPTransport {
        let host: String
        let base: any HTTPTransport
        let spans: RequestSpans

        func send(_ request: HTTPRequest) async throws -> HTTPResponse {
            let start = ContinuousClock.now
            defer { spans.record(host, start: start, end: .now) }
            return try await base.send(request)
        }
    }

    /// A CGMiner transport that times each request into ``RequestSpans``.
    struct TimedCGMiner: CGMinerTransport {
        let host: String
        let base: any CGMinerTransport
        let spans: RequestSpans

        func send(_ request: CGMinerRequest) async throws -> [UInt8] {
            let start = ContinuousClock.now
            defer { spans.record(host, start: start, end: .now) }
            return try await base.send(request)
        }
    }
}
