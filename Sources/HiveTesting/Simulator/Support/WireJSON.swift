/// JSON as a firmware writes it: members in the firmware's order (not sorted), numbers with
/// the firmware's fixed decimals, and room for verbatim fragments. Simulated replies are built
/// from these so their bytes look like the recorded ones, not like a serializer's.
indirect enum WireJSON: Sendable {
    /// `null`.
    case null
    /// `true` / `false`.
    case bool(Bool)
    /// An integer.
    case int(Int)
    /// A number in its shortest form (`0.5`, `12`).
    case number(Double)
    /// A number with exactly `digits` decimals (`110566.89`, `0.000000`).
    case fixed(Double, digits: Int)
    /// A string (escaped).
    case string(String)
    /// Text written verbatim.
    case raw(String)
    /// An array.
    case array([WireJSON])
    /// An object, members in order.
    case object([(String, WireJSON)])

    /// Compact text (no spaces), as BMMiner, CGMiner and VNish write it.
    var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Compact bytes.
    var bytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        write(into: &out)
        return out
    }

    func write(into out: inout [UInt8]) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let value): out.append(contentsOf: (value ? "true" : "false").utf8)
        case .int(let value): out.append(contentsOf: String(value).utf8)
        case .number(let value): out.append(contentsOf: WireJSON.shortest(value).utf8)
        case .fixed(let value, let digits): out.append(contentsOf: WireJSON.fixed(value, digits: digits).utf8)
        case .string(let value): WireJSON.writeString(value, into: &out)
        case .raw(let value): out.append(contentsOf: value.utf8)
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (offset, element) in elements.enumerated() {
                if offset > 0 { out.append(UInt8(ascii: ",")) }
                element.write(into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (offset, member) in members.enumerated() {
                if offset > 0 { out.append(UInt8(ascii: ",")) }
                WireJSON.writeString(member.0, into: &out)
                out.append(UInt8(ascii: ":"))
                member.1.write(into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// `value` with exactly `digits` decimals, rounded half away from zero; non-finite → 0.
    static func fixed(_ value: Double, digits: Int) -> String {
        guard value.isFinite else { return fixed(0, digits: digits) }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        guard scaled < 9e18 else { return shortest(value) }
        let whole = Int64(scaled)
        let sign = value < 0 && whole != 0 ? "-" : ""
        guard digits > 0 else { return sign + String(whole) }
        let divisor = Int64(scale)
        var fraction = String(whole % divisor)
        fraction = String(repeating: "0", count: digits - fraction.count) + fraction
        return sign + String(whole / divisor) + "." + fraction
    }

    /// Integral values without a fraction, others in Swift's shortest round-trip form.
    static func shortest(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }

    private static func writeString(_ text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: #"\""#.utf8)
            case UInt8(ascii: "\\"): out.append(contentsOf: #"\\"#.utf8)
            case UInt8(ascii: "\n"): out.append(contentsOf: #"\n"#.utf8)
            case UInt8(ascii: "\r"): out.append(contentsOf: #"\r"#.utf8)
            case UInt8(ascii: "\t"): out.append(contentsOf: #"\t"#.utf8)
            case 0..<0x20:
                let digits = Array("0123456789abcdef".utf8)
                out.append(contentsOf: #"\u00"#.utf8)
                out.append(digits[Int(byte >> 4)])
                out.append(digits[Int(byte & 0x0F)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}

extension WireJSON: ExpressibleByDictionaryLiteral {
    /// An object whose members keep the literal's order.
    init(dictionaryLiteral elements: (String, WireJSON)...) { self = .object(elements) }
}

extension WireJSON: ExpressibleByArrayLiteral {
    /// An array.
    init(arrayLiteral elements: WireJSON...) { self = .array(elements) }
}

extension WireJSON: ExpressibleByStringLiteral {
    /// A string.
    init(stringLiteral value: String) { self = .string(value) }
}

extension WireJSON: ExpressibleByIntegerLiteral {
    /// An integer.
    init(integerLiteral value: Int) { self = .int(value) }
}

extension WireJSON: ExpressibleByBooleanLiteral {
    /// A boolean.
    init(booleanLiteral value: Bool) { self = .bool(value) }
}

extension WireJSON: ExpressibleByFloatLiteral {
    /// A number in its shortest form.
    init(floatLiteral value: Double) { self = .number(value) }
}
