/// Builders for CGMiner-API replies shared by the personalities: the `STATUS` envelope, errors,
/// joined commands (`stats+pools`) and the `pools` section.
///
/// Shapes follow the recorded samples (`firmware-samples/antminer-stock/v2020/cgminer__*.json`,
/// `antminer-stock/s19-2020-12-sleeping/cgminer__pools.json`, `vnish/2.0.3-s17plus/…`): members
/// in the firmware's order, compact, `"id":1` last.
enum CGMinerReplies {
    /// `{"STATUS":[{…}],"<section>":[…],"id":1}`.
    static func reply(
        section: String, _ items: [WireJSON], code: Int, message: String, when: Int, description: String
    ) -> [UInt8] {
        WireJSON.object([
            ("STATUS", [status("S", code: code, message: message, when: when, description: description)]),
            (section, .array(items)), ("id", 1),
        ]).bytes
    }

    /// One `STATUS` entry.
    static func status(_ kind: String, code: Int, message: String, when: Int, description: String) -> WireJSON {
        [
            "STATUS": .string(kind), "When": .int(when), "Code": .int(code), "Msg": .string(message),
            "Description": .string(description),
        ]
    }

    /// CGMiner's reply to a command it does not know (code 14).
    static func invalidCommand(when: Int, description: String) -> [UInt8] {
        WireJSON.object([
            ("STATUS", [status("E", code: 14, message: "Invalid command", when: when, description: description)]),
            ("id", 1),
        ]).bytes
    }

    /// A joined request (`stats+pools`): `{"stats":[<reply>],"pools":[<reply>],"id":1}`; a part
    /// `render` does not know makes the whole an invalid-command reply, as CGMiner does.
    static func dispatch(
        _ call: CGMinerCall, when: Int, description: String, render: (String, String?) -> [UInt8]?
    ) -> [UInt8] {
        let commands = call.command.split(separator: "+").map(String.init)
        guard commands.count > 1 else {
            return render(call.command, call.parameter) ?? invalidCommand(when: when, description: description)
        }
        var members: [(String, WireJSON)] = []
        for command in commands {
            guard let part = render(command, call.parameter) else {
                return invalidCommand(when: when, description: description)
            }
            members.append((command, .array([.raw(String(decoding: part, as: UTF8.self))])))
        }
        members.append(("id", 1))
        return WireJSON.object(members).bytes
    }

    /// A `SUMMARY` entry (`antminer-stock/v2020/cgminer__summary.json`), hash rates in GH/s.
    static func summary(_ live: LiveReading) -> WireJSON {
        let accepted = Double(live.accepted)
        return [
            "Elapsed": .int(live.uptime), "GHS 5s": .fixed(live.rateGH, digits: 2),
            "GHS av": .fixed(live.averageGH, digits: 2),
            "GHS 30m": .fixed(live.averageGH, digits: 2), "Found Blocks": 0, "Getwork": .int(live.uptime / 12),
            "Accepted": .int(live.accepted), "Rejected": .int(live.rejected),
            "Hardware Errors": .int(live.hardwareErrors),
            "Utility": .fixed(accepted / max(1, Double(live.uptime) / 60), digits: 2),
            "Discarded": .int(live.accepted * 9),
            "Stale": 0, "Get Failures": 0, "Local Work": .int(live.accepted * 11), "Remote Failures": 0,
            "Network Blocks": .int(live.uptime / 600),
            "Total MH": .fixed(live.averageGH * 1000 * Double(live.uptime), digits: 1),
            "Work Utility": .fixed(live.averageGH * 13.9, digits: 2),
            "Difficulty Accepted": .fixed(accepted * 524_288, digits: 1),
            "Difficulty Rejected": .fixed(Double(live.rejected) * 524_288, digits: 1),
            "Difficulty Stale": .fixed(0, digits: 1),
            "Best Share": .int(live.accepted * 3_180_000), "Device Hardware%": .fixed(0, digits: 4),
            "Device Rejected%": .fixed(0, digits: 4), "Pool Rejected%": .fixed(0, digits: 4),
            "Pool Stale%": .fixed(0, digits: 4), "Last getwork": .int(live.unixTime),
        ]
    }

    /// The `POOLS` section: pool 0 active and accepting, two idle backups.
    static func pools(_ live: LiveReading, user: String, description: String) -> [UInt8] {
        let items = (0..<3).map { index -> WireJSON in
            let active = index == 0 && live.isHashing
            let accepted = index == 0 ? live.accepted : 0
            return [
                "POOL": .int(index), "URL": .string(SimulatedPool.urls[index]), "Status": "Alive",
                "Priority": .int(index), "Quota": 1, "Long Poll": "N",
                "Getworks": .int(index == 0 ? live.uptime / 30 : 3),
                "Accepted": .int(accepted), "Rejected": .int(index == 0 ? live.rejected : 0),
                "Discarded": .int(accepted * 9),
                "Stale": 0, "Get Failures": 0, "Remote Failures": 0, "User": .string(user),
                "Last Share Time": .string(active ? "0:00:03" : "0"), "Diff": .string(index == 0 ? "524K" : ""),
                "Diff1 Shares": 0, "Proxy Type": "", "Proxy": "",
                "Difficulty Accepted": .fixed(Double(accepted) * 524_288, digits: 1),
                "Difficulty Rejected": .fixed(Double(index == 0 ? live.rejected : 0) * 524_288, digits: 1),
                "Difficulty Stale": .fixed(0, digits: 1),
                "Last Share Difficulty": .fixed(active ? 524_288 : 0, digits: 1),
                "Has Stratum": true, "Stratum Active": .bool(active),
                "Stratum URL": .string(active ? SimulatedPool.hosts[0] : ""), "Has GBT": false,
                "Best Share": .fixed(Double(accepted) * 3_180_000, digits: 1), "Pool Rejected%": .fixed(0, digits: 1),
                "Pool Stale%%": .fixed(0, digits: 1),
            ]
        }
        return reply(
            section: "POOLS", items, code: 7, message: "3 Pool(s)", when: live.unixTime, description: description)
    }
}

/// The pools simulated miners are configured with (reserved `.invalid` names: nothing real).
enum SimulatedPool {
    /// Pool hosts.
    static let hosts = ["stratum.simulated.invalid", "backup.simulated.invalid", "backup2.simulated.invalid"]
    /// Pool URLs.
    static let urls = hosts.enumerated().map { "stratum+tcp://\($0.element):\([3333, 443, 25][$0.offset])" }
}
