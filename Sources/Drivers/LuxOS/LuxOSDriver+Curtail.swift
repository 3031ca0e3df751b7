import HiveProtocols

extension LuxOSDriver {
    /// Seconds until a curtailed miner has stopped hashing (LuxOS sleeps in under five).
    static let sleepSettleSeconds = 10
    /// Seconds until a woken miner hashes at its profile (the default wake-up ramps like a reboot).
    static let wakeSettleSeconds = 120
    /// Seconds a reboot keeps the miner away.
    static let rebootSettleSeconds = 300

    /// `curtail sleep` / `curtail wakeup` (docs.luxor.tech/firmware/api/luxminer/curtail),
    /// checked with `config` `CurtailMode` and `summary` `GHS 5s`.
    ///
    /// Nothing is sent when the miner is already there (asleep and not hashing; awake and
    /// hashing). After the write: sleep is `.verified` once curtailed and not hashing,
    /// `.pending` while the boards still hash; wake is `.verified` once hashing again,
    /// `.pending` while the boards ramp; a curtail mode that did not change is `.notApplied`.
    /// Sleep survives a reboot on LuxOS.
    func curtail(sleep: Bool) async throws -> CommandOutcome {
        let config = try await client.read("config")
        let summary = try await client.read("summary")
        let wasCurtailed = LuxOSReader.isCurtailed(config)
        if wasCurtailed == sleep && LuxOSReader.isHashing(summary) != sleep {
            return .verified(Self.curtailWords(config), detail: sleep ? "already asleep" : "already awake")
        }
        if let refusal = try await client.privileged("curtail", [sleep ? "sleep" : "wakeup"]).refusal {
            return CommandOutcome(
                result: .rejected, detail: "curtail \(sleep ? "sleep" : "wakeup") refused: \(refusal)")
        }
        try await context.sleep(Self.readBackDelay)
        let after = try await client.read("config")
        let hashing = LuxOSReader.isHashing(try await client.read("summary"))
        return Self.curtailOutcome(
            sleep: sleep, curtailed: LuxOSReader.isCurtailed(after), hashing: hashing,
            readBack: Self.curtailWords(after))
    }

    /// The outcome of `curtail` from the curtail mode and hashing read back.
    static func curtailOutcome(sleep: Bool, curtailed: Bool, hashing: Bool, readBack: String) -> CommandOutcome {
        guard curtailed == sleep else {
            return CommandOutcome(
                result: .notApplied, readBack: readBack,
                detail:
                    "the miner acknowledged curtail \(sleep ? "sleep" : "wakeup") but its curtail mode did not change")
        }
        if sleep == hashing {
            return CommandOutcome(
                result: .pending, readBack: readBack,
                detail: sleep ? "curtailed; the boards are still shutting down" : "woken; the boards are ramping up",
                settleSeconds: sleep ? sleepSettleSeconds : wakeSettleSeconds)
        }
        return .verified(readBack)
    }

    /// "curtail <CurtailMode>" as `config` reports it (e.g. "curtail None", "curtail Sleep").
    static func curtailWords(_ config: JSONValue) -> String {
        "curtail \(LuxOSReader.curtailMode(config) ?? "unknown")"
    }

    /// `rebootdevice`: `.pending` (the miner goes away; the session dies with it).
    func reboot() async throws -> CommandOutcome {
        let reply = try await client.privileged("rebootdevice", allowsEmptyReply: true)
        if let refusal = reply.refusal {
            return CommandOutcome(result: .rejected, detail: "rebootdevice refused: \(refusal)")
        }
        await client.session.clear()
        return CommandOutcome(result: .pending, detail: "reboot issued", settleSeconds: Self.rebootSettleSeconds)
    }

    /// `ledset red,blink` to turn locate on, `ledset red,auto` to hand the LED back to the
    /// firmware; checked with `config` `RedLed`. Nothing is sent when it is already so.
    func locate(_ on: Bool) async throws -> CommandOutcome {
        if let before = LuxOSReader.isLocating(try await client.read("config")), before == on {
            return .verified(on ? "locate on" : "locate off", detail: "already \(on ? "on" : "off")")
        }
        if let refusal = try await client.privileged("ledset", ["red", on ? "blink" : "auto"]).refusal {
            return CommandOutcome(result: .rejected, detail: "ledset refused: \(refusal)")
        }
        let after = LuxOSReader.isLocating(try await client.read("config"))
        let readBack = after.map { $0 ? "locate on" : "locate off" }
        return after == on ? .verified(readBack) : CommandOutcome(result: .notApplied, readBack: readBack)
    }
}
