/// md5-crypt, the FreeBSD "$1$" password hash (Poul-Henning Kamp's algorithm, as in glibc
/// `crypt(3)` and `openssl passwd -1`), which Whatsminer API v2 uses to derive its keys.
///
/// Checked against hashes from `openssl passwd -1` in `WhatsminerCryptoTests`.
enum MD5Crypt {
    /// The full hash, `$1$<salt>$<22 characters>`; the salt is cut at 8 characters or a `$`.
    static func hash(password: String, salt: String) -> String {
        let salt = Array(salt.utf8.prefix { $0 != UInt8(ascii: "$") }.prefix(8))
        let password = Array(password.utf8)
        let magic = Array("$1$".utf8)

        var context = password + magic + salt
        let alternate = MD5Digest.hash(password + salt + password)
        var remaining = password.count
        while remaining > 0 {
            context += alternate.prefix(min(16, remaining))
            remaining -= 16
        }
        var bits = password.count
        while bits > 0 {
            context.append(bits & 1 == 1 ? 0 : (password.first ?? 0))
            bits >>= 1
        }
        var digest = MD5Digest.hash(context)
        for round in 0..<1000 {
            var mixed: [UInt8] = round & 1 == 1 ? password : digest
            if round % 3 != 0 { mixed += salt }
            if round % 7 != 0 { mixed += password }
            mixed += round & 1 == 1 ? digest : password
            digest = MD5Digest.hash(mixed)
        }
        return "$1$" + String(decoding: salt, as: UTF8.self) + "$" + encode(digest)
    }

    /// The part after the last `$`: what Whatsminer calls the key or the sign.
    static func hashPart(password: String, salt: String) -> String {
        String(hash(password: password, salt: salt).split(separator: "$").last ?? "")
    }

    private static let alphabet = Array("./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")

    /// md5-crypt's own base-64 ordering of the 16 digest bytes (22 characters).
    private static func encode(_ d: [UInt8]) -> String {
        let groups: [(Int, Int, Int)] = [(0, 6, 12), (1, 7, 13), (2, 8, 14), (3, 9, 15), (4, 10, 5)]
        var output = ""
        for (a, b, c) in groups {
            append(UInt32(d[a]) << 16 | UInt32(d[b]) << 8 | UInt32(d[c]), characters: 4, to: &output)
        }
        append(UInt32(d[11]), characters: 2, to: &output)
        return output
    }

    private static func append(_ value: UInt32, characters: Int, to output: inout String) {
        var value = value
        for _ in 0..<characters {
            output.append(alphabet[Int(value & 0x3f)])
            value >>= 6
        }
    }
}
