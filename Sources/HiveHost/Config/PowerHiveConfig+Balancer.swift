extension PowerHiveConfig {
    /// Reads `balancer.*`, including the checks that tie keys together: a `fixed` budget needs
    /// `fixed_cap_kw`, and `fixed_cap_kw` is refused with any other source (a cap that silently
    /// did nothing would surprise an operator).
    static func readBalancer(_ r: inout ConfigReader) -> Balancer {
        let source = r.choice(
            "balancer.budget_source", default: "generation", among: ["generation", "fixed", "available"])
        let fixedCap = r.optionalDouble("balancer.fixed_cap_kw", in: 0...1_000_000)
        if source == "fixed", fixedCap == nil {
            r.problem("balancer.fixed_cap_kw", nil, expected: "a number of kW when balancer.budget_source is \"fixed\"")
        } else if source != "fixed", let fixedCap {
            r.problem(
                "balancer.fixed_cap_kw", .number(fixedCap),
                expected: "null unless balancer.budget_source is \"fixed\" (it is \"\(source)\")")
        }
        return Balancer(
            enabled: r.bool("balancer.enabled", default: false),
            mode: r.choice("balancer.mode", default: "active", among: ["active", "dry_run", "monitoring_only"]),
            budgetSource: source,
            safetyMargin: r.double("balancer.safety_margin", default: 0.05, in: 0...0.9),
            otherLoadKW: r.double("balancer.other_load_kw", default: 0, in: 0...1_000_000),
            fixedCapKW: fixedCap,
            staleAfterSeconds: r.int("balancer.stale_after_seconds", default: 180, in: 30...86_400),
            failSafeKW: r.optionalDouble("balancer.fail_safe_kw", in: 0...1_000_000),
            cooldownSeconds: r.int("balancer.cooldown_seconds", default: 600, in: 0...86_400),
            deadbandKW: r.double("balancer.deadband_kw", default: 2, in: 0...10_000),
            restoreBatchSize: r.optionalInt("balancer.restore_batch_size", in: 1...10_000),
            maxAttempts: r.int("balancer.max_attempts", default: 3, in: 1...100),
            quarantineSeconds: r.int("balancer.quarantine_seconds", default: 3600, in: 0...604_800),
            assumedSleepW: r.double("balancer.assumed_sleep_w", default: 150, in: 0...10_000),
            minChangeW: r.double("balancer.min_change_w", default: 50, in: 1...100_000),
            readBackGraceSeconds: r.int("balancer.read_back_grace_seconds", default: 300, in: 0...86_400))
    }
}
