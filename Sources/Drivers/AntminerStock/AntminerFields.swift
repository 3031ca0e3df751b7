import HiveProtocols

/// Small parsers for the string encodings stock Bitmain firmware packs into its replies.
enum AntminerFields {
    /// Chip slots and working chips in a `chain_acsN` string: one character per chip,
    /// 'o' = answering, 'x' = failed (other marks count as not working), spaces separate groups.
    /// `nil` when the string holds no chip marks (a missing board).
    static func chipStatus(_ text: String?) -> (slots: Int, working: Int)? {
        guard let text else { return nil }
        var slots = 0
        var working = 0
        for character in text where !character.isWhitespace {
            slots += 1
            if character == "o" || character == "O" { working += 1 }
        }
        return slots == 0 ? nil : (slots, working)
    }

    /// The numbers in a dash-separated sensor string such as `"73-45-64-65"`. A dash at the
    /// start or right after a separator is a minus sign: `"2--1-20-22"` is 2, -1, 20, 22.
    /// Malformed tokens (e.g. a lone `"-"` for an absent board) are skipped.
    static func dashedNumbers(_ text: String) -> [Double] {
        var values: [Double] = []
        var token = ""
        func flush() {
            if let value = Double(token), value.isFinite { values.append(value) }
            token = ""
        }
        for character in text {
            if character == "-" {
                if token.isEmpty { token = "-" } else { flush() }
            } else if character.isWhitespace {
                if !token.isEmpty { flush() }
            } else {
                token.append(character)
            }
        }
        if !token.isEmpty { flush() }
        return values
    }

    /// Temperatures from a sensor field: an array of numbers, a dash-separated string, or a
    /// single number. Zero (what firmware writes for an absent sensor or board) and readings
    /// outside −40…150 °C (sensor faults such as −83) are dropped.
    static func temperatures(_ value: JSONValue?) -> [Celsius] {
        let raw: [Double]
        switch value {
        case .array(let items)?: raw = items.compactMap(\.double)
        case .string(let text)?: raw = dashedNumbers(text)
        case .number(let number)?: raw = [number]
        default: raw = []
        }
        return raw.filter { $0 != 0 && $0 > -40 && $0 < 150 }.map(Celsius.init)
    }

    /// Members of an object named `<prefix><digits>`, by their number (`fan3` → 3).
    static func numbered(_ object: [String: JSONValue], prefix: String) -> [Int: JSONValue] {
        var result: [Int: JSONValue] = [:]
        for (key, value) in object where key.hasPrefix(prefix) {
            let suffix = key.dropFirst(prefix.count)
            if !suffix.isEmpty, suffix.allSatisfy(\.isNumber), let index = Int(suffix) { result[index] = value }
        }
        return result
    }

    /// A positive number, else `nil` (firmware writes 0 for "not known").
    static func positive(_ value: JSONValue?) -> Double? {
        guard let number = value?.double, number > 0 else { return nil }
        return number
    }

    /// A non-empty string with runs of whitespace collapsed, else `nil`.
    static func text(_ value: JSONValue?) -> String? {
        guard let raw = value?.string else { return nil }
        let collapsed = raw.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return collapsed.isEmpty ? nil : collapsed
    }

    /// A board serial, without the placeholders firmware writes when it has none ("unknow").
    static func serial(_ value: JSONValue?) -> String? {
        guard let serial = text(value) else { return nil }
        return ["unknow", "unknown", "null", "none"].contains(serial.lowercased()) ? nil : serial
    }

    /// A hash rate from a number in a firmware unit; `nil` when either is unknown.
    static func rate(_ value: JSONValue?, unit: String?) -> HashRate? {
        guard let number = value?.double, let unit else { return nil }
        return HashRate.parse(number, unit: unit)
    }
}
