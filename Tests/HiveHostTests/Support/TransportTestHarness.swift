import HiveHost
import HiveProtocols
import NIOCore
import Testing

/// Starts servers and live transports for a test and tears them down afterwards.
enum TransportTestHarness {
    /// Runs `body` with a fake CGMiner on `host` that answers every request with `steps`.
    @discardableResult
    static func withCGMinerServer<T>(
        host: String, lengthPrefixed: Bool = false, recorder: ServerRecorder = ServerRecorder(),
        steps: @escaping @Sendable ([UInt8]) -> [ServerStep],
        _ body: (LoopbackServer, ServerRecorder) async throws -> T
    ) async throws -> T {
        let server = try await LoopbackServer.start(host: host) {
            ScriptedCGMinerHandler(lengthPrefixed: lengthPrefixed, recorder: recorder, steps: steps)
        }
        do {
            let result = try await body(server, recorder)
            await server.close()
            return result
        } catch {
            await server.close()
            throw error
        }
    }

    /// Runs `body` with a test HTTP server on `host` answering with `respond` (nil: never).
    @discardableResult
    static func withHTTPServer<T>(
        host: String, recorder: ServerRecorder = ServerRecorder(),
        respond: @escaping @Sendable (TestHTTPRequest) -> TestHTTPResponse?,
        _ body: (LoopbackServer, ServerRecorder) async throws -> T
    ) async throws -> T {
        let server = try await LoopbackServer.start(host: host) {
            LoopbackHTTPHandler(recorder: recorder, respond: respond)
        }
        do {
            let result = try await body(server, recorder)
            await server.close()
            return result
        } catch {
            await server.close()
            throw error
        }
    }

    /// Runs `body` with a transport factory over a fresh miner HTTP client, shut down afterwards.
    @discardableResult
    static func withFactory<T>(
        // Generous deadlines: loopback answers in microseconds, but a full parallel test run on a
        // busy 2-core box has stalled digest round trips past the 5 s production default.
        configuration: LiveTransportFactory.Configuration = .init(
            http: .init(deadline: .seconds(30)), cgminer: .init(connectTimeout: .seconds(10), deadline: .seconds(30))),
        gate: MinerRequestGate = MinerRequestGate(),
        _ body: (LiveTransportFactory) async throws -> T
    ) async throws -> T {
        let client = HTTPClientFactory.makeClient(configuration: .init(connectTimeout: .seconds(10)))
        let factory = LiveTransportFactory(httpClient: client, gate: gate, configuration: configuration)
        do {
            let result = try await body(factory)
            try await client.shutdown()
            return result
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    /// Runs `operation`, expects a `DriverError` of `kind`, and returns it with the time taken.
    @discardableResult
    static func expectDriverError(
        _ kind: DriverError.Kind, sourceLocation: SourceLocation = #_sourceLocation,
        _ operation: () async throws -> Void
    ) async -> (error: DriverError?, elapsed: Duration) {
        let clock = ContinuousClock()
        let start = clock.now
        do {
            try await operation()
            Issue.record("expected a \(kind) error, got success", sourceLocation: sourceLocation)
            return (nil, clock.now - start)
        } catch let error as DriverError {
            #expect(error.kind == kind, "\(error)", sourceLocation: sourceLocation)
            return (error, clock.now - start)
        } catch {
            Issue.record("expected a DriverError (\(kind)), got \(error)", sourceLocation: sourceLocation)
            return (nil, clock.now - start)
        }
    }
}
