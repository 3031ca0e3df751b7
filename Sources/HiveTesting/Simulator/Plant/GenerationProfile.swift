/// How a simulated plant's generation moves over clock time, in kW.
public indirect enum GenerationProfile: Sendable, Hashable {
    /// Always the same.
    case constant(kilowatts: Double)
    /// `initial` until the first step, then each step's value from its time on.
    case steps(initial: Double, [Step])
    /// `from` until `start`, linearly to `to` over `duration`, then `to`.
    case ramp(from: Double, to: Double, start: Duration, duration: Duration)
    /// A seeded random walk: starts at `start`, moves by up to ±`step` every `interval`,
    /// clamped to `range`. The same seed gives the same walk.
    case randomWalk(start: Double, range: ClosedRange<Double>, step: Double, interval: Duration, seed: UInt64)
    /// Profiles in sequence: each segment's profile applies from its start (with the segment's
    /// own time measured from that start) until the next segment.
    case segments([Segment])

    /// A step of ``steps(initial:_:)``.
    public struct Step: Sendable, Hashable {
        /// When it applies (clock time since start).
        public var at: Duration
        /// The value from then on, in kW.
        public var kilowatts: Double
        /// Creates a step.
        public init(at: Duration, kilowatts: Double) {
            self.at = at
            self.kilowatts = kilowatts
        }
    }

    /// A segment of ``segments(_:)``.
    public struct Segment: Sendable, Hashable {
        /// When it starts (clock time since start).
        public var start: Duration
        /// Its profile, with time measured from `start`.
        public var profile: GenerationProfile
        /// Creates a segment.
        public init(start: Duration, profile: GenerationProfile) {
            self.start = start
            self.profile = profile
        }
    }

    /// Generation in kW at clock time `time` (never negative).
    public func kilowatts(at time: Duration) -> Double {
        max(0, value(at: time))
    }

    private func value(at time: Duration) -> Double {
        switch self {
        case .constant(let kilowatts):
            return kilowatts
        case .steps(let initial, let steps):
            return steps.filter { $0.at <= time }.max { $0.at < $1.at }?.kilowatts ?? initial
        case .ramp(let from, let to, let start, let duration):
            guard time > start else { return from }
            guard duration > .zero, time < start + duration else { return to }
            return from + (to - from) * ((time - start).seconds / duration.seconds)
        case .randomWalk(let start, let range, let step, let interval, let seed):
            guard interval > .zero else { return min(max(start, range.lowerBound), range.upperBound) }
            let steps = max(0, Int((time.seconds / interval.seconds).rounded(.down)))
            var value = min(max(start, range.lowerBound), range.upperBound)
            for index in 0..<steps {
                value += step * SeededNoise.signed(seed, 0x3A1C, UInt64(index))
                value = min(max(value, range.lowerBound), range.upperBound)
            }
            return value
        case .segments(let segments):
            guard let segment = segments.filter({ $0.start <= time }).max(by: { $0.start < $1.start }) else {
                return segments.min { $0.start < $1.start }?.profile.value(at: .zero) ?? 0
            }
            return segment.profile.value(at: time - segment.start)
        }
    }
}
