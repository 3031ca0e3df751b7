/// How the server treats one request, decided by the endpoint's faults.
struct ReplyPlan: Sendable {
    /// Never answer.
    var hang = false
    /// Real time to wait before answering.
    var delay: Duration = .zero
    /// Corrupt the reply; the number picks how (truncated or malformed).
    var garbage: UInt64?
}

extension SimulatedMiner {
    /// Whether the `auth` fault makes it reject the configured credentials.
    var rejectsCredentials: Bool { faults.contains(.auth) }

    /// Whether a connection on `listenerAddress` is answered now.
    func admits(_ listenerAddress: String) -> Bool {
        withState { state, now in isReachable(state, address: listenerAddress, at: now) }
    }

    /// The plan for the next request (counts it, for latency and garbage variety).
    func nextReply() -> ReplyPlan {
        let (number, faults) = state.withLockedValue { state -> (UInt64, Set<FaultKind>) in
            state.requests += 1
            return (state.requests, state.faults)
        }
        var plan = ReplyPlan()
        plan.hang = faults.contains(.hung)
        if let latency {
            let span = (latency.upperBound - latency.lowerBound).seconds
            plan.delay = latency.lowerBound + .seconds(span * SeededNoise.unit(seed, 0x1A7E, number))
        }
        if faults.contains(.slow) { plan.delay += faultSettings.slowDelay }
        if faults.contains(.garbage) { plan.garbage = number }
        return plan
    }

    func currentAddress(_ state: MinerState, at now: Duration) -> String {
        if let moveTo = state.moveTo, now >= faultSettings.moveAfter { return moveTo }
        return state.address
    }

    func isReachable(_ state: MinerState, address: String, at now: Duration) -> Bool {
        if state.faults.contains(.refuse) { return false }
        if let until = state.rebootUntil, now < until { return false }
        if state.faults.contains(.flap), isFlappedAway(at: now) { return false }
        return currentAddress(state, at: now) == address && state.boundPorts[address]?.isEmpty == false
    }

    /// A `flap` miner cycles online / offline with a per-miner phase.
    func isFlappedAway(at now: Duration) -> Bool {
        let period = (faultSettings.flapOnline + faultSettings.flapOffline).seconds
        guard period > 0 else { return false }
        let phase = SeededNoise.unit(seed, 0xF1A9) * period
        let position = (now.seconds + phase).truncatingRemainder(dividingBy: period)
        return position >= faultSettings.flapOnline.seconds
    }
}
