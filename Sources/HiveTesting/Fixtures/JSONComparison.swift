public import HiveProtocols

/// Compares JSON values the way fixture expectations need: numbers within a relative
/// tolerance, a missing key equal to `null`, and every difference reported with its path.
public enum JSONComparison {
    /// The differences between `expected` and `actual`, as "path: expected X, got Y" lines.
    public static func differences(expected: JSONValue, actual: JSONValue, path: String = "$") -> [String] {
        switch (expected, actual) {
        case (.number(let e), .number(let a)):
            let scale = max(abs(e), abs(a), 1e-9)
            return abs(e - a) / scale <= 1e-6 ? [] : ["\(path): expected \(e), got \(a)"]
        case (.object(let e), .object(let a)):
            let keys = Set(e.keys).union(a.keys).sorted()
            return keys.flatMap { key in
                differences(expected: e[key] ?? .null, actual: a[key] ?? .null, path: "\(path).\(key)")
            }
        case (.array(let e), .array(let a)):
            guard e.count == a.count else {
                return ["\(path): expected \(e.count) elements, got \(a.count)"]
            }
            return zip(e, a).enumerated().flatMap { index, pair in
                differences(expected: pair.0, actual: pair.1, path: "\(path)[\(index)]")
            }
        default:
            return expected == actual ? [] : ["\(path): expected \(expected.serialized()), got \(actual.serialized())"]
        }
    }
}
