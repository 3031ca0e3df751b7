public import HiveProtocols

extension VNishDriver {
    /// Recognises VNish from probe answers alone (no I/O).
    ///
    /// - `GET /api/v1/info` with `fw_name` "Vnish" → `.high`, model from `miner`, version from
    ///   `fw_version` (the REST generation).
    /// - `GET /` mentioning "AnthillOS" → `.high` (model and version from the other answers
    ///   when they have them).
    /// - CGMiner `version` whose text names VNISH (any case) → `.medium`; model and version
    ///   from its `Type`, e.g. "Antminer S9 (vnish 3.8.6)" (the CGMiner-only generation).
    /// - CGMiner `stats` whose `Type` names VNish → `.medium`, same generation. VNish 2.0.x
    ///   answers `version` with a bare cgminer build, so `stats` is asked as a follow-up
    ///   (``followUpProbes(_:)``) on such hosts only.
    public static func identify(_ answers: ProbeAnswers) -> DriverMatch? {
        let fromVersion = versionMatch(answers) ?? statsMatch(answers)
        if let info = infoReply(answers), info["fw_name"]?.string?.lowercased() == "vnish" {
            return DriverMatch(
                driver: id, model: VNishReader.nonEmpty(info["miner"]?.string),
                firmwareVersion: VNishReader.nonEmpty(info["fw_version"]?.string), confidence: .high, isStock: false)
        }
        if let root = answers.webRoot, VNishText.contains(root.text, "AnthillOS") {
            return DriverMatch(
                driver: id, model: fromVersion?.model, firmwareVersion: fromVersion?.firmwareVersion,
                confidence: .high, isStock: false)
        }
        return fromVersion
    }

    /// CGMiner `stats`, asked only of hosts whose `version` reply names no firmware or model
    /// (`{"CGMiner":"4.11.1","API":"3.7"}`, as VNish 2.0.3 answers) and that nothing else
    /// identified as VNish.
    public static func followUpProbes(_ answers: ProbeAnswers) -> [ProbeRequest] {
        guard let entry = answers.version?["VERSION"]?[0]?.object,
            Set(entry.keys).isSubset(of: ["CGMiner", "API"]),
            infoReply(answers) == nil, versionMatch(answers) == nil
        else { return [] }
        return [statsProbe]
    }

    /// The follow-up probe: CGMiner `stats`.
    static let statsProbe = ProbeRequest.cgminer(CGMinerRequest(command: "stats"))

    /// A `.medium` match from a CGMiner `stats` reply whose `Type` names VNish.
    static func statsMatch(_ answers: ProbeAnswers) -> DriverMatch? {
        guard let stats = answers.cgminer(CGMinerRequest(command: "stats")),
            let type = stats["STATS"]?.array?.lazy.compactMap({ $0["Type"]?.string }).first,
            VNishText.contains(type, "vnish")
        else { return nil }
        let parsed = VNishLegacyReader.parseType(type)
        return DriverMatch(
            driver: id, model: parsed.model, firmwareVersion: parsed.version, confidence: .medium, isStock: false)
    }

    /// The parsed `/api/v1/info` answer, when it was a 2xx JSON object.
    static func infoReply(_ answers: ProbeAnswers) -> JSONValue? {
        guard let response = answers.http(.get("/api/v1/info")), response.isSuccess,
            let reply = try? TolerantJSONReader.parse(response.body), reply.object != nil
        else { return nil }
        return reply
    }

    /// A `.medium` match from a CGMiner `version` reply naming VNish.
    static func versionMatch(_ answers: ProbeAnswers) -> DriverMatch? {
        let request = CGMinerRequest(command: "version")
        guard let text = answers.cgminerText(request), VNishText.contains(text, "vnish") else { return nil }
        let parsed = answers.cgminer(request).flatMap(VNishLegacyReader.type).map(VNishLegacyReader.parseType)
        return DriverMatch(
            driver: id, model: parsed?.model, firmwareVersion: parsed?.version, confidence: .medium, isStock: false)
    }
}
