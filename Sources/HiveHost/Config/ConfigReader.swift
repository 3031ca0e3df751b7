public import HiveProtocols

/// Walks a parsed config object key by key, collecting every problem instead of stopping at the
/// first, and remembering which keys were read so unknown ones can be reported.
struct ConfigReader {
    private(set) var problems: [ConfigProblem] = []
    private var consumed: Set<String> = []
    private let root: JSONValue

    init(_ root: JSONValue) { self.root = root }

    /// The value at a dotted path, if present and not null.
    func raw(_ path: String) -> JSONValue? {
        var value: JSONValue? = root
        for part in path.split(separator: ".") { value = value?[String(part)] }
        if case .null? = value { return nil }
        return value
    }

    mutating func mark(_ path: String) { consumed.insert(path) }

    mutating func problem(_ path: String, _ value: JSONValue?, expected: String) {
        problems.append(ConfigProblem(key: path, value: value.map { $0.serialized() }, expected: expected))
    }

    mutating func int(_ path: String, default fallback: Int, in range: ClosedRange<Int>) -> Int {
        mark(path)
        guard let value = raw(path) else { return fallback }
        guard case .number(let n) = value, n.rounded() == n, let int = Int(exactly: n) else {
            problem(path, value, expected: "a whole number from \(range.lowerBound) to \(range.upperBound)")
            return fallback
        }
        guard range.contains(int) else {
            problem(path, value, expected: "a whole number from \(range.lowerBound) to \(range.upperBound)")
            return fallback
        }
        return int
    }

    mutating func double(_ path: String, default fallback: Double, in range: ClosedRange<Double>) -> Double {
        mark(path)
        guard let value = raw(path) else { return fallback }
        guard case .number(let n) = value, range.contains(n) else {
            problem(path, value, expected: "a number from \(range.lowerBound) to \(range.upperBound)")
            return fallback
        }
        return n
    }

    mutating func optionalDouble(_ path: String, in range: ClosedRange<Double>) -> Double? {
        mark(path)
        guard let value = raw(path) else { return nil }
        guard case .number(let n) = value, range.contains(n) else {
            problem(path, value, expected: "a number from \(range.lowerBound) to \(range.upperBound), or null")
            return nil
        }
        return n
    }

    mutating func optionalInt(_ path: String, in range: ClosedRange<Int>) -> Int? {
        mark(path)
        guard let value = raw(path) else { return nil }
        guard case .number(let n) = value, n.rounded() == n, let int = Int(exactly: n), range.contains(int) else {
            problem(
                path, value, expected: "a whole number from \(range.lowerBound) to \(range.upperBound), or null")
            return nil
        }
        return int
    }

    mutating func bool(_ path: String, default fallback: Bool) -> Bool {
        mark(path)
        guard let value = raw(path) else { return fallback }
        guard case .bool(let b) = value else {
            problem(path, value, expected: "true or false")
            return fallback
        }
        return b
    }

    mutating func string(_ path: String, default fallback: String?) -> String? {
        mark(path)
        guard let value = raw(path) else { return fallback }
        guard case .string(let s) = value else {
            problem(path, value, expected: "a string")
            return fallback
        }
        return s
    }

    mutating func choice(_ path: String, default fallback: String, among choices: [String]) -> String {
        mark(path)
        guard let value = raw(path) else { return fallback }
        guard case .string(let s) = value, choices.contains(s) else {
            problem(path, value, expected: "one of " + choices.map { "\"\($0)\"" }.joined(separator: ", "))
            return fallback
        }
        return s
    }

    mutating func strings(_ path: String) -> [String] {
        mark(path)
        guard let value = raw(path) else { return [] }
        guard case .array(let items) = value else {
            problem(path, value, expected: "an array of strings")
            return []
        }
        var result: [String] = []
        for (index, item) in items.enumerated() {
            guard case .string(let s) = item else {
                problem("\(path)[\(index)]", item, expected: "a string")
                continue
            }
            result.append(s)
        }
        return result
    }

    /// Objects under `path` (e.g. per-driver credentials), marking the whole subtree as read.
    mutating func object(_ path: String) -> [String: JSONValue] {
        mark(path)
        guard let value = raw(path) else { return [:] }
        guard case .object(let object) = value else {
            problem(path, value, expected: "an object")
            return [:]
        }
        return object
    }

    /// Reports every key in the document that no reader asked for.
    mutating func reportUnknownKeys() {
        func walk(_ value: JSONValue, _ prefix: String) {
            guard case .object(let object) = value else { return }
            for (key, child) in object.sorted(by: { $0.key < $1.key }) {
                let path = prefix.isEmpty ? key : "\(prefix).\(key)"
                if consumed.contains(path) { continue }
                if consumed.contains(where: { $0.hasPrefix(path + ".") }) {
                    walk(child, path)
                } else {
                    let known = consumed.filter { $0.hasPrefix(prefix.isEmpty ? "" : prefix + ".") }
                        .map { String($0.dropFirst(prefix.isEmpty ? 0 : prefix.count + 1)).split(separator: ".")[0] }
                    let expected = Set(known).sorted().prefix(12).joined(separator: ", ")
                    problems.append(
                        ConfigProblem(key: path, value: nil, expected: "no such key (known here: \(expected))"))
                }
            }
        }
        walk(root, "")
    }
}

/// One thing wrong with the configuration.
public struct ConfigProblem: Sendable, Hashable, CustomStringConvertible {
    /// The dotted key, e.g. `network.subnets[2]`.
    public var key: String
    /// The offending value as JSON (secrets are never echoed), if any.
    public var value: String?
    /// What was expected.
    public var expected: String

    public var description: String {
        if let value { return "\(key): \(value) is invalid; expected \(expected)" }
        return "\(key): \(expected)"
    }
}

/// The configuration could not be used; `problems` has one line per issue.
public struct ConfigError: Error, Sendable, CustomStringConvertible {
    /// Where the configuration came from.
    public var source: String
    /// Every problem found.
    public var problems: [ConfigProblem]
    public var description: String { problems.map { "\(source): \($0)" }.joined(separator: "\n") }
}
