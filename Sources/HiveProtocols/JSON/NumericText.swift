/// Strict-but-friendly decimal number recognition shared by ``JSONValue/double`` and
/// ``BracketedKeyValues/numbers(_:)``.
///
/// Accepts an optional sign (`+`/`-`), digits with leading zeros, an optional fraction (`1.`, `.5`)
/// and an optional exponent. Rejects hex, `nan`/`inf`, thousands separators, units and anything
/// whose value is not finite.
enum NumericText {
    /// `text` without surrounding spaces, tabs, newlines and NULs.
    static func trimmed(_ text: some StringProtocol) -> Substring {
        let scalars = Substring(text).unicodeScalars
        guard let first = scalars.firstIndex(where: { !isBlank($0) }),
            let last = scalars.lastIndex(where: { !isBlank($0) })
        else { return "" }
        return Substring(scalars[first...last])
    }

    /// The finite value of `text` (surrounding whitespace ignored), or `nil`.
    static func double(_ text: some StringProtocol) -> Double? {
        let utf8 = Array(trimmed(text).utf8)
        var index = 0
        var normalized = ""
        if index < utf8.count, utf8[index] == UInt8(ascii: "+") || utf8[index] == UInt8(ascii: "-") {
            if utf8[index] == UInt8(ascii: "-") { normalized = "-" }
            index += 1
        }
        let integerDigits = digitRun(utf8, from: &index)
        var fractionDigits: ArraySlice<UInt8> = []
        if index < utf8.count, utf8[index] == UInt8(ascii: ".") {
            index += 1
            fractionDigits = digitRun(utf8, from: &index)
        }
        guard !integerDigits.isEmpty || !fractionDigits.isEmpty else { return nil }
        normalized += integerDigits.isEmpty ? "0" : String(decoding: integerDigits, as: UTF8.self)
        if !fractionDigits.isEmpty { normalized += "." + String(decoding: fractionDigits, as: UTF8.self) }
        if index < utf8.count, utf8[index] == UInt8(ascii: "e") || utf8[index] == UInt8(ascii: "E") {
            index += 1
            var sign = ""
            if index < utf8.count, utf8[index] == UInt8(ascii: "+") || utf8[index] == UInt8(ascii: "-") {
                sign = utf8[index] == UInt8(ascii: "-") ? "-" : ""
                index += 1
            }
            let exponentDigits = digitRun(utf8, from: &index)
            guard !exponentDigits.isEmpty else { return nil }
            normalized += "e" + sign + String(decoding: exponentDigits, as: UTF8.self)
        }
        guard index == utf8.count, let value = Double(normalized), value.isFinite else { return nil }
        return value
    }

    private static func digitRun(_ utf8: [UInt8], from index: inout Int) -> ArraySlice<UInt8> {
        let start = index
        while index < utf8.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(utf8[index]) { index += 1 }
        return utf8[start..<index]
    }

    private static func isBlank(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" || scalar == "\0"
    }
}
