import HiveProtocols

/// A Braiins OS release (`YY.MM`, e.g. 25.07) and the control API that release offers.
///
/// Braiins names builds `<date>-<n>-<hash>-<YY.MM[.p]>-plus` (e.g.
/// `2025-08-06-0-3881c51d-25.07-plus`); the release is the dotted part. The CGMiner-compatible
/// API on port 4028 exists in every release; control moved between three APIs:
/// - **REST** (`/api/v1/...`, bearer token): 25.07 and newer.
/// - **GraphQL** (`POST /graphql`, session cookie): 21.09 up to 25.05 (GraphQL still answers
///   reads on later releases, which identification relies on).
/// - **None**: the open-source bOSminer 0.x era (LuCI only), read over CGMiner.
struct BraiinsOSRelease: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Two-digit year.
    var year: Int
    /// Month.
    var month: Int

    /// The first release with the public REST API.
    static let restAPI = BraiinsOSRelease(year: 25, month: 7)
    /// The first release with the GraphQL API this driver uses.
    static let graphQLAPI = BraiinsOSRelease(year: 21, month: 9)

    /// Creates a release.
    init(year: Int, month: Int) {
        self.year = year
        self.month = month
    }

    /// The release in a build string (`…-25.07-plus`, `22.08`, `25.05.1`); `nil` when none.
    init?(build: String) {
        let parts = build.split(whereSeparator: { $0 == "-" || $0 == " " || $0 == "(" || $0 == ")" })
        for part in parts.reversed() {
            let numbers = part.split(separator: ".")
            guard numbers.count >= 2, numbers.count <= 3, let year = Int(numbers[0]), let month = Int(numbers[1]),
                numbers[0].count == 2, (1...12).contains(month)
            else { continue }
            self.init(year: year, month: month)
            return
        }
        return nil
    }

    static func < (a: BraiinsOSRelease, b: BraiinsOSRelease) -> Bool { (a.year, a.month) < (b.year, b.month) }

    var description: String { (year < 10 ? "0" : "") + "\(year)." + (month < 10 ? "0" : "") + "\(month)" }

    /// The control API of this release.
    var api: BraiinsOSAPI { self >= Self.restAPI ? .rest : (self >= Self.graphQLAPI ? .graphQL : .none) }
}

/// Which control API a Braiins OS miner offers (reads always go through CGMiner on 4028).
enum BraiinsOSAPI: String, Sendable, Hashable {
    /// Public REST API, 25.07 and newer.
    case rest
    /// GraphQL API, 21.09 to 25.05.
    case graphQL
    /// No control API this driver speaks (bOSminer 0.x): read-only.
    case none

    /// The API a match implies: from the release in its firmware version; a BOSer build
    /// without a release is taken for the GraphQL era (BOSer replaced bOSminer in 21.09); a
    /// bOSminer build (0.x) has none.
    init(match: DriverMatch?) {
        guard let version = match?.firmwareVersion else {
            self = .graphQL
            return
        }
        if let release = BraiinsOSRelease(build: version) {
            self = release.api
        } else if version.lowercased().contains("bosminer") {
            self = .none
        } else {
            self = .graphQL
        }
    }
}
