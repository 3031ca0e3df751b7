import Crypto
import Foundation

/// The simulator's side of the Whatsminer token schemes, built on swift-crypto's MD5 and
/// SHA-256 and its own AES-256, so that a simulated miner checks a driver's tokens with an
/// implementation that shares no code with the driver's.
enum WhatsminerCrypto {
    /// md5-crypt (`$1$`), hash part only (what Whatsminer calls the key or the sign).
    static func md5CryptHash(_ password: String, salt: String) -> String {
        let pw = Array(password.utf8)
        let salt = Array(salt.utf8.prefix(8))
        func md5(_ bytes: [UInt8]) -> [UInt8] { Array(Insecure.MD5.hash(data: bytes)) }
        let alternate = md5(pw + salt + pw)
        var context = pw + Array("$1$".utf8) + salt
        for offset in stride(from: 0, to: pw.count, by: 16) { context += alternate.prefix(min(16, pw.count - offset)) }
        var length = pw.count
        while length > 0 {
            context.append(length & 1 != 0 ? 0 : pw.first ?? 0)
            length >>= 1
        }
        var final = md5(context)
        for round in 0..<1000 {
            var next = round % 2 == 1 ? pw : final
            if round % 3 != 0 { next += salt }
            if round % 7 != 0 { next += pw }
            next += round % 2 == 1 ? final : pw
            final = md5(next)
        }
        let letters = Array("./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
        var text = ""
        let triples = [(0, 6, 12), (1, 7, 13), (2, 8, 14), (3, 9, 15), (4, 10, 5), (-1, -1, 11)]
        for (index, (a, b, c)) in triples.enumerated() {
            var value = (a < 0 ? 0 : Int(final[a]) << 16) | (b < 0 ? 0 : Int(final[b]) << 8) | Int(final[c])
            for _ in 0..<(index == 5 ? 2 : 4) {
                text.append(letters[value & 63])
                value >>= 6
            }
        }
        return text
    }

    /// SHA-256.
    static func sha256(_ text: String) -> [UInt8] { Array(SHA256.hash(data: Array(text.utf8))) }

    /// The v3 write token: the first 8 characters of base64(SHA-256(cmd + password + salt + ts)).
    static func v3Token(cmd: String, password: String, salt: String, ts: String) -> String {
        String(Data(sha256(cmd + password + salt + ts)).base64EncodedString().prefix(8))
    }
}
