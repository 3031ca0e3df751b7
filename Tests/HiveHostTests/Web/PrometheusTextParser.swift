import Foundation

/// A strict-enough parser of the Prometheus text exposition format (0.0.4) for tests: HELP and
/// TYPE lines at most once per family and before its samples, valid metric and label names,
/// escaped label values, numeric values, no duplicate series.
struct PrometheusTextParser {
    struct Sample: Hashable {
        var name: String
        var labels: [String: String]
        var value: Double
    }

    struct Family {
        var help: String?
        var type: String?
    }

    struct ParseError: Error, CustomStringConvertible {
        var line: Int
        var reason: String
        var description: String { "line \(line): \(reason)" }
    }

    private(set) var families: [String: Family] = [:]
    private(set) var samples: [Sample] = []

    init(_ text: String) throws {
        var seen = Set<String>()
        for (offset, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = offset + 1
            let line = String(raw)
            if line.isEmpty { continue }
            if line.hasPrefix("# HELP ") || line.hasPrefix("# TYPE ") {
                let parts = line.dropFirst(7).split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false)
                guard let name = parts.first.map(String.init), Self.isMetricName(name) else {
                    throw ParseError(line: number, reason: "bad family name")
                }
                var family = families[name] ?? Family()
                if samples.contains(where: { Self.family(of: $0.name, in: families) == name }) {
                    throw ParseError(line: number, reason: "\(name): HELP/TYPE after samples")
                }
                let rest = parts.count > 1 ? String(parts[1]) : ""
                if line.hasPrefix("# HELP ") {
                    guard family.help == nil else { throw ParseError(line: number, reason: "\(name): second HELP") }
                    family.help = rest
                } else {
                    guard family.type == nil else { throw ParseError(line: number, reason: "\(name): second TYPE") }
                    guard ["counter", "gauge", "histogram", "summary", "untyped"].contains(rest) else {
                        throw ParseError(line: number, reason: "\(name): unknown type \(rest)")
                    }
                    family.type = rest
                }
                families[name] = family
                continue
            }
            if line.hasPrefix("#") { continue }
            let sample = try Self.sample(line, number: number)
            guard Self.family(of: sample.name, in: families) != nil else {
                throw ParseError(line: number, reason: "\(sample.name) has no TYPE")
            }
            let key =
                sample.name + "{"
                + sample.labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",") + "}"
            guard seen.insert(key).inserted else { throw ParseError(line: number, reason: "duplicate series \(key)") }
            samples.append(sample)
        }
    }

    /// Samples of `name`, optionally matching some labels.
    func values(_ name: String, _ labels: [String: String] = [:]) -> [Double] {
        samples.filter { sample in
            sample.name == name && labels.allSatisfy { key, value in sample.labels[key] == value }
        }.map(\.value)
    }

    static func family(of sample: String, in families: [String: Family]) -> String? {
        if families[sample]?.type != nil { return sample }
        for suffix in ["_bucket", "_sum", "_count"] where sample.hasSuffix(suffix) {
            let base = String(sample.dropLast(suffix.count))
            if let type = families[base]?.type, type == "histogram" || type == "summary" { return base }
        }
        return nil
    }

    static func isMetricName(_ name: String) -> Bool {
        guard let first = name.first, first.isLetter || first == "_" || first == ":" else { return false }
        return name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == ":") }
    }

    static func sample(_ line: String, number: Int) throws -> Sample {
        var index = line.startIndex
        while index < line.endIndex, line[index] != "{", line[index] != " " { index = line.index(after: index) }
        let name = String(line[..<index])
        guard isMetricName(name) else { throw ParseError(line: number, reason: "bad metric name \(name)") }
        var labels: [String: String] = [:]
        if index < line.endIndex, line[index] == "{" {
            index = line.index(after: index)
            while index < line.endIndex, line[index] != "}" {
                var key = ""
                while index < line.endIndex, line[index] != "=" {
                    key.append(line[index])
                    index = line.index(after: index)
                }
                guard isMetricName(key), !key.contains(":"), index < line.endIndex else {
                    throw ParseError(line: number, reason: "bad label name \(key)")
                }
                index = line.index(after: index)
                guard index < line.endIndex, line[index] == "\"" else {
                    throw ParseError(line: number, reason: "unquoted label")
                }
                index = line.index(after: index)
                var value = ""
                while index < line.endIndex, line[index] != "\"" {
                    if line[index] == "\\" {
                        index = line.index(after: index)
                        guard index < line.endIndex else { throw ParseError(line: number, reason: "bad escape") }
                        switch line[index] {
                        case "n": value.append("\n")
                        case "\\": value.append("\\")
                        case "\"": value.append("\"")
                        default: throw ParseError(line: number, reason: "bad escape")
                        }
                    } else {
                        value.append(line[index])
                    }
                    index = line.index(after: index)
                }
                guard index < line.endIndex else { throw ParseError(line: number, reason: "unterminated label") }
                guard labels.updateValue(value, forKey: key) == nil else {
                    throw ParseError(line: number, reason: "repeated label \(key)")
                }
                index = line.index(after: index)
                if index < line.endIndex, line[index] == "," { index = line.index(after: index) }
            }
            guard index < line.endIndex else { throw ParseError(line: number, reason: "unterminated labels") }
            index = line.index(after: index)
        }
        let fields = line[index...].split(separator: " ")
        guard (1...2).contains(fields.count) else { throw ParseError(line: number, reason: "bad value part") }
        let text = String(fields[0])
        let value: Double? =
            switch text {
            case "+Inf": .infinity
            case "-Inf": -.infinity
            case "NaN": .nan
            default: Double(text)
            }
        guard let value else { throw ParseError(line: number, reason: "bad value \(text)") }
        return Sample(name: name, labels: labels, value: value)
    }
}
