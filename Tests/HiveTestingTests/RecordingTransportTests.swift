import Foundation
import HiveProtocols
import HiveTesting
import Testing

@Suite struct RecordingTransportTests {
    @Test func recordedCaseReplaysTheSameBytesWithSecretsRedacted() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rec-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let live = ReplayTransport(exchanges: [
            Exchange(
                name: "1", key: .http(method: "POST", path: "/api/v1/unlock", port: 80),
                body: Array(#"{"token":"0123456789abcdef"}"#.utf8)),
            Exchange(
                name: "2", key: .http(method: "GET", path: "/api/v1/info", port: 80),
                headers: [HTTPHeader("Content-Type", "application/json"), HTTPHeader("Set-Cookie", "sid=secret")],
                body: Array(#"{"fw_name":"Vnish","miner":"Antminer S19"}"#.utf8)),
            Exchange(
                name: "3", key: .cgminer(command: "stats", parameter: nil, port: 4028),
                body: Array(#"{"STATS":[{"a":1}{"b":2}]}"#.utf8) + [0]),
        ])
        let recorder = try RecordingTransport(http: live, cgminer: live, caseFolder: folder)
        _ = try await recorder.send(.json("POST", "/api/v1/unlock", body: ["pw": "hunter2"]))
        let info = try await recorder.send(.get("/api/v1/info"))
        let stats = try await recorder.send(CGMinerRequest(command: "stats"))
        #expect(recorder.writeFailures.isEmpty)

        let recorded = try Exchange.loadFolder(folder.appendingPathComponent("exchanges"))
        #expect(recorded.map(\.key.description) == ["POST /api/v1/unlock", "GET /api/v1/info", "cgminer stats"])
        let replay = ReplayTransport(exchanges: recorded)
        #expect(try await replay.send(.get("/api/v1/info")).body == info.body)
        #expect(try await replay.send(CGMinerRequest(command: "stats")) == stats)  // quirks and NUL kept
        #expect(try await replay.send(.get("/api/v1/info")).header("Set-Cookie") == nil)

        // Neither the password sent nor the token received is on disk.
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("exchanges").path)
        {
            let text = try String(contentsOf: folder.appendingPathComponent("exchanges/\(file)"), encoding: .utf8)
            #expect(!text.contains("hunter2") && !text.contains("0123456789abcdef"), "\(file)")
        }
    }
}
