/// Reads Avalon's bracketed status strings: the `"MM ID0"` value of `estats`/`stats`, the Avalon Q
/// `"MM ID0:Summary"` and `"HBinfo"` values, and similar.
///
/// They look like `Ver[1246-83-21072802_4ec6bb0] Temp[30] Fan1[5344] PS[0 1214 1316 242 3189]
/// SYSTEMSTATU[Work: In Work, Hash Board: 3 ] Nonce Mask[25]`: a key, then its value in square
/// brackets. Newer firmware wraps them in sections such as `'STATS':{Ver[…] …}` or
/// `'HB0':{PVT_T0[…] …}`.
public enum BracketedKeyValues {
    /// The `key → value` pairs of a bracketed status string.
    ///
    /// - A key is the text between the previous value's `]` and the next `[`, trimmed; it may
    ///   contain spaces (`Nonce Mask`). Section wrappers are dropped: only the text after the last
    ///   `{` or `}` counts, so `'STATS':{Ver[…]` yields `Ver`.
    /// - A value is the text inside the brackets, trimmed; brackets nested inside it are kept
    ///   (`A[x[1]y]` → `x[1]y`). Values may be empty (`SSID[]` → `""`).
    /// - A value whose closing bracket is missing (truncated input) is dropped, as are empty keys;
    ///   stray `]` are ignored. For a repeated key (or the same key in two sections) the last
    ///   value wins.
    public static func parse(_ s: String) -> [String: String] {
        let bytes = Array(s.utf8)
        var result: [String: String] = [:]
        var keyStart = 0
        var index = 0
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "["):
                var depth = 1
                var cursor = index + 1
                while cursor < bytes.count, depth > 0 {
                    if bytes[cursor] == UInt8(ascii: "[") { depth += 1 }
                    if bytes[cursor] == UInt8(ascii: "]") { depth -= 1 }
                    cursor += 1
                }
                guard depth == 0 else { return result }
                let key = keyText(bytes[keyStart..<index])
                if !key.isEmpty {
                    result[key] = trimmed(bytes[(index + 1)..<(cursor - 1)])
                }
                index = cursor
                keyStart = cursor
            case UInt8(ascii: "]"):
                index += 1
                keyStart = index
            default:
                index += 1
            }
        }
        return result
    }

    /// The numbers in a space-separated value (`"0 1214 1316"` → `[0, 1214, 1316]`).
    ///
    /// Tokens that are not plain decimal numbers (`49%`, `0x08`, `nan`, `A3201`) are skipped.
    public static func numbers(_ value: String) -> [Double] {
        value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" })
            .compactMap { NumericText.double($0) }
    }

    private static func keyText(_ bytes: ArraySlice<UInt8>) -> String {
        let afterSection = bytes.lastIndex { $0 == UInt8(ascii: "{") || $0 == UInt8(ascii: "}") }
        guard let afterSection else { return trimmed(bytes) }
        return trimmed(bytes[(afterSection + 1)...])
    }

    private static func trimmed(_ bytes: ArraySlice<UInt8>) -> String {
        String(NumericText.trimmed(String(decoding: bytes, as: UTF8.self)))
    }
}
