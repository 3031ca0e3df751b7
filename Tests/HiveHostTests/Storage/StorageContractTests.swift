import Testing

@testable import HiveHost

/// The storage contract (``FleetStore``, ``RetentionStore``, ``BalancerStore``,
/// ``BalancerPolicyStore``, ``PlantReadingStore``): the same cases against each backend, each
/// case on a fresh store of its own.
@Suite("Storage contract on SQLite")
struct SQLiteStorageContractTests {
    @Test("inventory", arguments: InventoryContract.cases)
    func inventory(_ check: StorageContractCase) async throws {
        try await StorageBackend.sqlite.withStore(check.run)
    }

    @Test("samples and credentials", arguments: SamplesContract.cases)
    func samples(_ check: StorageContractCase) async throws {
        try await StorageBackend.sqlite.withStore(check.run)
    }

    @Test("retention", arguments: RetentionContract.cases)
    func retention(_ check: StorageContractCase) async throws {
        try await StorageBackend.sqlite.withStore(check.run)
    }

    @Test("plant and balancer", arguments: BalancerContract.cases)
    func balancer(_ check: StorageContractCase) async throws {
        try await StorageBackend.sqlite.withStore(check.run)
    }
}

/// The same contract on PostgreSQL (a database per case); disabled, with the reason, when no
/// test server is configured.
@Suite(
    "Storage contract on PostgreSQL",
    .enabled(if: StorageBackend.postgresURL != nil, StorageBackend.postgresDisabledReason))
struct PostgresStorageContractTests {
    @Test("inventory", arguments: InventoryContract.cases)
    func inventory(_ check: StorageContractCase) async throws {
        try await StorageBackend.postgres.withStore(check.run)
    }

    @Test("samples and credentials", arguments: SamplesContract.cases)
    func samples(_ check: StorageContractCase) async throws {
        try await StorageBackend.postgres.withStore(check.run)
    }

    @Test("retention", arguments: RetentionContract.cases)
    func retention(_ check: StorageContractCase) async throws {
        try await StorageBackend.postgres.withStore(check.run)
    }

    @Test("plant and balancer", arguments: BalancerContract.cases)
    func balancer(_ check: StorageContractCase) async throws {
        try await StorageBackend.postgres.withStore(check.run)
    }
}
