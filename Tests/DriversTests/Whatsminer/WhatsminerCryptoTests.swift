import Foundation
import Testing

@testable import Drivers

/// The crypto primitives of the Whatsminer v2 token scheme, against published vectors.
@Suite struct WhatsminerCryptoTests {
    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }
    static func bytes(_ hex: String) -> [UInt8] {
        var output: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            output.append(UInt8(hex[index..<next], radix: 16) ?? 0)
            index = next
        }
        return output
    }

    /// RFC 1321 appendix A.5.
    @Test(arguments: [
        ("", "d41d8cd98f00b204e9800998ecf8427e"), ("a", "0cc175b9c0f1b6a831c399e269772661"),
        ("abc", "900150983cd24fb0d6963f7d28e17f72"), ("message digest", "f96b697d7cb7938d525a2f31aaf161d0"),
        ("abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b"),
        (
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
            "d174ab98d277d9f5a5611c2c9f419d9f"
        ),
        (String(repeating: "1234567890", count: 8), "57edf4a22be3c955ac49da2e2107b67a"),
    ])
    func md5(_ input: String, _ digest: String) {
        #expect(Self.hex(MD5Digest.hash(Array(input.utf8))) == digest)
    }

    /// FIPS 180-2 appendix B (B.1, B.2) and the empty message.
    @Test(arguments: [
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        ),
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
    ])
    func sha256(_ input: String, _ digest: String) {
        #expect(Self.hex(SHA256Digest.hash(Array(input.utf8))) == digest)
    }

    /// FIPS 180-2 B.3: one million "a" (crosses many blocks).
    @Test func sha256MillionA() {
        let digest = SHA256Digest.hash([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))
        #expect(Self.hex(digest) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// FIPS-197 appendix C.3 (AES-256), both directions.
    @Test func aes256AppendixC3() throws {
        let cipher = try #require(
            AES256(key: Self.bytes("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f")))
        let plain = Self.bytes("00112233445566778899aabbccddeeff")
        let encrypted = cipher.encrypt(block: plain)
        #expect(Self.hex(encrypted) == "8ea2b7ca516745bfeafc49904b496089")
        #expect(cipher.decrypt(block: encrypted) == plain)
        #expect(AES256(key: [1, 2, 3]) == nil)
    }

    /// The S-box's first entries as FIPS-197 figure 7 prints them.
    @Test func sbox() {
        #expect(Array(AES256.sbox.prefix(4)) == [0x63, 0x7c, 0x77, 0x7b])
        #expect(AES256.sbox[0x53] == 0xed)
        #expect(AES256.inverseSbox[0xed] == 0x53)
    }

    /// ECB with NUL padding: whole blocks round-trip, padding is dropped on the way back.
    @Test func ecbRoundTrip() throws {
        let cipher = try #require(AES256(key: SHA256Digest.hash(Array("key".utf8))))
        let message = Array(#"{"cmd":"power_on","token":"abc"}"#.utf8)
        let sealed = cipher.encryptECB(message)
        #expect(sealed.count == 32)
        #expect(cipher.decryptECB(sealed) == message)
        #expect(cipher.encryptECB(Array(repeating: 7, count: 16)).count == 16)
        #expect(cipher.decryptECB([1, 2, 3]) == nil)
    }

    /// md5-crypt against `openssl passwd -1 -salt <salt> <password>`.
    @Test(arguments: [
        ("admin", "BQ5hoXV9", "$1$BQ5hoXV9$RxmaDUO33TS7O26yeMHZ81"),
        ("password", "saltstring", "$1$saltstri$qQY4WxjABChYG1ccLpfkz/"),
        ("", "abcdefgh", "$1$abcdefgh$M55TzYaaccxVGbptZWaxX/"),
        ("0123456789abcdef0123", "x", "$1$x$b6OHkLd5.9z0D1p7kZS4N1"),
    ])
    func md5Crypt(_ password: String, _ salt: String, _ hash: String) {
        #expect(MD5Crypt.hash(password: password, salt: salt) == hash)
    }
}
