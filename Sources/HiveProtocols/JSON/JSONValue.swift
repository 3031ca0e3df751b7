/// A JSON document or fragment, as read from a miner API (see ``TolerantJSONReader``).
///
/// Numbers are always `Double`. In an object, a duplicated key keeps its last value.
/// The lenient accessors (``double``, ``int``, ``bool``, ``string``) accept the loose typing that
/// miner firmwares use (numbers sent as strings, `"Y"`/`"N"` booleans, …), so drivers can write
/// `reply["SUMMARY"]?[0]?["GHS 5s"]?.double` whatever the firmware chose.
public enum JSONValue: Sendable, Hashable {
    /// `null`; also what non-finite numbers (`nan`, `inf`) and empty values become when read.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// Any number; JSON does not distinguish integers from reals.
    case number(Double)
    /// A string.
    case string(String)
    /// An ordered list of values.
    case array([JSONValue])
    /// A set of named members (for duplicated keys, the last one wins).
    case object([String: JSONValue])
}

// MARK: - Navigation

extension JSONValue {
    /// The member named `key`; `nil` unless this is an object that has that key.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members[key]
    }

    /// The element at `index`; `nil` unless this is an array and `index` is in range.
    public subscript(index: Int) -> JSONValue? {
        guard case .array(let elements) = self, elements.indices.contains(index) else { return nil }
        return elements[index]
    }

    /// The member whose key equals `key` ignoring case (`"ghs 5s"` finds `"GHS 5s"`).
    ///
    /// An exact match wins; among several case-insensitive matches the smallest key (in `String`
    /// order) is chosen, so the result is deterministic. `nil` unless this is an object.
    public func value(forKeyIgnoringCase key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        if let exact = members[key] { return exact }
        let wanted = key.lowercased()
        let match = members.keys.filter { $0.lowercased() == wanted }.min()
        return match.flatMap { members[$0] }
    }
}

// MARK: - Lenient accessors

extension JSONValue {
    /// `true` for ``null``.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The number, or a string holding a decimal number (surrounding whitespace ignored).
    ///
    /// `"12.5"`, `" 7 "`, `"+3"`, `"1e3"` work; `"1,234"`, `"12%"`, `"0x10"`, `"nan"` and `"inf"`
    /// do not. Booleans, `null`, arrays and objects give `nil`.
    public var double: Double? {
        switch self {
        case .number(let value): value
        case .string(let text): NumericText.double(text)
        default: nil
        }
    }

    /// The number truncated toward zero, or a string holding a number (`"42"`, `"42.9"` → 42).
    ///
    /// `nil` for non-finite numbers, values outside `Int`'s range and anything ``double`` rejects.
    /// Integer strings are read exactly, even beyond 2^53.
    public var int: Int? {
        switch self {
        case .number(let value):
            return Self.truncatedInt(value)
        case .string(let text):
            let trimmed = NumericText.trimmed(text)
            if let exact = Int(trimmed) { return exact }
            return NumericText.double(trimmed).flatMap(Self.truncatedInt)
        default:
            return nil
        }
    }

    /// The boolean; also the numbers 0/1 and the strings `true`/`false`/`yes`/`no`/`y`/`n`
    /// (any case, surrounding whitespace ignored). Anything else gives `nil`.
    public var bool: Bool? {
        switch self {
        case .bool(let value):
            return value
        case .number(let value):
            if value == 0 { return false }
            if value == 1 { return true }
            return nil
        case .string(let text):
            switch NumericText.trimmed(text).lowercased() {
            case "true", "yes", "y": return true
            case "false", "no", "n": return false
            default: return nil
            }
        default:
            return nil
        }
    }

    /// The string; numbers are rendered (`5`, not `5.0`; `0.25`), booleans as `true`/`false`.
    /// `nil` for `null`, arrays and objects.
    public var string: String? {
        switch self {
        case .string(let text): text
        case .number(let value): Self.render(value)
        case .bool(let value): value ? "true" : "false"
        default: nil
        }
    }

    /// The elements, if this is an array.
    public var array: [JSONValue]? {
        guard case .array(let elements) = self else { return nil }
        return elements
    }

    /// The members, if this is an object.
    public var object: [String: JSONValue]? {
        guard case .object(let members) = self else { return nil }
        return members
    }

    private static func truncatedInt(_ value: Double) -> Int? {
        guard value.isFinite else { return nil }
        return Int(exactly: value.rounded(.towardZero))
    }
}
