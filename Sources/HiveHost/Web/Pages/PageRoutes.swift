import Foundation
import HiveProtocols
import Hummingbird

/// The dashboard pages and their form posts. Anyone not logged in is sent to the login page
/// (by ``ErrorMiddleware``); forms need the CSRF token and the operator role.
struct PageRoutes {
    let web: WebContext

    func register(_ router: Router<WebRequestContext>) {
        router.get("/") { _, context in try await fleet(context) }
        router.get("/miners/:id") { request, context in try await miner(request, context) }
        router.post("/miners/:id/actions") { request, context in try await minerAction(request, context) }
        router.get("/energy") { request, context in try await energy(request, context) }
        router.post("/energy/override") { request, context in try await setOverride(request, context) }
        router.post("/energy/override/clear") { request, context in try await clearOverride(request, context) }
        router.get("/discovery") { _, context in try await discovery(context) }
    }

    private func fleet(_ context: WebRequestContext) async throws -> Response {
        _ = try Guard.require(.viewer, context)
        let rows = try await MinerAPI.rows(web)
        let energy = try await EnergyAPI.figures(web)
        return Pages.html(FleetPage.render(rows: rows, energy: energy, web: web, context: context))
    }

    private func miner(_ request: Request, _ context: WebRequestContext) async throws -> Response {
        _ = try Guard.require(.viewer, context)
        let id = try RequestInput.minerID(context)
        guard let record = try await web.store.miner(id) else { throw APIError.notFound("miner \(id.rawValue)") }
        let query = RequestInput.query(request)
        let range = MinerPage.ranges.contains(query["range"] ?? "") ? query["range"] ?? "24h" : "24h"
        let span = try TimeRange.span(range, field: "range")
        let now = web.now()
        let to = now.adding(milliseconds: 1)
        let from = to.adding(milliseconds: -span)
        let weekAgo = now.adding(milliseconds: -7 * 86_400_000)
        async let status = web.store.latestStatuses()
        async let addresses = web.store.addresses(of: id)
        async let telemetry = web.store.latestTelemetry(of: id)
        async let samples = web.store.statusHistory(of: id, from: from, to: to, limit: 500_000)
        async let audit = web.audit.entries(miner: id, from: weekAgo, to: to, limit: 50)
        let balancerAudit =
            try await web.energy?.balancerAudit(miner: id, from: weekAgo, to: to, limit: 5000).suffix(50) ?? []
        let input = MinerPage.Input(
            row: FleetRow(miner: record, status: try await status.first { $0.minerID == id }),
            addresses: try await addresses, telemetry: try await telemetry,
            history: HistorySeries(samples: try await samples, from: from, to: to, buckets: 240), range: range,
            audit: try await audit, balancerAudit: Array(balancerAudit), flash: Self.flash(query))
        return Pages.html(MinerPage.render(input, web: web, context: context))
    }

    private func minerAction(_ request: Request, _ context: WebRequestContext) async throws -> Response {
        let form = try await RequestInput.form(request, context)
        let principal = try Guard.requireWrite(.operator, request, context, formToken: form["csrf"])
        let id = try RequestInput.minerID(context)
        var body: [String: JSONValue] = [:]
        for (key, value) in form where key != "csrf" {
            body[key] = key == "watts" ? (Double(value).map(JSONValue.number) ?? .string(value)) : .string(value)
        }
        let base = "/miners/\(id.rawValue)"
        do {
            let action = try ControlAction(body)
            let result = try await ControlExecutor(web: web).perform(
                action, on: id, by: principal, from: web.clientIP(request, context))
            return Pages.redirect("\(base)?done=\(action.name)&outcome=\(result.outcome?.result.rawValue ?? "ok")")
        } catch let error as APIError where error.status != .notFound {
            return Pages.redirect("\(base)?error=\(error.code)")
        }
    }

    private func energy(_ request: Request, _ context: WebRequestContext) async throws -> Response {
        _ = try Guard.require(.viewer, context)
        let now = web.now()
        let to = now.adding(milliseconds: 1)
        let dayAgo = to.adding(milliseconds: -86_400_000)
        let weekAgo = to.adding(milliseconds: -7 * 86_400_000)
        let userAudit = try await web.audit.entries(miner: nil, from: weekAgo, to: to, limit: 200)
        var input = EnergyPage.Input(
            available: web.energy != nil, latest: nil, readings: [], from: dayAgo, to: to, state: nil,
            userAudit: userAudit, balancerAudit: [], flash: Self.flash(RequestInput.query(request)))
        if let energy = web.energy {
            input.latest = try await energy.latestPlantReading()
            input.readings = try await energy.plantReadings(from: dayAgo, to: to, limit: 20_000)
            input.state = try await energy.balancerState()
            input.balancerAudit = Array(
                try await energy.balancerAudit(miner: nil, from: weekAgo, to: to, limit: 50_000).suffix(200))
        }
        return Pages.html(EnergyPage.render(input, web: web, context: context))
    }

    private func setOverride(_ request: Request, _ context: WebRequestContext) async throws -> Response {
        let form = try await RequestInput.form(request, context)
        let principal = try Guard.requireWrite(.operator, request, context, formToken: form["csrf"])
        guard let budget = web.budget else { return Pages.redirect("/energy?error=unavailable") }
        guard let kw = form["kw"].flatMap(Double.init), kw.isFinite, kw >= 0, kw <= 1_000_000,
            let minutes = form["minutes"].flatMap(Int.init), (1...10_080).contains(minutes)
        else { return Pages.redirect("/energy?error=invalid_parameter") }
        let reason = form["reason"].map { String($0.prefix(200)) }.flatMap { $0.isEmpty ? nil : $0 }
        let now = web.now()
        try await budget.setOverride(
            BudgetOverride(
                watts: .kilowatts(kw), expiresAt: now.adding(milliseconds: Int64(minutes) * 60_000),
                setBy: principal.name, reason: reason))
        var parameters = ["watts": PrometheusText.format(kw * 1000), "minutes": String(minutes)]
        if let reason { parameters["reason"] = reason }
        try await web.audit.append(
            ControlAuditEntry(
                time: now, actor: principal.actor, remoteIP: web.clientIP(request, context), action: "budget_override",
                parameters: parameters, outcome: "ok"))
        return Pages.redirect("/energy?done=budget_override&outcome=ok")
    }

    private func clearOverride(_ request: Request, _ context: WebRequestContext) async throws -> Response {
        let form = try await RequestInput.form(request, context)
        let principal = try Guard.requireWrite(.operator, request, context, formToken: form["csrf"])
        guard let budget = web.budget else { return Pages.redirect("/energy?error=unavailable") }
        try await budget.setOverride(nil)
        try await web.audit.append(
            ControlAuditEntry(
                time: web.now(), actor: principal.actor, remoteIP: web.clientIP(request, context),
                action: "budget_override_clear", outcome: "ok"))
        return Pages.redirect("/energy?done=budget_override_clear&outcome=ok")
    }

    private func discovery(_ context: WebRequestContext) async throws -> Response {
        _ = try Guard.require(.viewer, context)
        let runs = await web.discovery?.recentRuns(limit: 20) ?? []
        return Pages.html(
            DiscoveryPage.render(runs: runs, rows: try await MinerAPI.rows(web), web: web, context: context))
    }

    /// A message from `done`/`outcome`/`error` query values, accepted only as short
    /// `[a-z_]` words so a crafted link cannot put arbitrary text on the page.
    static func flash(_ query: [String: String]) -> String? {
        func word(_ key: String) -> String? {
            guard let value = query[key], !value.isEmpty, value.count <= 40,
                value.allSatisfy({ ("a"..."z").contains($0) || $0 == "_" })
            else { return nil }
            return value.replacingOccurrences(of: "_", with: " ")
        }
        if let error = word("error") { return "The action failed: \(error)." }
        if let done = word("done") { return "\(done): \(word("outcome") ?? "done")." }
        return nil
    }
}
