/// A small, fast, seedable random number generator (SplitMix64), so a simulated fleet built
/// from the same seed is the same fleet every time.
struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// Creates a generator from a seed and any number of extra words (e.g. a miner index).
    init(seed: UInt64, _ words: UInt64...) {
        var state = seed
        for word in words { state = SeededNoise.mix(state ^ SeededNoise.mix(word &+ 0x9E37_79B9_7F4A_7C15)) }
        self.state = state
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return SeededNoise.mix(state)
    }
}

/// Stateless noise: the same inputs always give the same value, whatever order requests
/// arrive in, so readings are deterministic functions of (seed, miner, time).
enum SeededNoise {
    /// The SplitMix64 finaliser.
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A 64-bit hash of the words.
    static func hash(_ words: UInt64...) -> UInt64 {
        var state: UInt64 = 0x51_7CC1_B727_220A
        for word in words { state = mix(state ^ mix(word &+ 0x9E37_79B9_7F4A_7C15)) }
        return state
    }

    /// A value in `0..<1` from the words.
    static func unit(_ words: UInt64...) -> Double {
        var state: UInt64 = 0x51_7CC1_B727_220A
        for word in words { state = mix(state ^ mix(word &+ 0x9E37_79B9_7F4A_7C15)) }
        return Double(state >> 11) / Double(UInt64(1) << 53)
    }

    /// A value in `-1..<1` from the words.
    static func signed(_ words: UInt64...) -> Double {
        var state: UInt64 = 0x51_7CC1_B727_220A
        for word in words { state = mix(state ^ mix(word &+ 0x9E37_79B9_7F4A_7C15)) }
        return Double(state >> 11) / Double(UInt64(1) << 52) - 1
    }

    /// `count` lower-case hexadecimal digits from the words.
    static func hex(_ count: Int, _ words: UInt64...) -> String {
        let digits = Array("0123456789abcdef")
        var generator = SeededGenerator(seed: words.first ?? 0)
        for word in words.dropFirst() { generator = SeededGenerator(seed: generator.next() ^ word) }
        return String((0..<count).map { _ in digits[Int(generator.next() % 16)] })
    }
}

extension Duration {
    /// Seconds as a `Double`.
    var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
