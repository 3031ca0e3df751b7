/// What ESP-Miner (AxeOS) knows about each Bitaxe ASIC, from its `main/device_config.h`:
/// the board family the chip goes with, its default frequency and the frequency options its
/// settings page offers (also served by `GET /api/system/asic` on newer firmware).
struct BitaxeASIC: Sendable, Equatable {
    /// `ASICModel`, e.g. "BM1368".
    var model: String
    /// The single-chip board family, e.g. "Supra".
    var family: String
    /// The factory frequency in MHz.
    var defaultFrequency: Int
    /// The frequencies AxeOS offers, in MHz, ascending.
    var frequencies: [Int]

    /// The ASICs ESP-Miner supports (BM1372/BM1373 left out: no board of it was met yet).
    static let known: [BitaxeASIC] = [
        BitaxeASIC(
            model: "BM1397", family: "Max", defaultFrequency: 425,
            frequencies: [400, 425, 450, 475, 485, 500, 525, 550, 575, 600]),
        BitaxeASIC(
            model: "BM1366", family: "Ultra", defaultFrequency: 485,
            frequencies: [400, 425, 450, 475, 485, 500, 525, 550, 575]),
        BitaxeASIC(
            model: "BM1368", family: "Supra", defaultFrequency: 490,
            frequencies: [400, 425, 450, 475, 485, 490, 500, 525, 550, 575]),
        BitaxeASIC(
            model: "BM1370", family: "Gamma", defaultFrequency: 525, frequencies: [400, 490, 525, 550, 600, 625]),
    ]

    /// The entry for an `ASICModel`, if known.
    static func named(_ model: String?) -> BitaxeASIC? {
        known.first { $0.model == model }
    }

    /// Multi-chip boards by `boardVersion` (ESP-Miner's board table): their product names.
    static let multiChipBoards: [String: String] = [
        "302": "Ultra Hex", "303": "Ultra Hex", "701": "Supra Hex", "702": "Supra Hex", "650": "Gamma Duo",
        "801": "Gamma Turbo",
    ]

    /// "Bitaxe <family>" from the board version (multi-chip boards) or the ASIC model.
    static func productName(asicModel: String?, boardVersion: String?) -> String? {
        if let board = boardVersion.flatMap({ multiChipBoards[$0] }) { return "Bitaxe \(board)" }
        return named(asicModel).map { "Bitaxe \($0.family)" }
    }
}
