/// The injected clock, read as time since the simulation started.
///
/// Simulated state is computed lazily from this at request time (a change "takes effect
/// after 20 s" means: a request 20 s later sees it), so no background task ever sleeps and a
/// `ManualClock` drives everything.
struct SimulationClock: Sendable {
    private let read: @Sendable () -> Duration
    /// Unix time (seconds) at the simulation's start, for wall-clock fields.
    let epoch: Double

    /// Starts reading `clock` now.
    init(_ clock: any Clock<Duration>, epoch: Double) {
        self.read = Self.reader(clock)
        self.epoch = epoch
    }

    private static func reader<C: Clock<Duration>>(_ clock: C) -> @Sendable () -> Duration {
        let start = clock.now
        return { start.duration(to: clock.now) }
    }

    /// Time since the start.
    var now: Duration { read() }

    /// Unix time for a simulation time.
    func unixTime(_ time: Duration) -> Double { epoch + time.seconds }
}

/// Formats Unix times the way the simulated services print them.
enum WallTime {
    /// RFC 3339 UTC with microseconds, e.g. `2025-11-12T14:44:14.286517Z` (the plant API's form).
    static func iso8601(_ unix: Double) -> String {
        let micros = Int64((unix * 1_000_000).rounded(.down))
        var seconds = micros / 1_000_000
        var fraction = micros % 1_000_000
        if fraction < 0 {
            fraction += 1_000_000
            seconds -= 1
        }
        let days = Int(floorDiv(seconds, 86_400))
        let secondOfDay = Int(seconds - Int64(days) * 86_400)
        let (year, month, day) = civil(fromDays: days)
        let text =
            "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(secondOfDay / 3600, 2)):"
            + "\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2)).\(pad(Int(fraction), 6))Z"
        return text
    }

    private static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        a >= 0 ? a / b : -((-a + b - 1) / b)
    }

    /// Days since 1970-01-01 to a proleptic Gregorian date (H. Hinnant's algorithm).
    private static func civil(fromDays days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthPrime = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthPrime + 2) / 5 + 1
        let month = monthPrime < 10 ? monthPrime + 3 : monthPrime - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
