public import HiveProtocols

extension PowerHiveConfig {
    /// The effective configuration as JSON with every secret replaced by `"***"`, for
    /// `powerhive config check` and the dashboard's settings page.
    public var maskedJSON: JSONValue {
        func secret(_ s: Secret?) -> JSONValue { s == nil ? .null : .string("***") }
        func number(_ n: Int) -> JSONValue { .number(Double(n)) }
        func optional(_ d: Double?) -> JSONValue { d.map(JSONValue.number) ?? .null }
        return .object([
            "instance": .object(["id": .string(instance.id)]),
            "network": .object([
                "subnets": .array(network.subnets.map(JSONValue.string)),
                "light_scan_timeout_ms": number(network.lightScanTimeoutMs),
                "miner_probe_timeout_ms": number(network.minerProbeTimeoutMs),
                "scan_concurrency": number(network.scanConcurrency),
                "probe_concurrency": number(network.probeConcurrency),
                "max_subnet_prefix": number(network.maxSubnetPrefix),
                "offline_after_misses": number(network.offlineAfterMisses),
                "passive_discovery": .bool(network.passiveDiscovery),
            ]),
            "intervals": .object([
                "discovery_seconds": number(intervals.discoverySeconds),
                "status_seconds": number(intervals.statusSeconds),
                "telemetry_seconds": number(intervals.telemetrySeconds),
                "plant_seconds": number(intervals.plantSeconds),
                "balancer_seconds": number(intervals.balancerSeconds),
            ]),
            "polling": .object([
                "concurrency": number(polling.concurrency),
                "status_deadline_seconds": number(polling.statusDeadlineSeconds),
                "telemetry_deadline_seconds": number(polling.telemetryDeadlineSeconds),
            ]),
            "plant": .object([
                "api_endpoint": plant.apiEndpoint.map(JSONValue.string) ?? .null, "api_key": secret(plant.apiKey),
                "plant_id": plant.plantID.map(JSONValue.string) ?? .null, "unit": .string(plant.unit),
                "min_confidence": .number(plant.minConfidence), "timeout_seconds": number(plant.timeoutSeconds),
            ]),
            "balancer": .object([
                "enabled": .bool(balancer.enabled), "mode": .string(balancer.mode),
                "budget_source": .string(balancer.budgetSource),
                "safety_margin": .number(balancer.safetyMargin), "other_load_kw": .number(balancer.otherLoadKW),
                "fixed_cap_kw": optional(balancer.fixedCapKW),
                "stale_after_seconds": number(balancer.staleAfterSeconds),
                "fail_safe_kw": optional(balancer.failSafeKW), "cooldown_seconds": number(balancer.cooldownSeconds),
                "deadband_kw": .number(balancer.deadbandKW),
                "restore_batch_size": balancer.restoreBatchSize.map { number($0) } ?? .null,
                "max_attempts": number(balancer.maxAttempts), "quarantine_seconds": number(balancer.quarantineSeconds),
                "assumed_sleep_w": .number(balancer.assumedSleepW), "min_change_w": .number(balancer.minChangeW),
                "read_back_grace_seconds": number(balancer.readBackGraceSeconds),
            ]),
            "database": .object([
                "path": .string(database.path),
                "url": database.url.map { PostgresURL($0.value).map { .string($0.masked) } ?? .string("***") } ?? .null,
                "pool_size": number(database.poolSize),
            ]),
            "retention": .object([
                "status_days": number(retention.statusDays), "chip_days": number(retention.chipDays),
                "board_days": number(retention.boardDays), "rollup_days": number(retention.rollupDays),
                "plant_days": number(retention.plantDays), "audit_days": number(retention.auditDays),
            ]),
            "http": .object(["addr": .string(http.addr)]),
            "auth": .object(["mode": .string(auth.mode), "admin_password": secret(auth.adminPassword)]),
            "logging": .object(["level": .string(logging.level), "format": .string(logging.format)]),
            "credentials": .object(
                Dictionary(
                    uniqueKeysWithValues: credentials.map { id, c in
                        (id.rawValue, JSONValue.object(["username": .string(c.username), "password": .string("***")]))
                    })),
        ])
    }
}
