import Foundation

/// CPU time and memory of a process, as benchmarks report them: CPU from `getrusage`, memory
/// from `/proc/<pid>/status` (`VmRSS` now, `VmHWM` its peak). Linux only; elsewhere the
/// memory figures are `nil`.
struct ProcessUsage: Sendable {
    /// User plus system CPU seconds of this process so far.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        guard getrusage(Int32(RUSAGE_SELF.rawValue), &usage) == 0 else { return 0 }
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// Resident memory in bytes.
    var residentBytes: Int?
    /// Peak resident memory in bytes.
    var peakResidentBytes: Int?

    /// Memory of process `pid` ("self" for this one).
    init(pid: String = "self") {
        let text = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        residentBytes = Self.kilobytes(in: text, field: "VmRSS").map { $0 * 1024 }
        peakResidentBytes = Self.kilobytes(in: text, field: "VmHWM").map { $0 * 1024 }
    }

    /// "RSS 41.2 MB (peak 43.0 MB)".
    var summary: String {
        "RSS \(Self.megabytes(residentBytes)) (peak \(Self.megabytes(peakResidentBytes)))"
    }

    /// Bytes as decimal megabytes with one decimal, or "?" when unknown.
    static func megabytes(_ bytes: Int?) -> String {
        bytes.map { String(format: "%.1f MB", Double($0) / 1e6) } ?? "?"
    }

    /// The value of a `Name:   1234 kB` line.
    private static func kilobytes(in status: String, field: String) -> Int? {
        for line in status.split(separator: "\n") where line.hasPrefix(field + ":") {
            let digits = line.dropFirst(field.count + 1).filter(\.isNumber)
            return Int(digits)
        }
        return nil
    }
}
