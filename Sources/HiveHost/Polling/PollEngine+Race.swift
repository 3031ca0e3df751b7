import HiveProtocols
import Logging

extension PollEngine {
    /// What finished first in a miner's race.
    private enum RaceResult: Sendable {
        case answered(PollOutcome<Value>)
        case deadline
        case timerCancelled
    }

    /// Polls one miner: the driver call races the deadline; the first to finish decides the
    /// outcome, which is reported at once, and the other is cancelled. Returns when both have
    /// ended, releasing the miner's in-flight mark when the driver call ends.
    func poll(
        _ miner: MinerRecord, deadline: Duration,
        report: AsyncStream<(MinerRecord, PollOutcome<Value>)>.Continuation
    ) async {
        await withTaskGroup(of: RaceResult.self) { race in
            race.addTask { .answered(await self.attempt(miner)) }
            race.addTask {
                do {
                    try await self.timeline.sleep(until: deadline)
                    return .deadline
                } catch {
                    return .timerCancelled
                }
            }
            var decided = false
            while let result = await race.next() {
                switch result {
                case .answered(let outcome):
                    inFlight.release(miner.id)
                    guard !decided else {
                        // A driver that ignored cancellation and lost to the deadline.
                        logger.debug(
                            "\(name) poll returned after its deadline",
                            metadata: ["miner.ip": "\(miner.ip ?? "-")", "driver": "\(miner.driver)"])
                        observer?(.stragglerEnded(miner.id))
                        continue
                    }
                    decided = true
                    race.cancelAll()
                    decide(miner, outcome, report: report)
                case .deadline:
                    guard !decided else { continue }
                    decided = true
                    race.cancelAll()
                    decide(miner, .failed(.deadline(configuration.effectiveDeadline)), report: report)
                case .timerCancelled:
                    continue
                }
            }
        }
    }

    /// Resolves the miner's driver and reads it.
    private func attempt(_ miner: MinerRecord) async -> PollOutcome<Value> {
        do {
            let driver = try await sessions.driver(for: miner)
            guard let value = try await read(driver) else { return .notApplicable }
            return .ok(value)
        } catch {
            return .failed(PollFailure(error))
        }
    }

    private func decide(
        _ miner: MinerRecord, _ outcome: PollOutcome<Value>,
        report: AsyncStream<(MinerRecord, PollOutcome<Value>)>.Continuation
    ) {
        let decision: PollEvent.Decision
        switch outcome {
        case .ok: decision = .ok
        case .notApplicable: decision = .notApplicable
        case .failed(let failure):
            switch failure.kind {
            case .timedOut: decision = .timedOut
            case .unreachable: decision = .unreachable
            case .failed: decision = .failed
            }
            logger.debug(
                "\(name) poll failed: \(failure)",
                metadata: ["miner.ip": "\(miner.ip ?? "-")", "driver": "\(miner.driver)"])
        }
        observer?(.decided(miner.id, decision))
        report.yield((miner, outcome))
    }
}
