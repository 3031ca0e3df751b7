import HiveHost
import HiveProtocols
import HiveTesting
import NIOConcurrencyHelpers

/// A fleet whose miners the test sets; remembers which miners it was asked to read back.
final class FakeFleet: FleetSnapshotProvider {
    private let miners: NIOLockedValueBox<[BalancerMiner]>
    private let asked = NIOLockedValueBox<[Set<MinerRecord.ID>]>([])
    private let now: @Sendable () -> UnixMillis

    init(_ miners: [BalancerMiner], now: @escaping @Sendable () -> UnixMillis) {
        self.miners = NIOLockedValueBox(miners)
        self.now = now
    }

    /// Replaces the miners.
    func set(_ miners: [BalancerMiner]) { self.miners.withLockedValue { $0 = miners } }
    /// The current miners.
    var current: [BalancerMiner] { miners.withLockedValue { $0 } }
    /// Every `readingBack` set asked for, in order.
    var readBacks: [Set<MinerRecord.ID>] { asked.withLockedValue { $0 } }

    func snapshot(readingBack: Set<MinerRecord.ID>) async throws -> [BalancerMiner] {
        asked.withLockedValue { $0.append(readingBack) }
        let time = now()
        return miners.withLockedValue { miners in
            miners.map { miner in
                var miner = miner
                if readingBack.contains(miner.id) { miner.sampledAt = time }
                return miner
            }
        }
    }
}

/// An executor that applies commands to a ``FakeFleet`` at once (unless told to fail) and
/// records when each came.
final class FakeExecutor: CommandExecutor {
    struct Call: Sendable, Hashable {
        var miner: MinerRecord.ID
        var command: MinerCommand
        var at: Duration
    }

    private let calls = NIOLockedValueBox<[Call]>([])
    private let failing: NIOLockedValueBox<Set<MinerRecord.ID>>
    private let fleet: FakeFleet
    private let clock: ManualClock

    init(fleet: FakeFleet, clock: ManualClock, failing: Set<MinerRecord.ID> = []) {
        self.fleet = fleet
        self.clock = clock
        self.failing = NIOLockedValueBox(failing)
    }

    var received: [Call] { calls.withLockedValue { $0 }.sorted { ($0.at, $0.miner) < ($1.at, $1.miner) } }

    func execute(_ command: MinerCommand, on miner: MinerRecord.ID) async throws -> CommandOutcome {
        calls.withLockedValue { $0.append(Call(miner: miner, command: command, at: clock.now.offset)) }
        if failing.withLockedValue({ $0.contains(miner) }) {
            throw DriverError(.timedOut, "no answer")
        }
        fleet.set(
            fleet.current.map { current in
                guard current.id == miner else { return current }
                var changed = current
                switch command {
                case .sleep:
                    changed.state = .sleeping
                    changed.draw = changed.control?.sleepPower ?? Watts(20)
                case .wake:
                    changed.state = .mining
                    changed.draw = Watts(3000)
                case .setPowerTarget(let watts):
                    changed.control?.current = .watts(watts)
                    changed.draw = watts
                case .selectPreset(let name):
                    changed.control?.current = .preset(name)
                default:
                    break
                }
                return changed
            })
        return .verified(nil)
    }
}
