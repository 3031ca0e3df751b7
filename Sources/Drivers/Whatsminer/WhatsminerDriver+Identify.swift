public import HiveProtocols

extension WhatsminerDriver {
    /// Recognises Whatsminer stock firmware from the shared probes, without I/O.
    ///
    /// - `get_version` answering `Msg.api_ver` and `Msg.fw_ver` (btminer's own command; other
    ///   CGMiner firmwares call it invalid), or `devdetails` naming the `bitmicro` driver or a
    ///   btminer: `.high`. The model comes from `DEVDETAILS[0].Model`, the firmware version
    ///   from `fw_ver` (its date chooses API v2 or v3).
    /// - API v3 `get.device.info` on port 4433 answering `msg.system.fwversion`: `.high`, with
    ///   `msg.miner.type` as the model (firmware with the 4028 API switched off).
    ///
    /// Stock firmware (a custom firmware on Whatsminer hardware wins), but with `.high`
    /// confidence it ranks above stock Antminer's `.medium` match.
    public static func identify(_ answers: ProbeAnswers) -> DriverMatch? {
        let version = answers.cgminer(getVersion)?["Msg"]
        let details = answers.cgminer(CGMinerRequest(command: "devdetails"))
        let detailsText = answers.cgminerText(CGMinerRequest(command: "devdetails"))?.lowercased() ?? ""
        let v3 = answers.cgminer(WhatsminerV3Client.request("get.device.info"))?["msg"]

        let firmware = version?["fw_ver"]?.string.map(WhatsminerV2Reader.unquoted)
        let hasVersion = firmware != nil && version?["api_ver"]?.string != nil
        let namesBitmicro = detailsText.contains("bitmicro") || detailsText.contains("btminer")
        let v3Firmware = v3?["system"]?["fwversion"]?.string
        guard hasVersion || namesBitmicro || v3Firmware != nil else { return nil }
        let model = WhatsminerV2Reader.model(details: details) ?? WhatsminerModel.name(v3?["miner"]?["type"]?.string)
        return DriverMatch(
            driver: id, model: model, firmwareVersion: firmware ?? v3Firmware, confidence: .high, isStock: true)
    }
}
