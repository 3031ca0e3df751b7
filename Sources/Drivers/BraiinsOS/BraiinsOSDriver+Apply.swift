import HiveProtocols

extension BraiinsOSDriver {
    /// Seconds to wait between a write and its read-back (through the injected `context.sleep`).
    static let readBackDelay: Duration = .seconds(2)
    /// Seconds a reboot takes before the miner answers again.
    static let rebootSeconds = 180

    /// Carries out a command on the REST API (25.07+) and reads it back.
    ///
    /// - `setPowerTarget(w)`: refused without a write when `w` is outside the tuner's
    ///   `configuration/constraints`; else `PUT /api/v1/performance/power-target {"watt":w}`,
    ///   then `configuration/miner` must show `w` (`.notApplied` otherwise) and
    ///   `performance/tuner-state` decides `.verified` or `.pending` (tuning / preheating).
    /// - `sleep` / `wake`: `PUT /api/v1/actions/pause` / `resume`, verified with
    ///   `miner/details` `status` (3 paused, 2 normal).
    /// - `reboot`: `PUT /api/v1/actions/reboot`, `.pending`.
    /// - `locate(on)`: `PUT /api/v1/actions/locate` with `true`/`false`, verified with
    ///   `GET /api/v1/actions/locate`.
    func restApply(_ command: MinerCommand) async throws -> CommandOutcome {
        switch command {
        case .setPowerTarget(let target):
            let limits = BraiinsReader.restLimits(try await rest.get("/api/v1/configuration/constraints"))
            if let refusal = Self.outOfRange(target, limits) { return refusal }
            let watts = Int(target.value.rounded())
            let reply = try await rest.put("/api/v1/performance/power-target", body: ["watt": .number(Double(watts))])
            if case .refused(let message) = reply { return CommandOutcome(result: .rejected, detail: message) }
            try await context.sleep(Self.readBackDelay)
            let current = BraiinsReader.restTarget(try await rest.get("/api/v1/configuration/miner"))
            let tunerState = try await rest.get("/api/v1/performance/tuner-state")["overall_tuner_state"]?.int
            return Self.targetOutcome(wanted: watts, current: current, tuning: tunerState == 3 || tunerState == 6)
        case .sleep:
            return try await restState("/api/v1/actions/pause", wanted: 3, settleSeconds: 30)
        case .wake:
            return try await restState("/api/v1/actions/resume", wanted: 2, settleSeconds: 120)
        case .reboot:
            if case .refused(let message) = try await rest.put("/api/v1/actions/reboot", body: nil) {
                return CommandOutcome(result: .rejected, detail: message)
            }
            return CommandOutcome(result: .pending, detail: "reboot issued", settleSeconds: Self.rebootSeconds)
        case .locate(let on):
            if case .refused(let message) = try await rest.put("/api/v1/actions/locate", body: .bool(on)) {
                return CommandOutcome(result: .rejected, detail: message)
            }
            let after = try await rest.get("/api/v1/actions/locate").bool
            return Self.locateOutcome(wanted: on, after: after)
        case .selectPreset, .setMode:
            throw DriverError(.unsupported, "Braiins OS has a continuous power target, not presets or modes")
        }
    }

    /// Pauses or resumes, then reads `miner/details` `status`.
    func restState(_ path: String, wanted: Int, settleSeconds: Int) async throws -> CommandOutcome {
        if case .refused(let message) = try await rest.put(path, body: nil) {
            return CommandOutcome(result: .rejected, detail: message)
        }
        try await context.sleep(Self.readBackDelay)
        let status = try await rest.get("/api/v1/miner/details")["status"]?.int
        let readBack = status.map { "miner status \(Self.minerStatusName($0))" }
        if status == wanted { return .verified(readBack) }
        if status == 1 || (wanted == 2 && status == 5) {
            return CommandOutcome(result: .pending, readBack: readBack, settleSeconds: settleSeconds)
        }
        return CommandOutcome(result: .notApplied, readBack: readBack)
    }

    /// Carries out a command on the GraphQL API (21.09–25.05) and reads it back.
    ///
    /// - `setPowerTarget(w)`: limits from the state query (refused without a write outside
    ///   them), `updateAutotuning(input:{powerTarget:w}, apply:true)`, then the state query must
    ///   show `w` and CGMiner `tunerstatus` decides `.verified` or `.pending` (tuning).
    /// - `sleep` / `wake`: `bosminer stop` / `start`; stopped bosminer closes the CGMiner API,
    ///   so a refused `summary` verifies sleep and an answered one verifies wake.
    /// - `reboot`: `bos.reboot`, `.pending`. `locate(on)`: `bos.setFaultLight`, verified with
    ///   `bos.faultLight`.
    func graphQLApply(_ command: MinerCommand) async throws -> CommandOutcome {
        switch command {
        case .setPowerTarget(let target):
            if let refusal = Self.outOfRange(target, BraiinsReader.graphQLLimits(try await graphQL.state())) {
                return refusal
            }
            let watts = Int(target.value.rounded())
            let reply = try await graphQL.mutate(
                BraiinsGraphQL.setPowerTarget, variables: ["watts": .number(Double(watts))])
            if case .refused(let message) = reply { return CommandOutcome(result: .rejected, detail: message) }
            try await context.sleep(Self.readBackDelay)
            let current = BraiinsReader.graphQLTarget(try await graphQL.state())
            let chains = BraiinsReader.chainStates(try? await cgminer("tunerstatus"))
            return Self.targetOutcome(
                wanted: watts, current: current, tuning: chains.contains { BraiinsReader.isTuning($0.status) })
        case .sleep:
            return try await graphQLRun(BraiinsGraphQL.stop, wantRunning: false, settleSeconds: 30)
        case .wake:
            return try await graphQLRun(BraiinsGraphQL.start, wantRunning: true, settleSeconds: 120)
        case .reboot:
            if case .refused(let message) = try await graphQL.mutate(BraiinsGraphQL.reboot) {
                return CommandOutcome(result: .rejected, detail: message)
            }
            return CommandOutcome(result: .pending, detail: "reboot issued", settleSeconds: Self.rebootSeconds)
        case .locate(let on):
            let reply = try await graphQL.mutate(BraiinsGraphQL.setFaultLight, variables: ["enable": .bool(on)])
            if case .refused(let message) = reply { return CommandOutcome(result: .rejected, detail: message) }
            let after = try await graphQL.state()["bos"]?["faultLight"]?.bool
            return Self.locateOutcome(wanted: on, after: after)
        case .selectPreset, .setMode:
            throw DriverError(.unsupported, "Braiins OS has a continuous power target, not presets or modes")
        }
    }

    /// Stops or starts bosminer, then checks whether its CGMiner API answers.
    func graphQLRun(_ mutation: String, wantRunning: Bool, settleSeconds: Int) async throws -> CommandOutcome {
        if case .refused(let message) = try await graphQL.mutate(mutation) {
            return CommandOutcome(result: .rejected, detail: message)
        }
        try await context.sleep(Self.readBackDelay)
        let running: Bool
        do {
            _ = try await cgminer("summary")
            running = true
        } catch let error as DriverError where error.kind == .unreachable {
            running = false
        }
        let readBack = running ? "bosminer running" : "bosminer stopped"
        if running == wantRunning { return .verified(readBack) }
        return CommandOutcome(
            result: .pending, readBack: readBack, detail: "bosminer has not \(wantRunning ? "started" : "stopped") yet",
            settleSeconds: settleSeconds)
    }

    /// A refusal when `target` lies outside the tuner's limits (none when the limits are unknown).
    static func outOfRange(_ target: Watts, _ limits: (min: Watts, max: Watts)?) -> CommandOutcome? {
        guard let limits, target < limits.min || target > limits.max else { return nil }
        return CommandOutcome(
            result: .rejected, detail: "\(target) is outside the tuner's range \(limits.min)–\(limits.max)")
    }

    /// The outcome of a power-target write from the target read back and the tuner's state.
    static func targetOutcome(wanted: Int, current: Watts?, tuning: Bool) -> CommandOutcome {
        let readBack = current.map { "power target \($0)" }
        guard let current, Int(current.value.rounded()) == wanted else {
            return CommandOutcome(
                result: .notApplied, readBack: readBack,
                detail: "miner acknowledged \(wanted) W but reports \(current.map { "\($0)" } ?? "no target")")
        }
        if tuning {
            return CommandOutcome(
                result: .pending, readBack: readBack, detail: "the tuner is tuning for \(wanted) W",
                settleSeconds: BraiinsReader.settleSeconds)
        }
        return .verified(readBack)
    }

    /// The outcome of a locate write from the light's state read back.
    static func locateOutcome(wanted: Bool, after: Bool?) -> CommandOutcome {
        let readBack = after.map { $0 ? "locate on" : "locate off" }
        return after == wanted ? .verified(readBack) : CommandOutcome(result: .notApplied, readBack: readBack)
    }

    /// A name for REST `MinerStatus` values.
    static func minerStatusName(_ value: Int) -> String {
        switch value {
        case 1: "not started"
        case 2: "normal"
        case 3: "paused"
        case 4: "suspended"
        case 5: "restricted"
        default: "\(value)"
        }
    }
}
