import HiveProtocols
import Hummingbird
import ServiceLifecycle

/// `GET /events`: server-sent events for live pages. Every `eventIntervalSeconds` it sends
/// `event: summary` with the fleet summary JSON (the same document as
/// `/api/v1/fleet/summary`). `?count=n` ends the stream after `n` events (scripts, tests). The
/// stream ends when the client goes away or the server shuts down gracefully.
struct EventRoutes {
    let web: WebContext

    func register(_ router: Router<WebRequestContext>) {
        router.get("/events") { request, context in try stream(request, context) }
    }

    private func stream(_ request: Request, _ context: WebRequestContext) throws -> Response {
        _ = try Guard.require(.viewer, context)
        let count = try MinerQuery.integer(RequestInput.query(request), "count", default: 0, in: 0...1_000_000)
        let web = self.web
        let body = ResponseBody { writer in
            var sent = 0
            while count == 0 || sent < count, !Task.isShuttingDownGracefully, !Task.isCancelled {
                try await writer.write(ByteBuffer(string: try await Self.summaryEvent(web)))
                sent += 1
                if count != 0 && sent >= count { break }
                let clock = web.clock
                let interval = Duration.seconds(web.web.eventIntervalSeconds)
                do {
                    // Cut short by a graceful shutdown, so an open dashboard never holds the server up.
                    try await cancelWhenGracefulShutdown { try await clock.sleep(for: interval) }
                } catch is CancellationError {
                    break
                }
            }
            try await writer.finish(nil)
        }
        return Response(
            status: .ok,
            headers: [.contentType: "text/event-stream", .cacheControl: "no-store", .init("X-Accel-Buffering")!: "no"],
            body: body)
    }

    /// One `summary` event.
    static func summaryEvent(_ web: WebContext) async throws -> String {
        let rows = try await MinerAPI.rows(web)
        let energy = try await EnergyAPI.figures(web)
        let json = APIJSON.summary(FleetSummary(rows: rows), energy: energy, now: web.now()).serialized()
        return "event: summary\ndata: \(json)\n\n"
    }
}
