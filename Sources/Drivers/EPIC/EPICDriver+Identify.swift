public import HiveProtocols

extension EPICDriver {
    /// Recognises ePIC UMC from the shared probes, without I/O.
    ///
    /// - `GET /summary` on port 4028 answered with JSON whose `Software` names PowerPlay (e.g.
    ///   "PowerPlay-BMS v1.5.13") or whose `OS Type` names UMC: `.high`, with `Software` as the
    ///   firmware version. The model is not in the summary (identity reads `/capabilities`).
    /// - `GET /` whose page is the ePIC "Miner Web Dashboard": `.medium`.
    ///
    /// Custom firmware: it runs on Antminer hardware and wins over the stock Antminer driver.
    public static func identify(_ answers: ProbeAnswers) -> DriverMatch? {
        if let response = answers.http(summaryProbe), response.isSuccess,
            let summary = try? TolerantJSONReader.parse(response.body), let software = isPowerPlay(summary)
        {
            return DriverMatch(driver: id, firmwareVersion: software, confidence: .high, isStock: false)
        }
        if answers.webRoot?.text.lowercased().contains("miner web dashboard") == true {
            return DriverMatch(driver: id, confidence: .medium, isStock: false)
        }
        return nil
    }

    /// The `Software` string of a PowerPlay summary, `nil` when the summary is not PowerPlay's.
    static func isPowerPlay(_ summary: JSONValue) -> String? {
        guard let software = EPICReader.text(summary["Software"]) else { return nil }
        let osType = EPICReader.text(summary["OS Type"])?.lowercased() ?? ""
        return software.lowercased().contains("powerplay") || osType.contains("umc") ? software : nil
    }
}
