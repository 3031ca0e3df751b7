public import HiveProtocols

extension AuradineDriver {
    /// Recognises Auradine's firmware from the shared CGMiner `version` probe, without I/O.
    ///
    /// gcminer answers `VERSION[0].GCMiner` (e.g. `"0.5"`) and names itself in
    /// `STATUS[0].Description` ("GCMiner-…" on early firmware, "FluxOS-…" later): either is an
    /// unambiguous marker (`.high`), with the release from the description as the firmware
    /// version. The model is not in the reply (identity reads `ipreport`). Stock firmware, but no
    /// other driver claims a gcminer reply (no Antminer `Type`, no BOSer, btminer or VNish name).
    public static func identify(_ answers: ProbeAnswers) -> DriverMatch? {
        guard let version = answers.version else { return nil }
        let description = AuradineReader.text(version["STATUS"]?[0]?["Description"])
        let namesGCMiner = version["VERSION"]?[0]?["GCMiner"] != nil
        let lower = description?.lowercased() ?? ""
        guard namesGCMiner || lower.hasPrefix("gcminer") || lower.hasPrefix("fluxos") else { return nil }
        return DriverMatch(
            driver: id, firmwareVersion: AuradineReader.release(description), confidence: .high, isStock: true)
    }
}
