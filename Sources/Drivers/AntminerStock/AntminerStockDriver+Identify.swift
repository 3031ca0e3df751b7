public import HiveProtocols

extension AntminerStockDriver {
    /// Recognises stock Antminer firmware from the shared probes, without I/O.
    ///
    /// Matches a `GET /` answered 401 with a Digest challenge for realm "antMiner Configuration",
    /// and/or a CGMiner `version` whose `VERSION[0].Type` names an Antminer (model from `Type`
    /// without its " (…)" suffix or second line; firmware version from `CompileTime`). Always
    /// `.medium` and stock: VNish, Braiins, Hiveon, LuxOS, MSK, ePIC… copy these fingerprints,
    /// and the registry puts their own matches first. Replies that carry a custom firmware's
    /// own marker (see ``customMarkers``) are declined.
    public static func identify(_ answers: ProbeAnswers) -> DriverMatch? {
        let versionText = answers.cgminerText(CGMinerRequest(command: "version"))?.lowercased() ?? ""
        let webText = answers.webRoot.map { $0.text.lowercased() } ?? ""
        if customMarkers.contains(where: { versionText.contains($0) || webText.contains($0) }) { return nil }

        let version = answers.version?["VERSION"]?[0]
        let type = version?["Type"]?.string
        let namesAntminer = type?.lowercased().contains("antminer") == true
        guard namesAntminer || hasStockChallenge(answers.webRoot) else { return nil }
        return DriverMatch(
            driver: id, model: namesAntminer ? AntminerModel(type)?.name : nil,
            firmwareVersion: namesAntminer ? AntminerFields.text(version?["CompileTime"]) : nil,
            confidence: .medium, isStock: true)
    }

    /// Lower-cased markers of custom firmwares in a `version` reply or the web root page.
    static let customMarkers = [
        "vnish", "anthillos", "hiveon", "rwglr", "bosminer", "braiins", "luxminer", "luxor firmware", "mskminer",
        "miner web dashboard", "kaonsu", "marafw", "asicseer", "chipless", "blissz",
    ]

    /// Whether `GET /` answered 401 with a Digest challenge for realm "antMiner Configuration".
    static func hasStockChallenge(_ response: HTTPResponse?) -> Bool {
        guard let response, response.status == 401,
            let challenge = response.header("WWW-Authenticate")?.lowercased()
        else { return false }
        return challenge.hasPrefix("digest") && challenge.contains("realm=\"antminer configuration\"")
    }
}
