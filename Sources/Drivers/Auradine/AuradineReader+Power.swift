import HiveProtocols

extension AuradineReader {
    /// Seconds FluxOS takes to settle on a new power target (it re-tunes its boards).
    static let settleSeconds = 300

    /// The lowest target PowerHive sets, as a fraction of the ceiling. Not a firmware figure
    /// (FluxOS publishes no range): a conservative floor, as for Whatsminer.
    static let minimumFraction = 0.5

    /// The power-target range: up to the PSU's `PoutMax` (the most the firmware says its supply
    /// delivers) or, without it, the current target; `nil` when neither is reported.
    static func bounds(mode: JSONValue, psu: JSONValue) -> (min: Watts, max: Watts)? {
        let ceiling = quantity(psu["PSU"]?[0]?["PoutMax"], unit: "W") ?? powerTarget(mode)?.value
        guard let ceiling, ceiling > 0 else { return nil }
        return (Watts((ceiling * minimumFraction).rounded()), Watts(ceiling.rounded()))
    }

    /// Power control from `GET /mode` and `GET /psu`: a continuous target (mode `custom`,
    /// tune `power`) within ``bounds(mode:psu:)``, or `.none` when no bound is known.
    static func powerControl(mode: JSONValue, psu: JSONValue) -> PowerControl {
        let mechanism: PowerControl.Mechanism =
            bounds(mode: mode, psu: psu).map { .continuous(min: $0.min, max: $0.max, step: Watts(1)) } ?? .none
        return PowerControl(
            mechanism: mechanism,
            current: isAsleep(mode) ? .sleeping : powerTarget(mode).map(PowerControl.Setting.watts), canSleep: true,
            settleSeconds: settleSeconds)
    }
}
