/// Everything the daemon keeps in its database: the fleet (``FleetStore``), retention
/// (``RetentionStore``), the balancer's state, audit log and policies, and plant readings.
/// ``SQLiteFleetStore`` and ``PostgresFleetStore`` both are one.
public typealias HiveStore = FleetStore & RetentionStore & BalancerStore & BalancerPolicyStore & PlantReadingStore
