import HiveProtocols

extension WhatsminerDriver {
    /// Seconds to wait between a write and its read-back (through the injected `context.sleep`).
    static let readBackDelay: Duration = .seconds(3)
    /// Seconds until a woken miner hashes again.
    static let wakeSettleSeconds = 300
    /// Seconds a reboot keeps the miner away.
    static let rebootSettleSeconds = 300
    /// The locate pattern: red, on for half of each second.
    static let locatePattern: [String: JSONValue] = ["color": "red", "period": 1000, "duration": 500, "start": 0]

    /// Refuses a target outside the model's range (nothing is sent); `nil` when it fits.
    static func rangeRefusal(_ target: Watts, control: PowerControl) -> CommandOutcome? {
        guard case .continuous(let low, let high, _) = control.mechanism else {
            return CommandOutcome(result: .rejected, detail: "the miner reports no power limit to adjust")
        }
        guard target >= low, target <= high else {
            return CommandOutcome(result: .rejected, detail: "\(target) is outside this miner's range \(low)–\(high)")
        }
        return nil
    }

    /// The outcome of a power-limit write, from the limit read back afterwards (`nil`: the
    /// miner did not answer, as while it restarts).
    static func powerOutcome(wanted: Int, readBack: Watts?) -> CommandOutcome {
        let restart = "the miner restarts to apply a power limit (minutes without hashing)"
        guard let readBack else {
            return CommandOutcome(
                result: .pending, detail: "power limit \(wanted) W accepted; \(restart); read back after it settles",
                settleSeconds: powerLimitSettleSeconds)
        }
        let words = "power limit \(Int(readBack.value.rounded())) W"
        guard Int(readBack.value.rounded()) == wanted else {
            return CommandOutcome(
                result: .notApplied, readBack: words, detail: "the miner acknowledged \(wanted) W but reports \(words)")
        }
        return CommandOutcome(
            result: .pending, readBack: words, detail: restart, settleSeconds: powerLimitSettleSeconds)
    }

    /// The outcome of sleep/wake from the service state read back (`true` = mining off).
    static func serviceOutcome(wantOff: Bool, off: Bool, hashing: Bool) -> CommandOutcome {
        let words = off ? "mining off" : "mining on"
        guard off == wantOff else { return CommandOutcome(result: .notApplied, readBack: words) }
        if !wantOff && !hashing {
            return CommandOutcome(
                result: .pending, readBack: words, detail: "mining started; hashing resumes within minutes",
                settleSeconds: wakeSettleSeconds)
        }
        return .verified(words)
    }

    /// The outcome of a locate write from the LED state read back (`auto` = off).
    static func locateOutcome(wanted: Bool, ledState: String?) -> CommandOutcome {
        guard let ledState else { return CommandOutcome(result: .notApplied, detail: "the miner reports no LED state") }
        let on = ledState.lowercased() != "auto"
        let words = on ? "locate on" : "locate off"
        return on == wanted ? .verified(words) : CommandOutcome(result: .notApplied, readBack: words)
    }

    /// Runs a read-back that may fail while the miner restarts; `nil` on a transient failure.
    func readBack<T>(_ body: () async throws -> T?) async throws -> T? {
        do {
            return try await body()
        } catch let error as DriverError where error.isTransient || error.kind == .unexpectedResponse {
            context.logger.debug("read-back failed", metadata: ["error": "\(error)"])
            return nil
        }
    }
}
