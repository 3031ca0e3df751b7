import HiveProtocols
import Hummingbird

/// `/api/v1/balancer/policies`: what the balancer may do with a miner or a model (locked,
/// priority, min/max watts, sleep, untuned presets, modded-PSU presets).
///
/// - `GET` (viewer): every stored policy.
/// - `PUT` (operator) with a JSON body `{"scope": "miner:12" | "model:Antminer S19 Pro", …}`:
///   replaces that scope's policy; fields left out take the defaults (unlocked, priority 0,
///   no limits, sleep allowed, no untuned or modded-PSU presets). Unknown fields are an error.
/// - `DELETE ?scope=…` (operator): the scope falls back to its model's policy or the defaults.
///
/// Every change goes in the web audit log. The balancer reads the table every cycle.
struct PolicyAPI {
    let web: WebContext

    static let fields: Set<String> = [
        "scope", "locked", "priority", "min_w", "max_w", "allow_sleep", "allow_untuned_presets", "allow_modded_psu",
    ]

    func register(_ router: Router<WebRequestContext>) {
        router.get("/api/v1/balancer/policies") { _, context in try await list(context) }
        router.put("/api/v1/balancer/policies") { request, context in try await save(request, context) }
        router.delete("/api/v1/balancer/policies") { request, context in try await delete(request, context) }
    }

    private func store() throws -> any BalancerPolicyStore {
        guard let policies = web.policies else { throw APIError.unavailable("balancer policies") }
        return policies
    }

    private func list(_ context: WebRequestContext) async throws -> Response {
        _ = try Guard.require(.viewer, context)
        let policies = try await store().balancerPolicies()
        return JSONResponse.make([
            "items": .array(policies.keys.sorted().map { Self.json(scope: $0, policies[$0] ?? MinerPolicy()) })
        ])
    }

    private func save(_ request: Request, _ context: WebRequestContext) async throws -> Response {
        let principal = try Guard.requireWrite(.operator, request, context)
        let policies = try store()
        let body = try await RequestInput.jsonObject(request, context)
        if let unknown = body.keys.sorted().first(where: { !Self.fields.contains($0) }) {
            throw APIError.invalid(unknown, "not a policy field (\(Self.fields.sorted().joined(separator: ", ")))")
        }
        let scope = try await validScope(try RequestInput.string(body, "scope", maxLength: 200))
        var policy = MinerPolicy()
        policy.locked = try RequestInput.bool(body, "locked") ?? false
        policy.priority = Int(try RequestInput.number(body, "priority", in: -1000...1000) ?? 0)
        policy.minWatts = try RequestInput.number(body, "min_w", in: 0...100_000).map(Watts.init)
        policy.maxWatts = try RequestInput.number(body, "max_w", in: 0...100_000).map(Watts.init)
        if let low = policy.minWatts, let high = policy.maxWatts, low > high {
            throw APIError.invalid("min_w", "at most max_w (\(PrometheusText.format(high.value)))")
        }
        policy.allowSleep = try RequestInput.bool(body, "allow_sleep") ?? true
        policy.allowUntunedPresets = try RequestInput.bool(body, "allow_untuned_presets") ?? false
        policy.allowModdedPSU = try RequestInput.bool(body, "allow_modded_psu") ?? false
        let now = web.now()
        try await policies.save(balancerPolicy: policy, scope: scope, at: now)
        let saved = Self.json(scope: scope, policy)
        try await web.audit.append(
            ControlAuditEntry(
                time: now, actor: principal.actor, remoteIP: web.clientIP(request, context), action: "balancer_policy",
                parameters: Self.auditParameters(saved), outcome: "ok"))
        return JSONResponse.make(saved)
    }

    private func delete(_ request: Request, _ context: WebRequestContext) async throws -> Response {
        let principal = try Guard.requireWrite(.operator, request, context)
        let policies = try store()
        guard let raw = RequestInput.query(request)["scope"] else { throw APIError.invalid("scope", "required") }
        let scope = try await validScope(raw)
        try await policies.deleteBalancerPolicy(scope: scope)
        try await web.audit.append(
            ControlAuditEntry(
                time: web.now(), actor: principal.actor, remoteIP: web.clientIP(request, context),
                action: "balancer_policy_delete", parameters: ["scope": scope], outcome: "ok"))
        return Response(status: .noContent)
    }

    /// `miner:<id>` of a known miner, or `model:<non-empty name>`.
    private func validScope(_ raw: String) async throws -> String {
        let scope = raw.trimmingCharacters(in: .whitespaces)
        if scope.hasPrefix("miner:") {
            guard let id = Int64(scope.dropFirst("miner:".count)), id > 0 else {
                throw APIError.invalid("scope", "miner:<id> with a positive integer id")
            }
            guard try await web.store.miner(MinerRecord.ID(id)) != nil else {
                throw APIError.notFound("miner \(id)")
            }
            return "miner:\(id)"
        }
        if scope.hasPrefix("model:") {
            let model = scope.dropFirst("model:".count).trimmingCharacters(in: .whitespaces)
            guard !model.isEmpty else { throw APIError.invalid("scope", "model:<model name> with a name") }
            return "model:\(model)"
        }
        throw APIError.invalid("scope", "miner:<id> or model:<model name>")
    }

    static func json(scope: String, _ p: MinerPolicy) -> JSONValue {
        [
            "scope": .string(scope), "locked": .bool(p.locked), "priority": .int(p.priority),
            "min_w": .quantity(p.minWatts), "max_w": .quantity(p.maxWatts), "allow_sleep": .bool(p.allowSleep),
            "allow_untuned_presets": .bool(p.allowUntunedPresets), "allow_modded_psu": .bool(p.allowModdedPSU),
        ]
    }

    static func auditParameters(_ json: JSONValue) -> [String: String] {
        var parameters: [String: String] = [:]
        for (key, value) in json.object ?? [:] where !value.isNull {
            parameters[key] = value.string ?? value.serialized()
        }
        return parameters
    }
}
