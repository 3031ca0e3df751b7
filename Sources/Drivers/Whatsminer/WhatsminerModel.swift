import Foundation
import HiveProtocols

/// Whatsminer model names and the power-limit bounds PowerHive uses for them.
enum WhatsminerModel {
    /// "Whatsminer M60S" from a firmware type such as `M60S_VK40` (v3 `miner.type`) or
    /// `M30S+_VE40` (v2 `devdetails` `Model`): the hash-board suffix after `_` is dropped.
    static func name(_ raw: String?) -> String? {
        guard let raw = raw?.trimmingCharacters(in: .whitespacesAndNewlines), !raw.isEmpty else { return nil }
        let base = raw.split(separator: "_", maxSplits: 1).first.map(String.init) ?? raw
        return "Whatsminer " + base.uppercased()
    }

    /// Standard (maximum) power in watts from MicroBT's published specifications, for the
    /// models PowerHive has met. The firmware refuses a power limit above the standard power.
    static let standardPower: [String: Double] = [
        "Whatsminer M30S+": 3400, "Whatsminer M30S++": 3472, "Whatsminer M50S": 3276, "Whatsminer M60S": 3441,
    ]

    /// The lowest limit PowerHive sets, as a fraction of the maximum. Not a firmware figure:
    /// a conservative floor, because below about half its standard power a Whatsminer may
    /// refuse the limit or hash unstably.
    static let minimumFraction = 0.5

    /// The continuous power-limit range: up to the model's standard power, or the limit the
    /// miner reports when that is higher (the firmware already accepted it) or the model is
    /// unknown; `nil` when neither is known.
    static func bounds(model: String?, reportedLimit: Watts?) -> (min: Watts, max: Watts)? {
        let standard = model.flatMap { standardPower[$0] }
        guard let top = [standard, reportedLimit?.value].compactMap({ $0 }).max(), top > 0 else { return nil }
        return (Watts((top * minimumFraction).rounded()), Watts(top))
    }
}
