import AsyncHTTPClient
import ServiceLifecycle

/// Owns the shared `HTTPClient`: idles until graceful shutdown, then shuts the client down.
/// Placed first in the service group, it is shut down last, after every service that uses it.
struct HTTPClientService: Service {
    let client: HTTPClient

    func run() async throws {
        try? await gracefulShutdown()
        try await client.shutdown()
    }
}
