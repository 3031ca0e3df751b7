import HiveProtocols

extension BalanceScenarioReport {
    /// One judged property, with the figures behind it.
    public struct Check: Sendable, Hashable, CustomStringConvertible {
        /// What is checked.
        public var name: String
        /// Whether it held.
        public var passed: Bool
        /// The figures.
        public var detail: String

        public var description: String { "\(passed ? "PASS" : "FAIL") \(name): \(detail)" }
    }

    /// The issue's assertions, per phase of the script:
    /// - after each budget step, the real draw is at or under the real budget from one balancer
    ///   interval plus the firmware delay after the plant first reported the new generation, to
    ///   the end of the phase (never over after that);
    /// - at the end of each phase (the last `steadyWindow`), within `steadyTolerance` under it;
    /// - during an outage, the draw is at or under the fail-safe level from `stale_after_seconds`
    ///   plus the firmware delay after the last usable data, until the outage ends;
    /// - no miner received two changes less than the cooldown apart unless the later one was an
    ///   emergency cut that may ignore it (from the miners' own command log).
    public var checks: [Check] {
        var result: [Check] = []
        let machine = configuration.balancer.machine
        let bounds = phaseBounds
        for (index, step) in configuration.steps.enumerated() {
            let end = index + 1 < configuration.steps.count ? configuration.steps[index + 1].at : configuration.duration
            switch step.kind {
            case .budget:
                result.append(reaction(step, end: end))
                result.append(steady(step.name, end: end))
            case .outage(let duration):
                result.append(outage(step, until: step.at + duration))
                let recovery = Step(name: "recovery", at: step.at + duration, kind: .budget(factor: 1))
                if bounds.last == end {
                    result.append(reaction(recovery, end: end))
                    result.append(steady("recovery", end: end))
                }
            }
        }
        result.append(cooldowns(seconds: machine.cooldownSeconds))
        return result
    }

    typealias Step = BalanceScenario.Step

    private var phaseBounds: [Duration] { configuration.steps.map(\.at) + [configuration.duration] }

    /// When the plant first reported data collected at or after `time`.
    private func firstFreshData(after time: Duration) -> Duration? {
        plantPolls.first { $0.time >= time && ($0.collected.map { $0 >= time } ?? false) }?.time
    }

    private func reaction(_ step: Step, end: Duration) -> Check {
        let interval = configuration.balancer.interval
        guard let seen = firstFreshData(after: step.at) else {
            return Check(name: "\(step.name): under budget in time", passed: false, detail: "no fresh plant data")
        }
        // After an outage, the recovery is judged from the data's return, like a step.
        let deadline = seen + interval + configuration.firmwareDelay
        let window = samples.filter { $0.time >= deadline && $0.time < end }
        let over = window.filter { $0.consumption > $0.budget }
        let under = samples.first { sample in
            sample.time >= step.at && sample.time < end
                && samples.allSatisfy { $0.time < sample.time || $0.time >= end || $0.consumption <= $0.budget }
        }
        let worst = over.max { $0.consumption.value - $0.budget.value < $1.consumption.value - $1.budget.value }
        var detail =
            "data seen \(Self.s(seen - step.at)) after the step; under budget for good "
            + (under.map { "\(Self.s($0.time - step.at)) after it" } ?? "never")
            + " (limit \(Self.s(deadline - step.at)))"
        if let worst {
            detail +=
                "; \(over.count) samples over, worst \(worst.consumption) vs \(worst.budget) at \(Self.s(worst.time))"
        }
        return Check(
            name: "\(step.name): at or under budget within one cycle + firmware delay",
            passed: over.isEmpty && !window.isEmpty, detail: detail)
    }

    private func steady(_ name: String, end: Duration) -> Check {
        let window = samples.filter { $0.time >= end - configuration.steadyWindow && $0.time < end }
        let shortfalls = window.map { 1 - $0.consumption.value / max(1, $0.budget.value) }
        let worstUnder = shortfalls.max() ?? 1
        let worstOver = -(shortfalls.min() ?? 0)
        let passed = !window.isEmpty && worstUnder <= configuration.steadyTolerance && worstOver <= 0
        let last = window.last.map { "; last \($0.consumption) of \($0.budget)" } ?? ""
        return Check(
            name: "\(name): steady state within \(Self.percent(configuration.steadyTolerance)) under budget",
            passed: passed,
            detail: "over the last \(Self.s(configuration.steadyWindow)): at most \(Self.percent(worstUnder)) under, "
                + "\(worstOver > 0 ? "\(Self.percent(worstOver)) over" : "never over")\(last)")
    }

    private func outage(_ step: Step, until end: Duration) -> Check {
        let machine = configuration.balancer.machine
        guard let level = machine.failSafeLevel else {
            return Check(
                name: "\(step.name): safe level", passed: false, detail: "the scenario needs a fail-safe level")
        }
        let lastData = plantPolls.last { $0.time < step.at && $0.collected != nil }?.collected ?? step.at
        // Data is stale once older than the limit (1 ms later); the cut then takes the firmware
        // delay. One second covers that millisecond and the commands' own time.
        let deadline = lastData + .seconds(machine.staleAfterSeconds + 1) + configuration.firmwareDelay
        let window = samples.filter { $0.time >= deadline && $0.time <= end }
        let over = window.filter { $0.consumption > level }
        let reached = samples.first { $0.time >= step.at && $0.consumption <= level }
        let detail =
            "safe level \(level) reached "
            + (reached.map { "\(Self.s($0.time - step.at)) after the outage began" } ?? "never")
            + " (last data \(Self.s(step.at - lastData)) before it; limit: data + \(machine.staleAfterSeconds) s stale "
            + "+ 1 s + firmware delay = \(Self.s(deadline - step.at)) after it)"
            + (over.isEmpty ? "" : "; \(over.count) samples above it")
        return Check(
            name: "\(step.name): safe level within stale_after_seconds", passed: over.isEmpty && !window.isEmpty,
            detail: detail)
    }

    private func cooldowns(seconds: Int) -> Check {
        let emergencies = Set(
            cycles.flatMap { cycle in
                cycle.actions.filter(\.overridesCooldown).map {
                    "\($0.miner.rawValue)@\(Int(Self.seconds(cycle.time)))"
                }
            })
        var changes: [MinerRecord.ID: [Duration]] = [:]
        for command in commands where changes[command.miner]?.last != command.time {
            changes[command.miner, default: []].append(command.time)
        }
        var violations: [String] = []
        var shortest: Duration?
        for (miner, times) in changes {
            for (earlier, later) in zip(times, times.dropFirst()) where later - earlier < .seconds(seconds) {
                shortest = min(shortest ?? (later - earlier), later - earlier)
                if !emergencies.contains("\(miner.rawValue)@\(Int(Self.seconds(later)))") {
                    violations.append("\(miner) at \(Self.s(earlier)) and \(Self.s(later))")
                }
            }
        }
        let most = changes.values.map(\.count).max() ?? 0
        return Check(
            name: "no miner changed more often than its \(seconds) s cooldown allows",
            passed: violations.isEmpty,
            detail: "\(changes.count) miners changed, at most \(most) times each; "
                + (shortest.map { "closest pair \(Self.s($0)) apart (emergency cuts only)" }
                    ?? "no pair inside the cooldown")
                + (violations.isEmpty ? "" : "; violations: " + violations.prefix(5).joined(separator: ", ")))
    }

    static func s(_ duration: Duration) -> String { "\(Int(seconds(duration).rounded())) s" }

    static func percent(_ fraction: Double) -> String { "\((fraction * 1000).rounded() / 10) %" }
}
