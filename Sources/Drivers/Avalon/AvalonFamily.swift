import HiveProtocols

/// The two Avalon generations the driver tells apart, chosen from the model that `version`
/// reports (`PROD` "Avalon Q" vs "AvalonMiner 15-194" / "AvalonMiner 1246-83").
enum AvalonFamily: Sendable, Equatable {
    /// Rack miners A10xx–A15xx: `MM ID0` strings, work modes 0 (normal) and 1 (high
    /// performance) that apply **after a reboot**, the white panel LED (`ascset 0,led,1-<n>`).
    case aSeries
    /// The Avalon Q home miner: `MM ID0:Summary` and `HBinfo` strings, three work modes that
    /// apply at once, and no `led` sub-command (its `ascset 0,help` lists none).
    case homeQ

    /// The family of a model name; A-series unless the name is an Avalon Q.
    init(model: String?) {
        let name = (model ?? "").lowercased()
        self = name == "q" || name.hasSuffix("avalon q") ? .homeQ : .aSeries
    }

    /// The work modes, lowest power first: `(WORKMODE value, kind)`.
    ///
    /// - A-series: the Avalon A10 API manual (§2.4 "Set work mode"): 0 normal, 1 high
    ///   performance; a change takes effect after a reboot.
    /// - Avalon Q: 0, 1, 2 for the Eco, Standard and Super modes of its app (the recorded Q ran
    ///   `WORKMODE[0]` with `MPO[800]`, the lowest ceiling). No public document pins the numbers
    ///   down; see `DriverFixtures/avalon/README.md`.
    var modes: [(value: Int, kind: PowerMode.Kind)] {
        switch self {
        case .aSeries: [(0, .normal), (1, .high)]
        case .homeQ: [(0, .low), (1, .normal), (2, .high)]
        }
    }

    /// The mode kind of a `WORKMODE` value.
    func kind(workMode: Int?) -> PowerMode.Kind? {
        modes.first { $0.value == workMode }?.kind
    }

    /// The `WORKMODE` value of a mode kind.
    func workMode(_ kind: PowerMode.Kind) -> Int? {
        modes.first { $0.kind == kind }?.value
    }

    /// Whether a work-mode change waits for a reboot (A10 manual §2.4).
    var modeChangeNeedsReboot: Bool { self == .aSeries }

    /// Whether the firmware has the `led` sub-command.
    var hasLocateLight: Bool { self == .aSeries }
}
