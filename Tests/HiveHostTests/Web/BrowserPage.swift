import Foundation
import HiveProtocols
import Testing

/// One page (tab) of ``HeadlessChromium``: navigate, evaluate script, take screenshots, and
/// collect every console error, uncaught exception and browser-logged error it produced.
struct BrowserPage: Sendable {
    let browser: HeadlessChromium
    let session: String
    private let problemsFrom: ProblemMark

    /// Where screenshots go: `.build/test-artifacts/browser/` in the package.
    static let artifacts: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent(".build/test-artifacts/browser")

    /// Opens a blank page with the events this page needs enabled.
    static func open(in browser: HeadlessChromium, width: Int = 1400, height: Int = 1000) async throws -> BrowserPage {
        let target = try await browser.send("Target.createTarget", ["url": "about:blank"])
        let targetID = try #require(target["targetId"]?.string)
        let attached = try await browser.send(
            "Target.attachToTarget", ["targetId": .string(targetID), "flatten": true])
        let session = try #require(attached["sessionId"]?.string)
        for domain in ["Page.enable", "Runtime.enable", "Log.enable"] {
            try await browser.send(domain, session: session)
        }
        try await browser.send(
            "Emulation.setDeviceMetricsOverride",
            [
                "width": .number(Double(width)), "height": .number(Double(height)), "deviceScaleFactor": 1,
                "mobile": false,
            ], session: session)
        return BrowserPage(browser: browser, session: session, problemsFrom: ProblemMark())
    }

    /// Loads `url` and waits for its load event.
    func navigate(_ url: String) async throws {
        let mark = browser.receivedEvents.count
        let result = try await browser.send("Page.navigate", ["url": .string(url)], session: session)
        if let error = result["errorText"]?.string { throw HeadlessChromium.Failure(description: "\(url): \(error)") }
        try await waitForLoad(after: mark)
    }

    /// Runs `script` (which submits a form or follows a link) and waits for the next page's load.
    func submitting(_ script: String) async throws {
        let mark = browser.receivedEvents.count
        _ = try await evaluate(script + "; true")
        try await waitForLoad(after: mark)
    }

    /// The value of a script expression (promises awaited).
    @discardableResult
    func evaluate(_ expression: String) async throws -> JSONValue {
        let result = try await browser.send(
            "Runtime.evaluate", ["expression": .string(expression), "returnByValue": true, "awaitPromise": true],
            session: session)
        if let exception = result["exceptionDetails"] {
            throw HeadlessChromium.Failure(description: "script failed: \(exception.serialized())\n\(expression)")
        }
        return result["result"]?["value"] ?? .null
    }

    /// Saves a full-page PNG as `<name>.png` in ``artifacts``.
    func screenshot(_ name: String) async throws {
        let shot = try await browser.send(
            "Page.captureScreenshot", ["format": "png", "captureBeyondViewport": true], session: session)
        let data = try #require(Data(base64Encoded: shot["data"]?.string ?? ""), "no screenshot data")
        try FileManager.default.createDirectory(at: Self.artifacts, withIntermediateDirectories: true)
        try data.write(to: Self.artifacts.appendingPathComponent("\(name).png"))
    }

    /// Console errors and warnings, uncaught exceptions and error-level browser log entries
    /// (failed loads, Content-Security-Policy violations) since the last ``forgetProblems()``.
    var problems: [String] {
        let events = browser.receivedEvents
        return events[min(problemsFrom.index, events.count)...].compactMap { Self.problem($0, session: session) }
    }

    /// Whether a problem mentioning `text` arrives (within a few seconds).
    func waitForProblem(containing text: String) async throws -> Bool {
        let session = self.session
        _ = try await browser.waitForEvent(after: problemsFrom.index, within: .seconds(10)) {
            Self.problem($0, session: session)?.contains(text) == true
        }
        return true
    }

    /// Starts counting problems from now.
    func forgetProblems() { problemsFrom.index = browser.receivedEvents.count }

    private func waitForLoad(after mark: Int) async throws {
        let session = self.session
        _ = try await browser.waitForEvent(after: mark, within: .seconds(30)) {
            $0["method"]?.string == "Page.loadEventFired" && $0["sessionId"]?.string == session
        }
    }

    private static func problem(_ event: JSONValue, session: String) -> String? {
        guard event["sessionId"]?.string == session, let params = event["params"] else { return nil }
        switch event["method"]?.string {
        case "Runtime.consoleAPICalled":
            let type = params["type"]?.string ?? ""
            guard ["error", "warning", "assert"].contains(type) else { return nil }
            let text = (params["args"]?.array ?? []).map {
                $0["value"]?.serialized() ?? $0["description"]?.string ?? "?"
            }
            return "console.\(type): " + text.joined(separator: " ")
        case "Runtime.exceptionThrown":
            let details = params["exceptionDetails"]
            return "exception: \(details?["exception"]?["description"]?.string ?? details?["text"]?.string ?? "?")"
        case "Log.entryAdded":
            let entry = params["entry"]
            guard entry?["level"]?.string == "error" else { return nil }
            return "log: \(entry?["text"]?.string ?? "?") \(entry?["url"]?.string ?? "")"
        default:
            return nil
        }
    }
}

/// Where a page's problem list starts (mutable from a `Sendable` page value).
final class ProblemMark: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    var index: Int {
        get { lock.withLock { value } }
        set { lock.withLock { value = newValue } }
    }
}
