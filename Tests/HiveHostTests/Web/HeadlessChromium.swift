import Foundation
import HiveProtocols

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Debian's `chromium` in headless mode, driven through the DevTools protocol over
/// `--remote-debugging-pipe` (fd 3: commands in, fd 4: replies and events out, each message
/// NUL-terminated JSON), so no websocket and no debugging port are needed.
///
/// Every host name resolves to nothing except the test server's address, so the browser cannot
/// reach beyond loopback, and background networking (updates, safe browsing) is off.
final class HeadlessChromium: @unchecked Sendable {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The browser executable, or `nil` when none is installed.
    static let executable: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for name in ["chromium", "chromium-browser", "google-chrome"] {
            for folder in path.split(separator: ":") where access("\(folder)/\(name)", X_OK) == 0 {
                return "\(folder)/\(name)"
            }
        }
        return nil
    }()

    private let pid: pid_t
    private let input: FileHandle
    private let output: FileHandle
    private let profile: URL
    private let lock = NSLock()
    private var nextID = 0
    private var pending: [Int: CheckedContinuation<JSONValue, any Error>] = [:]
    private var buffer: [UInt8] = []
    private var events: [JSONValue] = []
    private var version = 0
    private var waiters: [UUID: CheckedContinuation<Void, Never>] = [:]
    private var closed = false

    /// Starts the browser; it may only reach `allowedHost`.
    init(allowedHost: String, windowSize: (Int, Int) = (1400, 1000)) throws {
        guard let executable = Self.executable else { throw Failure(description: "chromium is not installed") }
        profile = FileManager.default.temporaryDirectory.appendingPathComponent("powerhive-chromium-\(UUID())")
        try FileManager.default.createDirectory(at: profile, withIntermediateDirectories: true)
        let arguments = [
            executable, "--headless=new", "--no-sandbox", "--disable-gpu", "--remote-debugging-pipe",
            "--user-data-dir=\(profile.path)", "--no-first-run", "--no-default-browser-check", "--disable-extensions",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-default-apps", "--safebrowsing-disable-auto-update", "--disable-dev-shm-usage",
            "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE \(allowedHost)", "--proxy-server=direct://",
            "--window-size=\(windowSize.0),\(windowSize.1)", "--hide-scrollbars", "about:blank",
        ]
        var toBrowser: [Int32] = [0, 0]
        var fromBrowser: [Int32] = [0, 0]
        guard pipe(&toBrowser) == 0, pipe(&fromBrowser) == 0 else {
            throw Failure(description: "pipe failed: errno \(errno)")
        }
        // Not inherited by this process's other children; dup2 clears the flag on fds 3 and 4.
        for fd in toBrowser + fromBrowser { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, toBrowser[0], 3)
        posix_spawn_file_actions_adddup2(&actions, fromBrowser[1], 4)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        Self.closeDescriptor(toBrowser[0])
        Self.closeDescriptor(fromBrowser[1])
        guard spawned == 0 else {
            Self.closeDescriptor(toBrowser[1])
            Self.closeDescriptor(fromBrowser[0])
            throw Failure(description: "cannot start \(executable): error \(spawned)")
        }
        self.pid = pid
        input = FileHandle(fileDescriptor: toBrowser[1], closeOnDealloc: true)
        output = FileHandle(fileDescriptor: fromBrowser[0], closeOnDealloc: true)
        output.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            if data.isEmpty {
                handle.readabilityHandler = nil
                self?.ended()
            } else {
                self?.received(Array(data))
            }
        }
    }

    deinit {
        if !closed { kill(pid, SIGKILL) }
        try? FileManager.default.removeItem(at: profile)
    }

    /// Sends a command (to a page when `session` is set) and returns its `result`.
    @discardableResult
    func send(_ method: String, _ params: JSONValue = [:], session: String? = nil) async throws -> JSONValue {
        try await withCheckedThrowingContinuation { continuation in
            let message: Result<[UInt8], Failure> = lock.withLock {
                guard !closed else { return .failure(Failure(description: "the browser has exited")) }
                nextID += 1
                pending[nextID] = continuation
                var object: [String: JSONValue] = ["id": .number(Double(nextID)), "method": .string(method)]
                object["params"] = params
                if let session { object["sessionId"] = .string(session) }
                return .success(Array(JSONValue.object(object).serialized().utf8) + [0])
            }
            switch message {
            case .success(let bytes): input.write(Data(bytes))
            case .failure(let failure): continuation.resume(throwing: failure)
            }
        }
    }

    /// Events received so far (in order).
    var receivedEvents: [JSONValue] { lock.withLock { events } }

    /// Waits (bounded) until an event satisfying `matches` has arrived after `index`, returning
    /// its position.
    func waitForEvent(
        after index: Int = 0, within limit: Duration, _ matches: @escaping @Sendable (JSONValue) -> Bool
    ) async throws -> Int {
        let found = try await withThrowingTaskGroup(of: Int?.self) { group in
            group.addTask {
                while true {
                    let (events, version, closed) = self.lock.withLock { (self.events, self.version, self.closed) }
                    if let position = events.indices.first(where: { $0 >= index && matches(events[$0]) }) {
                        return position
                    }
                    if closed { throw Failure(description: "the browser exited while a test waited for an event") }
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
        guard let found else { throw Failure(description: "no matching browser event within \(limit)") }
        return found
    }

    /// Closes the browser and waits for it to exit.
    func close() async {
        _ = try? await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await self.send("Browser.close") }
            group.addTask { try await Task.sleep(for: .seconds(5)) }
            defer { group.cancelAll() }
            try await group.next()
        }
        lock.withLock { closed = true }
        kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
    }

    // MARK: Internals

    private static func closeDescriptor(_ fd: Int32) {
        #if canImport(Glibc)
            _ = Glibc.close(fd)
        #else
            _ = Darwin.close(fd)
        #endif
    }

    private func change(after version: Int) async {
        let id = UUID()
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let now = lock.withLock {
                    guard self.version == version, !closed, !Task.isCancelled else { return true }
                    waiters[id] = continuation
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            lock.withLock { waiters.removeValue(forKey: id) }?.resume()
        }
    }

    private func received(_ bytes: [UInt8]) {
        var replies: [(CheckedContinuation<JSONValue, any Error>, Result<JSONValue, Failure>)] = []
        let woken: [CheckedContinuation<Void, Never>] = lock.withLock {
            buffer += bytes
            while let end = buffer.firstIndex(of: 0) {
                let message = (try? TolerantJSONReader.parse(Array(buffer[..<end]))) ?? .null
                buffer.removeSubrange(...end)
                if let id = message["id"]?.int, let continuation = pending.removeValue(forKey: id) {
                    if let error = message["error"] {
                        replies.append(
                            (continuation, .failure(Failure(description: "DevTools: \(error.serialized())"))))
                    } else {
                        replies.append((continuation, .success(message["result"] ?? .null)))
                    }
                } else if message["method"] != nil {
                    events.append(message)
                }
            }
            version += 1
            defer { waiters.removeAll() }
            return Array(waiters.values)
        }
        for (continuation, result) in replies { continuation.resume(with: result) }
        for waiter in woken { waiter.resume() }
    }

    private func ended() {
        let (orphans, woken) = lock.withLock {
            closed = true
            version += 1
            defer {
                pending.removeAll()
                waiters.removeAll()
            }
            return (Array(pending.values), Array(waiters.values))
        }
        for continuation in orphans { continuation.resume(throwing: Failure(description: "the browser has exited")) }
        for waiter in woken { waiter.resume() }
    }
}
