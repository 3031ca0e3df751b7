import HiveProtocols

/// The settings the balancer may choose for one miner, with their expected draw: built from the
/// driver's ``PowerControl`` and the operator's ``MinerPolicy``.
///
/// Safety rules live here, in one place:
/// - a preset marked `isStock` (VNish `disabled` = stock clocks, full power) is never a level;
/// - a preset or mode with unknown watts is never a level;
/// - untuned presets and presets needing a modified PSU are left out unless the policy allows them;
/// - nothing outside the policy's `minWatts…maxWatts`.
struct PowerLadder: Sendable, Hashable {
    /// One choosable setting.
    struct Level: Sendable, Hashable {
        var setting: PowerControl.Setting
        var watts: Watts
        var command: MinerCommand
    }

    /// How draw can be trimmed while hashing.
    enum Trim: Sendable, Hashable {
        case none
        /// Any multiple of `step` in `low…high`.
        case continuous(low: Double, high: Double, step: Double)
        /// Discrete levels, lowest first.
        case steps([Level])
    }

    var trim: Trim
    /// Sleep, when allowed.
    var sleep: Level?
    /// Whether trimming stops hashing for a while (so it is used after other tools).
    var interrupts: Bool
    /// Seconds a change takes to settle.
    var settleSeconds: Int

    init(control: PowerControl, policy: MinerPolicy, assumedSleepPower: Watts) {
        interrupts = control.interruptsHashing
        settleSeconds = max(0, control.settleSeconds)
        switch control.mechanism {
        case .continuous(let min, let max, let step):
            let low = Swift.max(min.value, policy.minWatts?.value ?? min.value)
            let high = Swift.min(max.value, policy.maxWatts?.value ?? max.value)
            trim = low <= high ? .continuous(low: low, high: high, step: step.value > 0 ? step.value : 1) : .none
        case .presets(let presets):
            let levels = presets.compactMap { preset -> Level? in
                guard !preset.isStock, let watts = preset.watts, watts.value > 0,
                    preset.tuned || policy.allowUntunedPresets, !preset.requiresModdedPSU || policy.allowModdedPSU,
                    policy.allows(watts)
                else { return nil }
                return Level(setting: .preset(preset.name), watts: watts, command: .selectPreset(preset.name))
            }
            trim = levels.isEmpty ? .none : .steps(levels.sorted { $0.watts < $1.watts })
        case .modes(let modes):
            let levels = modes.compactMap { mode -> Level? in
                guard mode.kind != .sleep, let watts = mode.watts, watts.value > 0, policy.allows(watts) else {
                    return nil
                }
                return Level(setting: .mode(mode.kind), watts: watts, command: .setMode(mode.kind))
            }
            trim = levels.isEmpty ? .none : .steps(levels.sorted { $0.watts < $1.watts })
        case .none:
            trim = .none
        }
        let sleepWatts = control.sleepPower ?? assumedSleepPower
        if !policy.allowSleep {
            sleep = nil
        } else if control.canSleep {
            sleep = Level(setting: .sleeping, watts: sleepWatts, command: .sleep)
        } else if case .modes(let modes) = control.mechanism, let mode = modes.first(where: { $0.kind == .sleep }) {
            sleep = Level(setting: .sleeping, watts: mode.watts ?? sleepWatts, command: .setMode(.sleep))
        } else {
            sleep = nil
        }
    }

    /// Whether the ladder offers anything at all.
    var isEmpty: Bool { trim == .none && sleep == nil }

    /// The lowest trim level.
    var lowestTrim: Level? {
        switch trim {
        case .none: nil
        case .continuous(let low, _, _):
            Level(setting: .watts(Watts(low)), watts: Watts(low), command: .setPowerTarget(Watts(low)))
        case .steps(let levels): levels.first
        }
    }

    /// The lowest draw reachable: sleep or the lowest trim, whichever is lower.
    var minimum: Level? {
        [sleep, lowestTrim].compactMap { $0 }.min { $0.watts < $1.watts }
    }

    /// A trim below `current` that removes `need` if one does (the highest such level), else the
    /// lowest trim below `current` (a partial cut); `nil` when nothing is below `current`.
    func cut(from current: Watts, need: Double) -> Level? {
        let wanted = current.value - need
        switch trim {
        case .none:
            return nil
        case .continuous(let low, let high, let step):
            var target = (wanted / step).rounded(.down) * step
            target = Swift.min(Swift.max(target, low), high)
            guard target < current.value else { return nil }
            return Level(setting: .watts(Watts(target)), watts: Watts(target), command: .setPowerTarget(Watts(target)))
        case .steps(let levels):
            let below = levels.filter { $0.watts < current }
            return below.last { $0.watts.value <= wanted } ?? below.first
        }
    }

    /// The highest trim above `current` by at least `minimumChange` and at most `room`.
    func raise(from current: Watts, room: Double, minimumChange: Double) -> Level? {
        let ceiling = current.value + room
        switch trim {
        case .none:
            return nil
        case .continuous(let low, let high, let step):
            let target = Swift.min((ceiling / step).rounded(.down) * step, high)
            guard target >= low, target - current.value >= Swift.max(minimumChange, 1) else { return nil }
            return Level(setting: .watts(Watts(target)), watts: Watts(target), command: .setPowerTarget(Watts(target)))
        case .steps(let levels):
            return levels.last {
                $0.watts.value <= ceiling && $0.watts.value - current.value >= Swift.max(minimumChange, 1)
            }
        }
    }

    /// The nominal draw of `setting` on this control, from the full mechanism (not only the
    /// choosable levels); `nil` when unknown (e.g. the stock preset).
    static func watts(of setting: PowerControl.Setting?, in control: PowerControl) -> Watts? {
        switch (setting, control.mechanism) {
        case (.watts(let watts)?, _):
            return watts
        case (.preset(let name)?, .presets(let presets)):
            return presets.first { $0.name == name }?.watts
        case (.mode(let kind)?, .modes(let modes)):
            return modes.first { $0.kind == kind }?.watts
        case (.sleeping?, _):
            return control.sleepPower
        default:
            return nil
        }
    }
}
