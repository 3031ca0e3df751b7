import Foundation

/// Writes the Prometheus text exposition format (version 0.0.4): `# HELP` and `# TYPE` once per
/// family, then its samples.
struct PrometheusText {
    private(set) var output = ""

    /// Starts a family.
    mutating func family(_ name: String, _ type: String, _ help: String) {
        output += "# HELP \(name) \(Self.escapeHelp(help))\n# TYPE \(name) \(type)\n"
    }

    /// Adds a sample; `nil` or non-finite values are skipped (a missing reading is no sample).
    mutating func sample(_ name: String, _ labels: [(String, String)] = [], _ value: Double?) {
        guard let value, value.isFinite else { return }
        output += name
        if !labels.isEmpty {
            output += "{" + labels.map { "\($0.0)=\"\(Self.escapeLabel($0.1))\"" }.joined(separator: ",") + "}"
        }
        output += " " + Self.format(value) + "\n"
    }

    /// Appends already formatted text.
    mutating func append(_ text: String) { output += text }

    static func format(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    static func escapeLabel(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "\\": escaped += "\\\\"
            case "\"": escaped += "\\\""
            case "\n": escaped += "\\n"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    static func escapeHelp(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")
    }
}
