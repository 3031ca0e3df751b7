public import HiveProtocols

/// Where the operator's balancer policies live: per miner (`miner:<id>`) and per model
/// (`model:<model name>`). The balancer applies a miner's own policy, else its model's, else
/// the defaults (``MinerPolicy/init(managed:locked:priority:minWatts:maxWatts:allowSleep:allowUntunedPresets:allowModdedPSU:)``).
/// `managed` is not stored here: it is the inventory's flag.
public protocol BalancerPolicyStore: Sendable {
    /// Every stored policy by scope.
    func balancerPolicies() async throws -> [String: MinerPolicy]

    /// Stores the policy for `scope`, replacing any; throws for a scope of another form.
    func save(balancerPolicy policy: MinerPolicy, scope: String, at time: UnixMillis) async throws

    /// Deletes the policy for `scope` (nothing happens when there is none).
    func deleteBalancerPolicy(scope: String) async throws
}

extension SQLiteFleetStore: BalancerPolicyStore {}
