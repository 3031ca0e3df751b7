import Foundation
public import HiveProtocols
public import Logging
import NIOConcurrencyHelpers
public import ServiceLifecycle

/// Reads the plant API every `interval` on an injected clock and stores every attempt.
///
/// Each poll is `GET <path>?plant_id=<id>` with `Authorization: Bearer <key>` (through the
/// ``HTTPTransport`` given, bound to the endpoint's host) and `Accept: application/json`. The
/// reply is parsed by ``PlantReadingParser`` in the configured ``PlantUnit``; the record keeps
/// the raw body, and is `usable` only when parsed, sane, for the configured plant and trusted
/// (`confidence_score >= minConfidence`). A transport error, an HTTP error or a rejected body is
/// stored as `failed` with the reason. Freshness is the balancer's business: it judges the
/// reading's `collection_timestamp`, not the time of the poll.
public struct PlantPoller: Service {
    /// Settings.
    public struct Configuration: Sendable {
        /// Where to ask.
        public var endpoint: PlantEndpoint
        /// The bearer key; `nil` sends no `Authorization` header.
        public var apiKey: Secret?
        /// Unit of the reply's power figures.
        public var unit: PlantUnit
        /// Readings with a lower trust score are stored as unusable.
        public var minConfidence: Double
        /// Time between polls.
        public var interval: Duration
        /// Delay before the first poll.
        public var initialDelay: Duration
        /// The sanity guard.
        public var limits: PlantReadingParser.Limits
        /// Largest body kept in a record.
        public var maximumStoredBody: Int
        /// Deadline for one request (`plant.timeout_seconds`). The transport enforces it: the
        /// daemon builds the plant's transport with it (``PowerHiveDaemon/makeEnergy``), so a
        /// hung API is a failed reading rather than a stalled schedule.
        public var timeout: Duration

        /// Creates settings.
        public init(
            endpoint: PlantEndpoint, apiKey: Secret?, unit: PlantUnit = .kilowatts, minConfidence: Double = 0.5,
            interval: Duration = .seconds(30), initialDelay: Duration = .zero,
            limits: PlantReadingParser.Limits = PlantReadingParser.Limits(), maximumStoredBody: Int = 64 * 1024,
            timeout: Duration = .seconds(10)
        ) {
            self.endpoint = endpoint
            self.apiKey = apiKey
            self.unit = unit
            self.minConfidence = minConfidence
            self.interval = interval
            self.initialDelay = initialDelay
            self.limits = limits
            self.maximumStoredBody = maximumStoredBody
            self.timeout = timeout
        }

        /// The settings from `plant.*` (the key from `POWERHIVE_PLANT_API_KEY` when set) and
        /// `intervals.plant_seconds`; `nil` when no endpoint is
        /// configured (or it is not a URL) or the unit is not one of W, kW, MW.
        public init?(_ config: PowerHiveConfig) {
            guard let url = config.plant.apiEndpoint,
                let endpoint = PlantEndpoint(url: url, plantID: config.plant.plantID),
                let unit = PlantUnit(configValue: config.plant.unit)
            else { return nil }
            self.init(
                endpoint: endpoint, apiKey: config.plant.apiKey, unit: unit, minConfidence: config.plant.minConfidence,
                interval: .seconds(config.intervals.plantSeconds), timeout: .seconds(config.plant.timeoutSeconds))
        }
    }

    /// The settings.
    public let configuration: Configuration
    private let transport: any HTTPTransport
    private let store: any PlantReadingStore
    private let timeline: Timeline
    private let now: @Sendable () -> UnixMillis
    private let logger: Logger
    private let overruns = NIOLockedValueBox(0)
    private let onPoll: (@Sendable (PlantReadingRecord) -> Void)?

    /// Creates a poller.
    /// - Parameters:
    ///   - transport: Bound to `configuration.endpoint.host` (it must verify TLS certificates:
    ///     the bearer key goes over it).
    ///   - store: Where every attempt goes.
    ///   - clock: Schedules polls (a `ManualClock` in tests).
    ///   - now: Wall time stamped on records.
    ///   - onPoll: Told about every stored record (the daemon's heartbeat).
    public init(
        configuration: Configuration, transport: any HTTPTransport, store: any PlantReadingStore,
        clock: any Clock<Duration> = ContinuousClock(), now: (@Sendable () -> UnixMillis)? = nil, logger: Logger,
        onPoll: (@Sendable (PlantReadingRecord) -> Void)? = nil
    ) {
        self.configuration = configuration
        self.transport = transport
        self.store = store
        timeline = Timeline(clock)
        self.now = now ?? { UnixMillis(Date()) }
        var logger = logger
        logger[metadataKey: "plant.endpoint"] = "\(configuration.endpoint.host)"
        self.logger = logger
        self.onPoll = onPoll
    }

    /// Deadlines skipped so far because a poll ran past them.
    public var skippedDeadlines: Int { overruns.withLockedValue { $0 } }

    /// Polls once now, stores the record and returns it.
    /// - Throws: only when the store fails.
    @discardableResult
    public func poll() async throws -> PlantReadingRecord {
        let record = await read()
        try await store.append(plantReading: record)
        onPoll?(record)
        switch record.outcome {
        case .usable:
            logger.debug(
                "plant reading stored",
                metadata: ["generation": "\(record.sample?.generation.map { "\($0)" } ?? "-")"])
        case .unusable:
            logger.warning("plant reading unusable: \(record.reason ?? "")")
        case .failed:
            logger.warning("plant poll failed: \(record.reason ?? "")")
        }
        return record
    }

    /// Polls on schedule until cancelled or shut down gracefully. A store failure is logged and
    /// the schedule goes on.
    public func run() async throws {
        var ticker = FixedRateTicker(
            timeline: timeline, interval: configuration.interval, initialDelay: configuration.initialDelay)
        guard await ticker.waitForFirst() else { return }
        repeat {
            do {
                try await poll()
            } catch {
                if Task.isCancelled { break }
                logger.error("plant reading could not be stored: \(error)")
            }
        } while await ticker.waitForNext(skipped: { skipped in
            overruns.withLockedValue { $0 += skipped }
            logger.warning("plant poll overran its interval: skipped \(skipped)")
        })
    }

    /// The request sent each poll (tests check it).
    public var request: HTTPRequest {
        HTTPRequest(
            method: "GET", path: configuration.endpoint.target, port: configuration.endpoint.port,
            tls: configuration.endpoint.tls, headers: [HTTPHeader("Accept", "application/json")],
            auth: configuration.apiKey.map { .bearer($0) } ?? .none)
    }

    private func read() async -> PlantReadingRecord {
        let response: HTTPResponse
        do {
            response = try await transport.send(request)
        } catch {
            return PlantReadingRecord(receivedAt: now(), outcome: .failed, reason: "\(error)")
        }
        let receivedAt = now()
        let body = Array(response.body.prefix(configuration.maximumStoredBody))
        guard response.isSuccess else {
            return PlantReadingRecord(
                receivedAt: receivedAt, outcome: .failed, reason: "HTTP \(response.status)",
                httpStatus: response.status,
                rawBody: body)
        }
        let sample: PlantSample
        do {
            sample = try PlantReadingParser.parse(response.body, unit: configuration.unit, limits: configuration.limits)
        } catch {
            return PlantReadingRecord(
                receivedAt: receivedAt, outcome: .failed, reason: "\(error)", httpStatus: response.status, rawBody: body
            )
        }
        var reason = sample.unusableReason(minConfidence: configuration.minConfidence)
        if reason == nil, let wanted = configuration.endpoint.plantID, let got = sample.plantID, got != wanted {
            reason = "reading is for plant '\(got)', not '\(wanted)'"
        }
        return PlantReadingRecord(
            receivedAt: receivedAt, outcome: reason == nil ? .usable : .unusable, reason: reason,
            httpStatus: response.status, sample: sample, rawBody: body)
    }
}
