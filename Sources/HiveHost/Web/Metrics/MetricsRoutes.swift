import Hummingbird

/// `GET /metrics`: scrape-time fleet gauges, then the registry the services feed, as
/// `text/plain; version=0.0.4`. Needs a viewer (session or, for Prometheus, a bearer token)
/// unless ``WebConfiguration/publicMetrics`` is set.
struct MetricsRoutes {
    let web: WebContext

    func register(_ router: Router<WebRequestContext>) {
        router.get("/metrics") { _, context in try await metrics(context) }
    }

    private func metrics(_ context: WebRequestContext) async throws -> Response {
        if !web.web.publicMetrics { _ = try Guard.require(.viewer, context) }
        let rows = try await MinerAPI.rows(web)
        var plant: PlantReadingRecord?
        var balancer: BalancerState?
        if let energy = web.energy {
            plant = try await energy.latestUsablePlantReading()
            balancer = try await energy.balancerState()
        }
        let text =
            FleetMetricsCollector.render(
                .init(
                    rows: rows, now: web.now(), latestUsablePlant: plant, balancer: balancer,
                    loops: web.loops.statuses()))
            + web.metrics.emit()
        return Response(
            status: .ok,
            headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
