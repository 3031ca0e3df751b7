import HiveProtocols
import Hummingbird

/// `/api/v1/plant…`, `/api/v1/balancer…` and `/api/v1/audit`.
struct EnergyAPI {
    let web: WebContext

    func register(_ router: Router<WebRequestContext>) {
        router.get("/api/v1/plant/latest") { _, context in try await plantLatest(context) }
        router.get("/api/v1/plant/readings") { request, context in try await plantReadings(request, context) }
        router.get("/api/v1/balancer") { _, context in try await balancer(context) }
        router.get("/api/v1/balancer/actions") { request, context in try await actions(request, context) }
        router.put("/api/v1/balancer/override") { request, context in try await setOverride(request, context) }
        router.delete("/api/v1/balancer/override") { request, context in try await clearOverride(request, context) }
        router.get("/api/v1/audit") { request, context in try await audit(request, context) }
    }

    /// Budget, consumption and phase for the fleet summary; `nil` without an energy provider.
    static func figures(_ web: WebContext) async throws -> EnergyFigures? {
        guard let energy = web.energy else { return nil }
        let status = try await energy.balancerState()?.lastStatus
        var consumption = status?.projected
        if consumption == nil { consumption = try await energy.latestUsablePlantReading()?.sample?.consumption }
        return EnergyFigures(budget: status?.budget, consumption: consumption, phase: status?.phase.rawValue)
    }

    private func provider() throws -> any EnergyStatusProvider {
        guard let energy = web.energy else { throw APIError.unavailable("plant and balancer data") }
        return energy
    }

    private func plantLatest(_ context: WebRequestContext) async throws -> Response {
        _ = try Guard.require(.viewer, context)
        let energy = try provider()
        async let latest = energy.latestPlantReading()
        async let usable = energy.latestUsablePlantReading()
        return JSONResponse.make([
            "latest": try await latest.map(APIJSON.plantReading) ?? .null,
            "latest_usable": try await usable.map(APIJSON.plantReading) ?? .null,
        ])
    }

    private func plantReadings(_ request: Request, _ context: WebRequestContext) async throws -> Response {
        _ = try Guard.require(.viewer, context)
        let parameters = RequestInput.query(request)
        let range = try TimeRange(parameters, now: web.now())
        let limit = try MinerQuery.integer(parameters, "limit", default: 2000, in: 1...20_000)
        let readings = try await provider().plantReadings(from: range.from, to: range.to, limit: limit)
        return JSONResponse.make([
            "from": .time(range.from), "to": .time(range.to), "items": .array(readings.map(APIJSON.plantReading)),
        ])
    }

    private func balancer(_ context: WebRequestContext) async throws -> Response {
        _ = try Guard.require(.viewer, context)
        let state = try await provider().balancerState()
        return JSONResponse.make([
            "enabled": .bool(web.config.balancer.enabled), "configured_mode": .string(web.config.balancer.mode),
            "state": state.map { APIJSON.balancer($0, now: web.now()) } ?? .null,
        ])
    }

    private func actions(_ request: Request, _ context: WebRequestContext) async throws -> Response {
        _ = try Guard.require(.viewer, context)
        let parameters = RequestInput.query(request)
        let range = try TimeRange(parameters, now: web.now())
        let limit = try MinerQuery.integer(parameters, "limit", default: 500, in: 1...5000)
        let energy = try provider()
        let state = try await energy.balancerState()
        let recent = try await energy.balancerAudit(miner: nil, from: range.from, to: range.to, limit: 50_000)
            .suffix(limit)
        return JSONResponse.make([
            "pending": .array((state?.pendingChanges ?? []).map(APIJSON.pendingChange)),
            "recent": .array(recent.reversed().map(APIJSON.balancerAudit)),
        ])
    }

    private func setOverride(_ request: Request, _ context: WebRequestContext) async throws -> Response {
        let principal = try Guard.requireWrite(.operator, request, context)
        guard let budget = web.budget else { throw APIError.unavailable("budget override") }
        let body = try await RequestInput.jsonObject(request, context)
        guard let watts = try RequestInput.number(body, "watts", in: 0...1_000_000_000) else {
            throw APIError.invalid("watts", "required")
        }
        let minutes = try RequestInput.number(body, "minutes", in: 1...10_080) ?? 60
        let reason = try RequestInput.optionalString(body, "reason", maxLength: 200)
        let now = web.now()
        let override = BudgetOverride(
            watts: Watts(watts), expiresAt: now.adding(milliseconds: Int64(minutes * 60_000)), setBy: principal.name,
            reason: reason)
        try await budget.setOverride(override)
        var parameters = ["watts": PrometheusText.format(watts), "minutes": PrometheusText.format(minutes)]
        if let reason { parameters["reason"] = reason }
        try await web.audit.append(
            ControlAuditEntry(
                time: now, actor: principal.actor, remoteIP: web.clientIP(request, context), action: "budget_override",
                parameters: parameters, outcome: "ok"))
        return JSONResponse.make([
            "watts": .number(watts), "expires_at": .time(override.expiresAt), "set_by": .string(principal.name),
            "reason": .text(reason),
        ])
    }

    private func clearOverride(_ request: Request, _ context: WebRequestContext) async throws -> Response {
        let principal = try Guard.requireWrite(.operator, request, context)
        guard let budget = web.budget else { throw APIError.unavailable("budget override") }
        try await budget.setOverride(nil)
        try await web.audit.append(
            ControlAuditEntry(
                time: web.now(), actor: principal.actor, remoteIP: web.clientIP(request, context),
                action: "budget_override_clear", outcome: "ok"))
        return Response(status: .noContent)
    }

    private func audit(_ request: Request, _ context: WebRequestContext) async throws -> Response {
        _ = try Guard.require(.viewer, context)
        let parameters = RequestInput.query(request)
        let range = try TimeRange(parameters, now: web.now(), defaultRange: "7d")
        let limit = try MinerQuery.integer(parameters, "limit", default: 200, in: 1...5000)
        var miner: MinerRecord.ID?
        if let text = parameters["miner"] {
            guard let id = Int64(text), id > 0 else { throw APIError.invalid("miner", "a positive integer") }
            miner = MinerRecord.ID(id)
        }
        let source = parameters["source"]
        guard source == nil || source == "user" || source == "balancer" else {
            throw APIError.invalid("source", "user or balancer")
        }
        var merged: [(UnixMillis, JSONValue)] = []
        if source != "balancer" {
            let entries = try await web.audit.entries(miner: miner, from: range.from, to: range.to, limit: limit)
            merged += entries.map { ($0.time, APIJSON.audit($0)) }
        }
        if source != "user", let energy = web.energy {
            // The store answers oldest first: read generously and keep the newest.
            let entries = try await energy.balancerAudit(miner: miner, from: range.from, to: range.to, limit: 50_000)
                .suffix(limit)
            merged += entries.map { ($0.time, APIJSON.balancerAudit($0)) }
        }
        let items = merged.sorted { $0.0 > $1.0 }.prefix(limit).map(\.1)
        return JSONResponse.make(["from": .time(range.from), "to": .time(range.to), "items": .array(Array(items))])
    }
}
