public import HiveProtocols

extension LuxOSDriver {
    /// Recognises LuxOS from the CGMiner `version` probe alone (no I/O).
    ///
    /// A reply carrying `VERSION[0].LUXminer` (or a `STATUS` description "LUXminer <version>")
    /// is LuxOS: `.high` confidence, custom firmware, the LUXminer version (e.g.
    /// "2025.4.8.220305-57b389c7") as the firmware version and `VERSION[0].Type` (e.g.
    /// "Antminer S19k Pro") as the model. LUXminer also spoofs stock fields (`Type`, and
    /// `BMMiner`/`Miner` on some versions, per docs.luxor.tech/firmware/api/cgminer/version),
    /// which is why the LUXminer marker, not the model, decides.
    public static func identify(_ answers: ProbeAnswers) -> DriverMatch? {
        guard let version = answers.version, let firmware = LuxOSReader.firmwareVersion(version) else { return nil }
        return DriverMatch(
            driver: id, model: LuxOSReader.model(version), firmwareVersion: firmware, confidence: .high, isStock: false)
    }
}
