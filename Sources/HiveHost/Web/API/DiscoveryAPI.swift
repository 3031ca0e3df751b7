import HiveProtocols
import Hummingbird

/// `/api/v1/discovery` and `/api/v1/discovery/runs`.
struct DiscoveryAPI {
    let web: WebContext

    func register(_ router: Router<WebRequestContext>) {
        router.get("/api/v1/discovery") { _, context in try await overview(context) }
        router.get("/api/v1/discovery/runs") { request, context in try await runs(request, context) }
    }

    private func overview(_ context: WebRequestContext) async throws -> Response {
        _ = try Guard.require(.viewer, context)
        let runs = await web.discovery?.recentRuns(limit: 1) ?? []
        let rows = try await MinerAPI.rows(web)
        let dayAgo = web.now().adding(milliseconds: -86_400_000)
        return JSONResponse.make([
            "subnets": .array(web.config.network.subnets.map(JSONValue.string)),
            "interval_s": .int(web.config.intervals.discoverySeconds),
            "passive": .bool(web.config.network.passiveDiscovery),
            "last_run": runs.first.map(APIJSON.discoveryRun) ?? .null,
            "miners": .int(rows.count), "offline": .int(rows.filter { !$0.miner.online }.count),
            "new_last_24h": .int(rows.filter { $0.miner.firstSeen >= dayAgo }.count),
            "provisional": .int(rows.filter { $0.miner.isProvisional }.count),
        ])
    }

    private func runs(_ request: Request, _ context: WebRequestContext) async throws -> Response {
        _ = try Guard.require(.viewer, context)
        guard let discovery = web.discovery else { throw APIError.unavailable("discovery runs") }
        let limit = try MinerQuery.integer(RequestInput.query(request), "limit", default: 20, in: 1...100)
        let runs = await discovery.recentRuns(limit: limit)
        return JSONResponse.make(["items": .array(runs.map(APIJSON.discoveryRun))])
    }
}
