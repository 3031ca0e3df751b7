import HiveProtocols
import Hummingbird

/// `/api/v1/miners…` and `/api/v1/fleet/summary`.
struct MinerAPI {
    let web: WebContext

    func register(_ router: Router<WebRequestContext>) {
        router.get("/api/v1/miners") { request, context in try await list(request, context) }
        router.get("/api/v1/miners/:id") { _, context in try await one(context) }
        router.get("/api/v1/miners/:id/history") { request, context in try await history(request, context) }
        router.get("/api/v1/miners/:id/telemetry") { _, context in try await telemetry(context) }
        router.post("/api/v1/miners/:id/actions") { request, context in try await action(request, context) }
        router.get("/api/v1/fleet/summary") { _, context in try await summary(context) }
    }

    /// Every miner joined with its newest sample.
    static func rows(_ web: WebContext) async throws -> [FleetRow] {
        async let miners = web.store.miners()
        async let statuses = web.store.latestStatuses()
        return FleetRow.join(miners: try await miners, statuses: try await statuses)
    }

    private func list(_ request: Request, _ context: WebRequestContext) async throws -> Response {
        _ = try Guard.require(.viewer, context)
        let query = try MinerQuery(RequestInput.query(request))
        let (page, total) = query.apply(try await Self.rows(web))
        return JSONResponse.make(
            APIJSON.page(page.map(APIJSON.miner), total: total, limit: query.limit, offset: query.offset))
    }

    private func one(_ context: WebRequestContext) async throws -> Response {
        _ = try Guard.require(.viewer, context)
        let id = try RequestInput.minerID(context)
        guard let miner = try await web.store.miner(id) else { throw APIError.notFound("miner \(id.rawValue)") }
        let status = try await web.store.latestStatuses().first { $0.minerID == id }
        var json = APIJSON.miner(FleetRow(miner: miner, status: status))
        if case .object(var object) = json {
            object["addresses"] = .array(
                try await web.store.addresses(of: id).map {
                    ["ip": .string($0.ip), "first_seen": .time($0.firstSeen), "last_seen": .time($0.lastSeen)]
                })
            json = .object(object)
        }
        return JSONResponse.make(json)
    }

    private func history(_ request: Request, _ context: WebRequestContext) async throws -> Response {
        _ = try Guard.require(.viewer, context)
        let id = try RequestInput.minerID(context)
        let parameters = RequestInput.query(request)
        let range = try TimeRange(parameters, now: web.now())
        guard try await web.store.miner(id) != nil else { throw APIError.notFound("miner \(id.rawValue)") }
        if parameters["buckets"] != nil {
            let buckets = try MinerQuery.integer(parameters, "buckets", default: 300, in: 1...2000)
            let samples = try await web.store.statusHistory(of: id, from: range.from, to: range.to, limit: 500_000)
            let series = HistorySeries(samples: samples, from: range.from, to: range.to, buckets: buckets)
            return JSONResponse.make([
                "miner_id": .number(Double(id.rawValue)), "from": .time(range.from), "to": .time(range.to),
                "bucket_s": .number(Double(series.bucketMs) / 1000),
                "points": .array(
                    series.points.map {
                        [
                            "time": .time($0.time), "samples": .int($0.samples), "hashrate_hs": .number($0.hashrate),
                            "power_w": .number($0.power), "chip_temp_max_c": .number($0.chipTemp),
                            "board_temp_max_c": .number($0.boardTemp),
                        ]
                    }),
            ])
        }
        let limit = try MinerQuery.integer(parameters, "limit", default: 5000, in: 1...50_000)
        let samples = try await web.store.statusHistory(of: id, from: range.from, to: range.to, limit: limit)
        return JSONResponse.make([
            "miner_id": .number(Double(id.rawValue)), "from": .time(range.from), "to": .time(range.to),
            "samples": .array(samples.map(APIJSON.status)),
        ])
    }

    private func telemetry(_ context: WebRequestContext) async throws -> Response {
        _ = try Guard.require(.viewer, context)
        let id = try RequestInput.minerID(context)
        guard try await web.store.miner(id) != nil else { throw APIError.notFound("miner \(id.rawValue)") }
        guard let sample = try await web.store.latestTelemetry(of: id) else {
            throw APIError.notFound("telemetry of miner \(id.rawValue)")
        }
        var json = APIJSON.telemetry(sample)
        if case .object(var object) = json {
            object["miner_id"] = .number(Double(id.rawValue))
            json = .object(object)
        }
        return JSONResponse.make(json)
    }

    private func action(_ request: Request, _ context: WebRequestContext) async throws -> Response {
        let principal = try Guard.requireWrite(.operator, request, context)
        let id = try RequestInput.minerID(context)
        let action = try ControlAction(try await RequestInput.jsonObject(request, context))
        let result = try await ControlExecutor(web: web).perform(
            action, on: id, by: principal, from: web.clientIP(request, context))
        return JSONResponse.make([
            "miner_id": .number(Double(id.rawValue)), "action": .string(action.name),
            "outcome": ControlExecutor.json(result.outcome), "audit_id": .number(result.auditID.map(Double.init)),
        ])
    }

    private func summary(_ context: WebRequestContext) async throws -> Response {
        _ = try Guard.require(.viewer, context)
        let rows = try await Self.rows(web)
        let energy = try await EnergyAPI.figures(web)
        return JSONResponse.make(APIJSON.summary(FleetSummary(rows: rows), energy: energy, now: web.now()))
    }
}
