/// AES-256 (FIPS-197) block encryption and decryption, and the ECB mode with zero padding that
/// Whatsminer API v2 wraps its privileged commands in.
///
/// Written from the standard because `Drivers` may not depend on a crypto library (and no
/// public Swift API offers ECB). ECB leaks equal blocks; it is used only because the firmware
/// mandates it. Checked against FIPS-197 appendix C.3 in `WhatsminerCryptoTests`.
struct AES256: Sendable {
    /// The 15 round keys, 16 bytes each.
    private let roundKeys: [[UInt8]]

    /// Creates a cipher; `nil` unless `key` is 32 bytes.
    init?(key: [UInt8]) {
        guard key.count == 32 else { return nil }
        roundKeys = Self.expand(key)
    }

    /// Encrypts `plaintext` in ECB mode after padding it with NUL bytes to a multiple of 16.
    func encryptECB(_ plaintext: [UInt8]) -> [UInt8] {
        var padded = plaintext
        while padded.count % 16 != 0 { padded.append(0) }
        return stride(from: 0, to: padded.count, by: 16).flatMap { encrypt(block: Array(padded[$0..<($0 + 16)])) }
    }

    /// Decrypts ECB `ciphertext` and drops the trailing NUL padding; `nil` unless its length
    /// is a multiple of 16.
    func decryptECB(_ ciphertext: [UInt8]) -> [UInt8]? {
        guard ciphertext.count % 16 == 0 else { return nil }
        var plain = stride(from: 0, to: ciphertext.count, by: 16).flatMap {
            decrypt(block: Array(ciphertext[$0..<($0 + 16)]))
        }
        while plain.last == 0 { plain.removeLast() }
        return plain
    }

    /// Encrypts one 16-byte block (FIPS-197 §5.1).
    func encrypt(block: [UInt8]) -> [UInt8] {
        var state = zip(block, roundKeys[0]).map { $0 ^ $1 }
        for round in 1...14 {
            state = state.map { Self.sbox[Int($0)] }
            state = Self.shiftRows(state)
            if round < 14 { state = Self.mixColumns(state, by: [2, 3, 1, 1]) }
            state = zip(state, roundKeys[round]).map { $0 ^ $1 }
        }
        return state
    }

    /// Decrypts one 16-byte block (the inverse cipher, FIPS-197 §5.3).
    func decrypt(block: [UInt8]) -> [UInt8] {
        var state = zip(block, roundKeys[14]).map { $0 ^ $1 }
        for round in stride(from: 13, through: 0, by: -1) {
            state = Self.inverseShiftRows(state)
            state = state.map { Self.inverseSbox[Int($0)] }
            state = zip(state, roundKeys[round]).map { $0 ^ $1 }
            if round > 0 { state = Self.mixColumns(state, by: [14, 11, 13, 9]) }
        }
        return state
    }

    // MARK: - The standard's building blocks

    /// Multiplication in GF(2^8) modulo x^8 + x^4 + x^3 + x + 1.
    static func multiply(_ a: UInt8, _ b: UInt8) -> UInt8 {
        var (a, b, product) = (a, b, UInt8(0))
        while b != 0 {
            if b & 1 == 1 { product ^= a }
            a = (a << 1) ^ (a & 0x80 != 0 ? 0x1b : 0)
            b >>= 1
        }
        return product
    }

    /// The S-box: the multiplicative inverse followed by the affine map (FIPS-197 §5.1.1).
    static let sbox: [UInt8] = (0..<256).map { value in
        let inverse = value == 0 ? 0 : (1...255).first { multiply(UInt8(value), UInt8($0)) == 1 } ?? 0
        var result = UInt8(0x63)
        for shift in 0..<5 {
            let b = UInt8(inverse)
            result ^= shift == 0 ? b : (b << shift) | (b >> (8 - shift))
        }
        return result
    }

    /// The inverse S-box.
    static let inverseSbox: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 256)
        for (index, value) in sbox.enumerated() { table[Int(value)] = UInt8(index) }
        return table
    }()

    private static func shiftRows(_ s: [UInt8]) -> [UInt8] {
        (0..<16).map { index in
            let (row, column) = (index % 4, index / 4)
            return s[row + 4 * ((column + row) % 4)]
        }
    }

    private static func inverseShiftRows(_ s: [UInt8]) -> [UInt8] {
        (0..<16).map { index in
            let (row, column) = (index % 4, index / 4)
            return s[row + 4 * ((column + 4 - row) % 4)]
        }
    }

    /// Multiplies each column by the circulant matrix whose first row is `row`.
    private static func mixColumns(_ s: [UInt8], by row: [UInt8]) -> [UInt8] {
        var output = s
        for column in 0..<4 {
            let c = Array(s[(4 * column)..<(4 * column + 4)])
            for r in 0..<4 {
                var value = UInt8(0)
                for k in 0..<4 { value ^= multiply(row[(k + 4 - r) % 4], c[k]) }
                output[4 * column + r] = value
            }
        }
        return output
    }

    /// The key schedule for Nk = 8, Nr = 14 (FIPS-197 §5.2).
    private static func expand(_ key: [UInt8]) -> [[UInt8]] {
        var words: [[UInt8]] = stride(from: 0, to: 32, by: 4).map { Array(key[$0..<($0 + 4)]) }
        var roundConstant: UInt8 = 1
        for index in 8..<60 {
            var word = words[index - 1]
            if index % 8 == 0 {
                word = [word[1], word[2], word[3], word[0]].map { sbox[Int($0)] }
                word[0] ^= roundConstant
                roundConstant = multiply(roundConstant, 2)
            } else if index % 8 == 4 {
                word = word.map { sbox[Int($0)] }
            }
            words.append(zip(words[index - 8], word).map { $0 ^ $1 })
        }
        return (0..<15).map { round in Array(words[(4 * round)..<(4 * round + 4)].joined()) }
    }
}
