import Foundation
import HiveProtocols

/// One `stats` (or `estats` / `litestats`) reply of an Avalon, with its bracketed status
/// strings read into `key → value` pairs by ``BracketedKeyValues``.
///
/// Where the strings live differs by generation (the recorded samples show both):
/// - A-series (A12xx, A15xx): `STATS[0]["MM ID0"]` = `Ver[…] … PS[…] PVT_T0[…] … WORKMODE[1]`,
///   one key per hash board for per-board arrays (`MGHS[a b c]`) and per-chip arrays
///   (`PVT_T0`, `PVT_V0`, `MW0` for board 0).
/// - Avalon Q (home series): `STATS[0]["MM ID0:Summary"]` = `'STATS':{Ver[…] …}` and, in
///   `stats` only, `STATS[0]["HBinfo"]` = `'HB0':{PVT_T0[…] PVT_V0[…] MW0[…]}`.
struct AvalonStats: Sendable {
    /// The machine keys (`MM ID0` or `MM ID0:Summary`).
    var fields: [String: String]
    /// The per-chip keys of `HBinfo` (Avalon Q), merged with `fields` for lookups.
    var boardInfo: [String: String]
    /// `STATS[0].Elapsed`: seconds CGMiner has run.
    var elapsed: Int?
    /// `STATUS[0].When`: the miner's own clock (unix time, or seconds since boot when unset).
    var when: Int?

    /// Reads a reply; `nil` when it carries no `MM ID0` string (or an empty one).
    init?(reply: JSONValue) {
        let first = reply["STATS"]?[0]
        let text = (first?["MM ID0"] ?? first?["MM ID0:Summary"])?.string ?? ""
        let fields = BracketedKeyValues.parse(text)
        guard !fields.isEmpty else { return nil }
        self.fields = fields
        self.boardInfo = BracketedKeyValues.parse(first?["HBinfo"]?.string ?? "")
        self.elapsed = first?["Elapsed"]?.int
        self.when = reply["STATUS"]?[0]?["When"]?.int
    }

    /// The raw text of a key (machine keys first, then `HBinfo`).
    func text(_ key: String) -> String? { fields[key] ?? boardInfo[key] }

    /// The numbers of a key's value (`PS[0 1209 1187]` → `[0, 1209, 1187]`); empty when absent.
    func numbers(_ key: String) -> [Double] { text(key).map(BracketedKeyValues.numbers) ?? [] }

    /// The first number of a key's value.
    func number(_ key: String) -> Double? { numbers(key).first }

    // MARK: - Machine readings

    /// `SYSTEMSTATU[Work: In Work, Hash Board: 3 ]` → `In Work`.
    var work: String? {
        guard let status = fields["SYSTEMSTATU"] else { return nil }
        let part = status.split(separator: ",").first { $0.contains("Work:") }
        return part.map { String($0.replacingOccurrences(of: "Work:", with: "").trimmingCharacters(in: .whitespaces)) }
    }

    /// Whether the last soft-power command was `softoff`: `SoftOffTime` later than `SoftOnTime`
    /// (Avalon Q), else a non-zero `SoftOFF` (A-series).
    var softOff: Bool {
        if let off = number("SoftOffTime"), let on = number("SoftOnTime") { return off > on }
        return (number("SoftOFF") ?? 0) != 0
    }

    /// Hashing (`In Work`).
    var isWorking: Bool { work?.hasPrefix("In Work") == true }

    /// Idle after a soft power-off.
    var isAsleep: Bool { !isWorking && work?.hasPrefix("In Idle") == true && softOff }

    /// Wall power: `WALLPOWER`, else the 7th `PS` value (equal to `WALLPOWER` in the A1566
    /// recording), else the 5th `PS` value, the hash boards' DC output power per the Avalon A10
    /// API manual (`PS[err Vctl Vhash A W Vset]`).
    var wallPower: Watts? {
        if let watts = number("WALLPOWER") { return Watts(watts) }
        let ps = numbers("PS")
        if ps.count >= 7 { return Watts(ps[6]) }
        if ps.count >= 5 { return Watts(ps[4]) }
        return nil
    }

    /// The power-supply error code (`PS[0]`, 0 = OK, per the A10 manual's appendix).
    var powerSupplyError: Int? { numbers("PS").first.map { Int($0) } }

    /// The configured work mode (`WORKMODE[n]`).
    var workMode: Int? { number("WORKMODE").map { Int($0) } }

    /// The active mode's power ceiling in watts (`MPO[n]`; matches the output power in the
    /// recorded Avalon Q samples: `MPO[1600]` with `PS[…1598…]`).
    var modePower: Watts? { number("MPO").flatMap { $0 > 0 ? Watts($0) : nil } }

    /// `FanN[rpm]` for N = 1, 2, … while present.
    var fans: [RPM] {
        var fans: [RPM] = []
        var index = 1
        while let rpm = number("Fan\(index)") {
            fans.append(RPM(rpm))
            index += 1
        }
        return fans
    }

    /// Number of hash boards: entries of `MGHS` (one per board), at least one.
    var boardCount: Int { max(1, numbers("MGHS").count) }

    /// Seconds of uptime: `STATS[0].Elapsed`, else `Elapsed[…]`.
    var uptime: Int? { elapsed ?? number("Elapsed").map { Int($0) } }
}
