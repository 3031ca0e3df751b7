import Foundation
import HiveProtocols
import Testing

@testable import HiveHost

/// Keeps `Docs/DEPLOYMENT.md` true to the code: its key table lists every key the config parser
/// reads, no key the parser does not know, and defaults that parse to exactly the built-in
/// defaults; every log line it tells operators to grep for is one the code writes.
@Suite("Deployment guide")
struct DeploymentDocTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static func text(_ path: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }

    /// Every source file under `folder`, concatenated.
    static func sources(_ folder: String) throws -> String {
        let base = root.appendingPathComponent(folder)
        let files = FileManager.default.enumerator(atPath: base.path)?.compactMap { $0 as? String } ?? []
        return try files.filter { $0.hasSuffix(".swift") }.sorted()
            .map { try String(contentsOf: base.appendingPathComponent($0), encoding: .utf8) }.joined(separator: "\n")
    }

    /// The table rows: key → default cell (without backticks; `nil` for "—").
    static func documentedKeys() throws -> [String: String?] {
        var rows: [String: String?] = [:]
        for line in try text("Docs/DEPLOYMENT.md").split(separator: "\n") where line.hasPrefix("| `") {
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard cells.count >= 4, cells[1].hasPrefix("`"), cells[1].contains(".") else { continue }
            let key = cells[1].trimmingCharacters(in: CharacterSet(charactersIn: "`"))
            let value = cells[2] == "—" ? nil : cells[2].trimmingCharacters(in: CharacterSet(charactersIn: "`"))
            rows[key] = value
        }
        return rows
    }

    /// The keys `PowerHiveConfig`'s parser reads (`r.int("intervals.status_seconds", …)` and
    /// friends), from its source.
    static func parserKeys() throws -> Set<String> {
        let source = try sources("Sources/HiveHost/Config")
        let pattern = try NSRegularExpression(pattern: #"r\.\w+\(\s*"([a-z_]+(?:\.[a-z_]+)+)""#)
        let range = NSRange(source.startIndex..., in: source)
        return Set(
            pattern.matches(in: source, range: range).compactMap { match in
                Range(match.range(at: 1), in: source).map { String(source[$0]) }
            })
    }

    @Test func everyParserKeyIsDocumentedAndNoOtherKeyIs() throws {
        let parser = try Self.parserKeys()
        #expect(parser.count > 40, "the key pattern still finds the parser's keys")
        let documented = Set(try Self.documentedKeys().keys.filter { !$0.hasPrefix("credentials.") })
        #expect(parser.subtracting(documented).sorted() == [], "keys the guide does not document")
        #expect(documented.subtracting(parser).sorted() == [], "documented keys the parser does not read")
    }

    @Test func documentedDefaultsAreTheParsersDefaults() throws {
        var json: JSONValue = .object([:])
        for (key, value) in try Self.documentedKeys() where !key.hasPrefix("credentials.") {
            guard let value else { continue }
            json = json.setting(key, to: try TolerantJSONReader.parse(value))
        }
        let documented = try PowerHiveConfig.parse(Array(json.serialized().utf8), source: "doc", environment: [:])
        #expect(documented.maskedJSON == (try PowerHiveConfig.defaults).maskedJSON)
    }

    @Test func everyEnvironmentVariableIsDocumented() throws {
        let guide = try Self.text("Docs/DEPLOYMENT.md")
        for (variable, key) in PowerHiveConfig.environmentKeys {
            #expect(guide.contains("`\(variable)` (`\(key)`)"), "\(variable)")
        }
    }

    @Test func troubleshootingGrepsMatchLogLinesTheCodeWrites() throws {
        let guide = try Self.text("Docs/DEPLOYMENT.md")
        let code = try Self.sources("Sources")
        let pattern = try NSRegularExpression(pattern: #"grep '([^']+)'"#)
        let greps = pattern.matches(in: guide, range: NSRange(guide.startIndex..., in: guide)).compactMap {
            Range($0.range(at: 1), in: guide).map { String(guide[$0]) }
        }
        #expect(greps.count >= 8)
        for text in greps {
            // A log line is built from literals and interpolations; the grep is one literal run,
            // except that the pollers' lines start with the poller's name (`\(poll) poll …`).
            var candidates = [text]
            for poller in ["status ", "telemetry "] where text.hasPrefix(poller) {
                candidates.append("\\(poll) " + text.dropFirst(poller.count))
            }
            #expect(candidates.contains { code.contains($0) }, "no log line in Sources contains '\(text)'")
        }
    }
}
