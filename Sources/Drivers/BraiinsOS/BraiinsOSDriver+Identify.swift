public import HiveProtocols

extension BraiinsOSDriver {
    /// Recognises Braiins OS from probe answers alone (no I/O).
    ///
    /// - GraphQL ``BraiinsGraphQL/stateQuery`` answered with `bos.info.version.full` → `.high`,
    ///   firmware version = that build string (its `YY.MM` release picks the control API),
    ///   model from `bosminer.info.modelName`.
    /// - CGMiner `version` naming BOSer or bOSminer (any case) → `.high`; the version is the
    ///   `VERSION[0]` entry, e.g. "BOSer boser-buildroot 0.1.0-45f356ea" (no release in it:
    ///   taken for the GraphQL era) or "BOSminer+ 0.2.0-36c56a9363" (read-only era).
    /// - `GET /` mentioning "Braiins OS" → `.high`.
    ///
    /// The model comes from CGMiner `devdetails` `DEVDETAILS[0].Model` when GraphQL did not
    /// name it. Stock Antminer declines replies carrying these markers, and the registry ranks
    /// custom firmware first anyway.
    public static func identify(_ answers: ProbeAnswers) -> DriverMatch? {
        let state = graphQLState(answers)
        let build = state.flatMap { BraiinsReader.text($0["bos"]?["info"]?["version"]?["full"]) }
        let versionText = answers.cgminerText(CGMinerRequest(command: "version"))?.lowercased() ?? ""
        let namesBraiins = versionText.contains("boser") || versionText.contains("bosminer")
        let webNamesBraiins = answers.webRoot.map { $0.text.lowercased().contains("braiins os") } ?? false
        guard build != nil || namesBraiins || webNamesBraiins else { return nil }
        let model =
            state.flatMap { BraiinsReader.text($0["bosminer"]?["info"]?["modelName"]) }
            ?? BraiinsReader.text(answers.cgminer(CGMinerRequest(command: "devdetails"))?["DEVDETAILS"]?[0]?["Model"])
        return DriverMatch(
            driver: id, model: model.map(BraiinsReader.modelName),
            firmwareVersion: build ?? answers.version.flatMap(BraiinsReader.minerVersion), confidence: .high,
            isStock: false)
    }

    /// The `data` of the GraphQL state probe, when it answered 2xx JSON with a `bos` object.
    static func graphQLState(_ answers: ProbeAnswers) -> JSONValue? {
        guard let response = answers.http(BraiinsGraphQL.stateRequest), response.isSuccess,
            let reply = try? TolerantJSONReader.parse(response.body), let data = reply["data"], data["bos"] != nil
        else { return nil }
        return data
    }
}
