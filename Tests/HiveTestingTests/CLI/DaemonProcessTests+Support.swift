import Foundation

/// A `powerhive` child process whose stdout and stderr are collected line by line, so a test
/// can wait (event-driven, with a bound) for the log line it needs.
final class DaemonProcess: @unchecked Sendable {
    struct TimedOut: Error, CustomStringConvertible {
        var what: String
        var tail: String
        var description: String { "timed out waiting for \(what); log tail:\n\(tail)" }
    }

    struct Exited: Error, CustomStringConvertible {
        var status: Int32
        var tail: String
        var description: String { "the daemon exited with status \(status); log tail:\n\(tail)" }
    }

    private let process = Process()
    private let lock = NSLock()
    private var text = ""
    private var partial = ""
    private var exitStatus: Int32?
    /// Counts changes (new lines, exit).
    private var version = 0
    /// Woken on every new line and on exit.
    private var waiters: [UUID: CheckedContinuation<Void, Never>] = [:]

    /// Starts `powerhive` with `arguments` in `directory`; through `launcher` when given (e.g.
    /// `setpriv --reuid=10001 …`, which then gets the binary's path and the arguments), with
    /// `environment` added to this process's.
    init(
        arguments: [String], directory: URL, launcher: [String] = [], environment: [String: String] = [:]
    ) throws {
        if let tool = launcher.first {
            process.executableURL = URL(fileURLWithPath: tool)
            process.arguments = Array(launcher.dropFirst()) + [ProbeCommandTests.binary.path] + arguments
        } else {
            process.executableURL = ProbeCommandTests.binary
            process.arguments = arguments
        }
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        process.currentDirectoryURL = directory
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        pipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            if data.isEmpty {
                handle.readabilityHandler = nil
            } else {
                self?.append(String(decoding: data, as: UTF8.self))
            }
        }
        process.terminationHandler = { [weak self] process in self?.ended(process.terminationStatus) }
        try process.run()
    }

    /// Everything written so far.
    var output: String { lock.withLock { text + partial } }

    /// The last lines, for failure messages.
    func tail(_ lines: Int = 30) -> String {
        output.split(separator: "\n").suffix(lines).joined(separator: "\n")
    }

    /// Sends SIGTERM.
    func terminate() { process.terminate() }

    /// Sends SIGKILL if the process still runs (cleanup).
    func kill() {
        if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
    }

    /// The first complete line (already written or still to come) that matches, within `limit`.
    func waitForLine(within limit: Duration, _ matches: @escaping @Sendable (String) -> Bool) async throws -> String {
        try await wait(within: limit, what: "a matching log line") {
            if let line = $0.lines.first(where: matches) { return line }
            if let status = $0.exitStatus { throw Exited(status: status, tail: self.tail()) }
            return nil
        }
    }

    /// The `number`-th matching complete line (counting from 1, already written or still to
    /// come), within `limit`: for waiting on the next occurrence of a periodic log line.
    func waitForLine(
        number: Int, within limit: Duration, _ matches: @escaping @Sendable (String) -> Bool
    ) async throws -> String {
        try await wait(within: limit, what: "matching log line #\(number)") {
            let found = $0.lines.filter(matches)
            if found.count >= number { return found[number - 1] }
            if let status = $0.exitStatus { throw Exited(status: status, tail: self.tail()) }
            return nil
        }
    }

    /// How many complete lines written so far match.
    func count(_ matches: (String) -> Bool) -> Int {
        snapshot().0.lines.filter(matches).count
    }

    /// The exit status, within `limit`.
    func waitForExit(within limit: Duration) async throws -> Int32 {
        try await wait(within: limit, what: "the daemon to exit") { $0.exitStatus }
    }

    // MARK: Internals

    private struct Snapshot {
        var lines: [String]
        var exitStatus: Int32?
    }

    /// Re-checks after every change (new line, exit) until `check` gives a value, racing a
    /// deadline (the bound, not a wait for the event).
    private func wait<T: Sendable>(
        within limit: Duration, what: String, _ check: @escaping @Sendable (Snapshot) throws -> T?
    ) async throws -> T {
        let found = try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                while true {
                    let (snapshot, version) = self.snapshot()
                    if let value = try check(snapshot) { return value }
                    await self.change(after: version)
                    try Task.checkCancellation()
                }
            }
            group.addTask {
                try await Task.sleep(for: limit)
                return nil
            }
            defer { group.cancelAll() }
            return try await group.next() ?? nil
        }
        guard let found else { throw TimedOut(what: what, tail: tail()) }
        return found
    }

    /// Returns once something changed after `version` (at once if it already has), or on
    /// cancellation.
    private func change(after version: Int) async {
        let id = UUID()
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = lock.withLock {
                    guard self.version == version, !Task.isCancelled else { return true }
                    waiters[id] = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            lock.withLock { waiters.removeValue(forKey: id) }?.resume()
        }
    }

    private func snapshot() -> (Snapshot, Int) {
        lock.withLock {
            (Snapshot(lines: text.split(separator: "\n").map(String.init), exitStatus: exitStatus), version)
        }
    }

    private func append(_ chunk: String) {
        wake {
            partial += chunk
            if let newline = partial.lastIndex(of: "\n") {
                text += partial[...newline]
                partial = String(partial[partial.index(after: newline)...])
            }
        }
    }

    private func ended(_ status: Int32) {
        wake {
            text += partial
            partial = ""
            exitStatus = status
        }
    }

    private func wake(_ change: () -> Void) {
        let woken = lock.withLock {
            change()
            version += 1
            defer { waiters.removeAll() }
            return Array(waiters.values)
        }
        for continuation in woken { continuation.resume() }
    }
}

/// A strict reader of the Prometheus text exposition format (0.0.4): every line is a comment,
/// `# HELP` / `# TYPE`, or a sample `name{label="value",…} number`; anything else throws.
enum PrometheusLines {
    struct Sample {
        var name: String
        var labels: [String: String]
        var value: Double
    }

    struct Malformed: Error, CustomStringConvertible {
        var line: String
        var description: String { "not Prometheus text: \(line)" }
    }

    static func parse(_ text: String) throws -> [Sample] {
        var samples: [Sample] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init) {
            if line.hasPrefix("#") {
                let parts = line.split(separator: " ", maxSplits: 3).map(String.init)
                if parts.count >= 3, ["HELP", "TYPE"].contains(parts[1]), !isName(parts[2]) {
                    throw Malformed(line: line)
                }
                if parts.count >= 2, parts[1] == "TYPE" {
                    let kinds = ["counter", "gauge", "histogram", "summary", "untyped"]
                    guard parts.count == 4, kinds.contains(parts[3]) else { throw Malformed(line: line) }
                }
                continue
            }
            samples.append(try sample(line))
        }
        return samples
    }

    private static func sample(_ line: String) throws -> Sample {
        var rest = Substring(line)
        let name = String(rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == ":" })
        guard isName(name) else { throw Malformed(line: line) }
        rest = rest.dropFirst(name.count)
        var labels: [String: String] = [:]
        if rest.first == "{" {
            rest = rest.dropFirst()
            while rest.first != "}" {
                let label = String(rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" })
                guard isName(label), rest.dropFirst(label.count).hasPrefix("=\"") else { throw Malformed(line: line) }
                rest = rest.dropFirst(label.count + 2)
                var value = ""
                while let character = rest.first, character != "\"" {
                    if character == "\\" {
                        rest = rest.dropFirst()
                        guard let escaped = rest.first, ["\\", "\"", "n"].contains(escaped) else {
                            throw Malformed(line: line)
                        }
                        value.append(escaped == "n" ? "\n" : escaped)
                    } else {
                        value.append(character)
                    }
                    rest = rest.dropFirst()
                }
                guard rest.first == "\"" else { throw Malformed(line: line) }
                rest = rest.dropFirst()
                labels[label] = value
                if rest.first == "," {
                    rest = rest.dropFirst()
                } else if rest.first != "}" {
                    throw Malformed(line: line)
                }
            }
            rest = rest.dropFirst()
        }
        let fields = rest.split(separator: " ")
        guard (1...2).contains(fields.count), rest.first == " " else { throw Malformed(line: line) }
        let text = String(fields[0])
        let special: [String: Double] = ["+Inf": .infinity, "-Inf": -.infinity, "NaN": .nan]
        guard let value = special[text] ?? Double(text) else { throw Malformed(line: line) }
        return Sample(name: name, labels: labels, value: value)
    }

    private static func isName(_ text: String) -> Bool {
        guard let first = text.first, first.isLetter || first == "_" || first == ":" else { return false }
        return text.allSatisfy { ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "_" || $0 == ":" }
    }
}
