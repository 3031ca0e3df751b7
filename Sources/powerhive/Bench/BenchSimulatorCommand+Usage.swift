import Foundation

extension BenchSimulatorCommand {
    /// This process's CPU time at an instant: user and system from `getrusage`, and per
    /// thread group from `/proc/self/task/*/stat` (Linux), so the simulator's event loops
    /// (NIO's singleton group, threads `NIO-SGLTN-…`) are told apart from the poller's
    /// (`NIO-ELT-…`) and the rest (Swift concurrency threads running the drivers, main).
    struct CPUSample {
        var user: Double
        var system: Double
        /// CPU seconds per thread id, with the thread's name.
        var threads: [Int: (name: String, seconds: Double)]

        init() {
            var usage = rusage()
            if getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage) == 0 {
                user = Self.seconds(usage.ru_utime)
                system = Self.seconds(usage.ru_stime)
            } else {
                user = 0
                system = 0
            }
            threads = Self.threadTimes()
        }

        /// Thread groups by name prefix.
        static let groups: [(label: String, prefix: String?)] = [
            ("simulator event loops", "NIO-SGLTN-"), ("poller event loops", "NIO-ELT-"),
            ("other threads (drivers on Swift concurrency, main)", nil),
        ]

        /// CPU seconds per wall second between `self` and `later`, in total and per group.
        /// CPU seconds spent by each of ``groups`` between `self` and `later`.
        func seconds(to later: CPUSample) -> [Double] {
            var perGroup = Array(repeating: 0.0, count: Self.groups.count)
            for (id, thread) in later.threads {
                let spent = thread.seconds - (threads[id]?.seconds ?? 0)
                let group =
                    Self.groups.firstIndex { $0.prefix.map { thread.name.hasPrefix($0) } ?? true }
                    ?? Self.groups.count - 1
                perGroup[group] += spent
            }
            return perGroup
        }

        func report(to later: CPUSample, wallSeconds: Double) -> String {
            let user = (later.user - self.user) / wallSeconds
            let system = (later.system - self.system) / wallSeconds
            let perGroup = seconds(to: later).map { $0 / wallSeconds }
            let split = zip(Self.groups, perGroup).map { "\($0.label) \(String(format: "%.2f", $1))" }
            let cores = ProcessInfo.processInfo.activeProcessorCount
            return "CPU: \(String(format: "%.2f", user + system)) CPU-s per wall-s on \(cores) cores (user "
                + "\(String(format: "%.2f", user)), system \(String(format: "%.2f", system))); by thread: "
                + split.joined(separator: ", ")
        }

        private static func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }

        /// utime + stime of every live thread (fields 14 and 15 of its `stat`, in clock ticks).
        private static func threadTimes() -> [Int: (name: String, seconds: Double)] {
            let tick = Double(sysconf(Int32(_SC_CLK_TCK)))
            guard tick > 0, let ids = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task") else {
                return [:]
            }
            var times: [Int: (name: String, seconds: Double)] = [:]
            for id in ids {
                guard let tid = Int(id),
                    let stat = try? String(contentsOfFile: "/proc/self/task/\(id)/stat", encoding: .utf8),
                    let open = stat.firstIndex(of: "("), let close = stat.lastIndex(of: ")")
                else { continue }
                let name = String(stat[stat.index(after: open)..<close])
                let fields = stat[stat.index(after: close)...].split(separator: " ")
                // After the name: state is field 3, so utime (14) and stime (15) are at 11 and 12.
                guard fields.count > 12, let utime = Double(fields[11]), let stime = Double(fields[12]) else {
                    continue
                }
                times[tid] = (name, (utime + stime) / tick)
            }
            return times
        }
    }

    /// Resident memory from `/proc/self/status`.
    struct MemorySample {
        var resident: Int?
        var peak: Int?

        init() {
            let text = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
            func kilobytes(_ field: String) -> Int? {
                text.split(separator: "\n").first { $0.hasPrefix(field + ":") }
                    .flatMap { Int($0.dropFirst(field.count + 1).filter(\.isNumber)) }
            }
            resident = kilobytes("VmRSS").map { $0 * 1024 }
            peak = kilobytes("VmHWM").map { $0 * 1024 }
        }

        var summary: String {
            func megabytes(_ bytes: Int?) -> String { bytes.map { String(format: "%.1f MB", Double($0) / 1e6) } ?? "?" }
            return "memory: RSS \(megabytes(resident)) (peak \(megabytes(peak))), simulator and poller together"
        }
    }
}
