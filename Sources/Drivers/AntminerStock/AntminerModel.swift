import HiveProtocols

/// An Antminer model name as stock firmware reports it, with what the driver knows about it.
///
/// Stock firmware names models like "Antminer S19 Pro", "Antminer S9\nV1.3.58" (an S9 build
/// that appends its version on a second line) or "Antminer KS5 Pro"; `normalize` keeps the
/// first line and drops a trailing " (…)" part.
struct AntminerModel: Sendable, Hashable {
    /// The normalised name, e.g. "Antminer S19 Pro".
    let name: String

    /// Creates a model from a name as reported; `nil` for an empty name.
    init?(_ raw: String?) {
        guard let raw, let name = AntminerModel.normalize(raw) else { return nil }
        self.name = name
    }

    /// The first line, without a " (…)" suffix, with runs of whitespace collapsed.
    static func normalize(_ raw: String) -> String? {
        var text = Substring(raw)
        if let newline = text.firstIndex(where: { $0 == "\n" || $0 == "\r" }) { text = text[..<newline] }
        if let paren = text.firstIndex(of: "(") { text = text[..<paren] }
        let collapsed = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
        return collapsed.isEmpty ? nil : collapsed
    }

    /// The series token after "Antminer", upper-cased: "S19", "S19J", "KS5", "L3+".
    var series: String {
        let words = name.split(separator: " ")
        let token = words.first?.lowercased() == "antminer" ? words.dropFirst().first : words.first
        return token.map { $0.uppercased() } ?? ""
    }

    /// The leading letters of the series ("S", "KS", "L").
    var seriesLetters: String { String(series.prefix(while: \.isLetter)) }

    /// The generation number of the series (19 for "S19j"), if it has one.
    var generation: Int? { Int(series.drop(while: \.isLetter).prefix(while: \.isNumber)) }

    /// Whether stock firmware on this model is known to switch work modes and sleep through
    /// `set_miner_conf.cgi`: the S/T 19 generation and newer, and the KS series.
    ///
    /// Deliberately conservative: X17 firmware also carries `bitmain-work-mode` and reports a
    /// sleep state (`Mode` 254), but no recorded write on it has been verified, so S9/S17-era
    /// machines get no power control.
    var supportsWorkModes: Bool {
        switch seriesLetters {
        case "S", "T": (generation ?? 0) >= 19
        case "KS": true
        default: false
        }
    }

    /// The unit BMMiner's `GHS 5s`/`GHS av`/`chain_rateN` numbers are in when the reply carries
    /// no `rate_unit`: the key says GH/s, but Scrypt and Ethash models put MH/s there; for other
    /// algorithms (Equihash Sol/s, X11, Blake…) the unit is unknown and the rate is not reported.
    var legacyRateUnit: String? {
        switch seriesLetters {
        case "S", "T", "R": "GH"
        case "L", "E": "MH"
        default: nil
        }
    }

    /// Nominal figures from the manufacturer's specification, if the model is in the table.
    var nominal: NominalSpec? {
        AntminerModel.table[name.lowercased()]
    }

    /// A model's nominal power and hash rate (the base of PowerHive's power estimate).
    struct NominalSpec: Sendable, Hashable {
        /// Nominal wall power in normal mode.
        let watts: Watts
        /// Nominal hash rate in normal mode; `nil` when the algorithm's unit is not a hash rate.
        let hashrate: HashRate?
    }

    /// Bitmain's published figures for the models in the recorded samples and the common ones.
    private static let table: [String: NominalSpec] = [
        "antminer s9": NominalSpec(watts: Watts(1323), hashrate: .terahashes(13.5)),
        "antminer s17 pro": NominalSpec(watts: Watts(2094), hashrate: .terahashes(53)),
        "antminer s17+": NominalSpec(watts: Watts(2920), hashrate: .terahashes(73)),
        "antminer t17+": NominalSpec(watts: Watts(3150), hashrate: .terahashes(64)),
        "antminer t15": NominalSpec(watts: Watts(1541), hashrate: .terahashes(23)),
        "antminer s19": NominalSpec(watts: Watts(3250), hashrate: .terahashes(95)),
        "antminer s19 pro": NominalSpec(watts: Watts(3250), hashrate: .terahashes(110)),
        "antminer s19j pro": NominalSpec(watts: Watts(3068), hashrate: .terahashes(100)),
        "antminer s19 xp": NominalSpec(watts: Watts(3010), hashrate: .terahashes(140)),
        "antminer s21": NominalSpec(watts: Watts(3500), hashrate: .terahashes(200)),
        // kHeavyHash: a hash rate, but not comparable with SHA-256.
        "antminer ks5 pro": NominalSpec(watts: Watts(3150), hashrate: .terahashes(21)),
        // Scrypt and Ethash: hash rates in MH/s, not comparable with SHA-256.
        "antminer l3+": NominalSpec(watts: Watts(800), hashrate: .megahashes(504)),
        "antminer e3": NominalSpec(watts: Watts(760), hashrate: .megahashes(190)),
        // Equihash: 135 kSol/s is not a hash rate.
        "antminer z11": NominalSpec(watts: Watts(1418), hashrate: nil),
    ]
}
