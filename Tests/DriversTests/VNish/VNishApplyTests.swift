import HiveProtocols
import Testing

@testable import Drivers

/// Write flows beyond the fixture cases: `err` in a 200 reply, tuning read-back, waits.
@Suite struct VNishApplyTests {
    /// A miner with a tuned "1100" preset whose settings reply, perf-summary and status are given.
    static func miner(settings: HTTPResponse, perf: String, status: String) -> VNishScriptedMiner {
        VNishScriptedMiner { request in
            switch (request.method, request.path) {
            case ("POST", "/api/v1/unlock"): return VNishScriptedMiner.json(#"{"token":"t"}"#)
            case ("GET", "/api/v1/apikeys"):
                return VNishScriptedMiner.json(
                    #"[{"key":"0123456789abcdef0123456789abcdef","description":"PowerHive"}]"#)
            case ("GET", "/api/v1/autotune/presets"): return VNishScriptedMiner.json(VNishScriptedMiner.defaultPresets)
            case ("POST", "/api/v1/settings"): return settings
            case ("GET", "/api/v1/perf-summary"): return VNishScriptedMiner.json(perf)
            case ("GET", "/api/v1/status"): return VNishScriptedMiner.json(status)
            default: return VNishScriptedMiner.json("{}", status: 404)
            }
        }
    }

    @Test func errFieldInA200ReplyIsARejectionWithTheMessage() async throws {
        let miner = Self.miner(
            settings: VNishScriptedMiner.json(#"{"err":"Invalid preset"}"#), perf: #"{"current_preset":"disabled"}"#,
            status: #"{"miner_state":"mining"}"#)
        let outcome = try await miner.driver().apply(.selectPreset("1100"))
        #expect(outcome.result == .rejected)
        #expect(outcome.detail == "Invalid preset")
        #expect(await miner.log.count("GET", "/api/v1/perf-summary") == 0)
    }

    @Test func newPresetWhileAutoTuningIsPending() async throws {
        let miner = Self.miner(
            settings: HTTPResponse(status: 200), perf: #"{"current_preset":{"name":"1100"}}"#,
            status: #"{"miner_state":"auto-tuning","restart_required":false}"#)
        let outcome = try await miner.driver().apply(.selectPreset("1100"))
        #expect(outcome.result == .pending)
        #expect(outcome.readBack == "preset 1100")
        #expect(outcome.settleSeconds == 300)
    }

    @Test func readBackWaitsThroughTheInjectedSleep() async throws {
        let waits = Waits()
        let miner = Self.miner(
            settings: HTTPResponse(status: 200), perf: #"{"current_preset":{"name":"1100"}}"#,
            status: #"{"miner_state":"mining"}"#)
        let driver = VNishDriver(
            context: DriverContext(
                host: "192.0.2.8", http: miner, cgminer: miner,
                match: DriverMatch(driver: "vnish", confidence: .high, isStock: false),
                sleep: { await waits.record($0) }))
        #expect(try await driver.apply(.selectPreset("1100")).result == .verified)
        #expect(await waits.all == [.seconds(2)])
    }

    @Test func locateWithoutOnInTheReplyReadsStatusAgain() async throws {
        let toggled = Counter()
        let miner = VNishScriptedMiner { request in
            switch request.path {
            case "/api/v1/unlock": return VNishScriptedMiner.json(#"{"token":"t"}"#)
            case "/api/v1/find-miner":
                _ = toggled.increment()
                return HTTPResponse(status: 200)
            case "/api/v1/status":
                // Off before the toggle, on after it.
                let on = toggled.increment() > 2
                return VNishScriptedMiner.json(#"{"find_miner":\#(on)}"#)
            default: return VNishScriptedMiner.json("{}", status: 404)
            }
        }
        let outcome = try await miner.driver().apply(.locate(true))
        #expect(outcome.result == .verified)
        #expect(await miner.log.count("POST", "/api/v1/find-miner") == 1)
        #expect(await miner.log.count("GET", "/api/v1/status") == 2)
    }
}

/// Records the durations passed to the injected sleep.
actor Waits {
    var all: [Duration] = []
    func record(_ duration: Duration) { all.append(duration) }
}
