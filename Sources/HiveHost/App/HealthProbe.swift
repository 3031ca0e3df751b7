import AsyncHTTPClient
import Foundation
import HiveProtocols
import NIOCore

/// Asks a running daemon's `/healthz` whether it is healthy: `powerhive healthcheck` (Docker's
/// `HEALTHCHECK`, no curl or wget in the image) uses it.
public enum HealthProbe {
    /// The answer.
    public enum Verdict: Sendable, Hashable {
        /// `/healthz` answered 200 with `"status": "ok"`.
        case healthy
        /// Anything else, with one line saying what is unhealthy (the failing checks, the HTTP
        /// status, or why nothing answered).
        case unhealthy(String)
    }

    /// Sends `GET url` and judges the answer within `timeout` (connection included).
    public static func check(url: String, timeout: Duration) async -> Verdict {
        guard let parsed = URL(string: url), let scheme = parsed.scheme, ["http", "https"].contains(scheme),
            parsed.host != nil
        else { return .unhealthy("\(url) is not an http:// URL") }
        let client = HTTPClientFactory.makeClient(configuration: .init(connectTimeout: timeout))
        let verdict: Verdict
        do {
            var request = HTTPClientRequest(url: url)
            request.headers.add(name: "Accept", value: "application/json")
            let response = try await client.execute(request, timeout: TimeAmount(timeout))
            let body = try await response.body.collect(upTo: 1 << 20)
            verdict = judge(status: Int(response.status.code), body: Array(buffer: body))
        } catch {
            verdict = .unhealthy("no answer from \(url): \(describe(error))")
        }
        try? await client.shutdown()
        return verdict
    }

    /// Judges a `/healthz` answer: healthy only for 200 with `"status": "ok"`; otherwise names
    /// the failing database check and every loop that is not ok.
    public static func judge(status: Int, body: [UInt8]) -> Verdict {
        let json = try? TolerantJSONReader.parse(body)
        if status == 200, json?["status"]?.string == "ok" { return .healthy }
        var problems: [String] = []
        if let database = json?["database"]?["status"]?.string, database != "ok", database != "not_checked" {
            problems.append("database \(database)")
        }
        for (name, loop) in (json?["loops"]?.object ?? [:]).sorted(by: { $0.key < $1.key }) {
            guard let state = loop["status"]?.string, state == "stale" else { continue }
            let silent = loop["silent_s"]?.double.map { " (no cycle for \(Int($0)) s)" } ?? ""
            problems.append("loop \(name) \(state)\(silent)")
        }
        if problems.isEmpty { problems.append(json == nil ? "not a /healthz answer" : "status not ok") }
        return .unhealthy("HTTP \(status): " + problems.joined(separator: ", "))
    }

    private static func describe(_ error: any Error) -> String {
        if let error = error as? HTTPClientError {
            if error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout { return "timed out" }
        }
        let text = "\(error)"
        if text.lowercased().contains("refused") { return "connection refused" }
        return text.split(separator: "\n").first.map(String.init) ?? text
    }
}
