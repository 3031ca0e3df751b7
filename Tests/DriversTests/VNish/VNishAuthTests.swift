import Foundation
import HiveProtocols
import Testing

@testable import Drivers

/// Unlock, token refresh and API-key provisioning against a scripted miner.
@Suite struct VNishAuthTests {
    static let keyName = "vnish.apikey.192.0.2.7"

    @Test func apiKeyIsCreatedOnceAndReusedByASecondInstance() async throws {
        let store = InMemoryCredentialStore()
        let miner = VNishScriptedMiner.healthy()
        _ = try await miner.driver(store: store).powerControl()

        let created = await miner.log.requests.filter { $0.method == "POST" && $0.path == "/api/v1/apikeys" }
        #expect(created.count == 1)
        let stored = try #require(await store.secret(for: Self.keyName)).value
        #expect(stored.count == 32 && stored.allSatisfy { "0123456789abcdef".contains($0) })
        let body = try TolerantJSONReader.parse(try #require(created.first?.body))
        #expect(body["key"]?.string == stored)
        #expect(body["description"]?.string == "PowerHive")

        // A second instance (a PowerHive restart) sharing the store: no unlock, no key request.
        let second = VNishScriptedMiner.healthy()
        _ = try await second.driver(store: store).powerControl()
        #expect(await second.log.lines == ["GET /api/v1/autotune/presets", "GET /api/v1/perf-summary"])
        let keys = await second.log.requests.map(VNishScriptedMiner.key(of:))
        #expect(keys == [stored, stored])
    }

    @Test func concurrentCallsUnlockOnceAndCreateOneKey() async throws {
        let store = InMemoryCredentialStore()
        let miner = VNishScriptedMiner.healthy()
        let driver = miner.driver(store: store)
        async let first = driver.powerControl()
        async let second = driver.powerControl()
        async let third = driver.apply(.selectPreset("1100"))
        _ = try await (first, second, third)
        #expect(await miner.log.count("POST", "/api/v1/unlock") == 1)
        #expect(await miner.log.count("POST", "/api/v1/apikeys") == 1)
        #expect(await miner.log.count("GET", "/api/v1/apikeys") == 1)
    }

    @Test func existingPowerHiveKeyOnTheMinerIsReused() async throws {
        let existing = "0123456789abcdef0123456789abcdef"
        let store = InMemoryCredentialStore()
        let miner = VNishScriptedMiner.healthy(
            keys: #"[{"key":"stringstringstringstringstringst","description":"Test API Key"},"#
                + #"{"key":"\#(existing)","description":"PowerHive"}]"#)
        _ = try await miner.driver(store: store).powerControl()
        #expect(await miner.log.count("POST", "/api/v1/apikeys") == 0)
        #expect(await store.secret(for: Self.keyName)?.value == existing)
        let presets = await miner.log.requests.first { $0.path == "/api/v1/autotune/presets" }
        #expect(presets.map(VNishScriptedMiner.key(of:)) == existing)
    }

    @Test func serverThatAlwaysRefusesFailsAfterAtMostTwoUnlocks() async throws {
        let miner = VNishScriptedMiner { _ in VNishScriptedMiner.json(#"{"err":"Unauthorized"}"#, status: 401) }
        let error = await #expect(throws: DriverError.self) { try await miner.driver().powerControl() }
        #expect(error?.kind == .authenticationFailed)
        #expect(await miner.log.count("POST", "/api/v1/unlock") <= 2)
        #expect(await miner.log.requests.count <= 4)
    }

    @Test func unlockAcceptedButEveryRequestRefusedFailsAfterAtMostTwoUnlocks() async throws {
        let miner = VNishScriptedMiner { request in
            request.path == "/api/v1/unlock"
                ? VNishScriptedMiner.json(#"{"token":"t"}"#) : VNishScriptedMiner.json("{}", status: 401)
        }
        let store = InMemoryCredentialStore([Self.keyName: Secret("0123456789abcdef0123456789abcdef")])
        for call in 0..<2 {
            let driver = miner.driver(store: store)
            await #expect(throws: DriverError.self) { try await driver.powerControl() }
            #expect(await miner.log.count("POST", "/api/v1/unlock") <= 2 * (call + 1))
        }
        await #expect(throws: DriverError.self) { try await miner.driver().apply(.sleep) }
        #expect(await miner.log.count("POST", "/api/v1/mining/pause") <= 2)
    }

    @Test func expiredTokenIsRefreshedOnceAndTheCallSucceeds() async throws {
        let unlocks = Counter()
        let miner = VNishScriptedMiner { request in
            switch request.path {
            case "/api/v1/unlock":
                return VNishScriptedMiner.json(#"{"token":"t\#(unlocks.increment())"}"#)
            case "/api/v1/mining/pause":
                // Only the second token is still valid.
                return VNishScriptedMiner.isBearer(request, "t2")
                    ? HTTPResponse(status: 200) : VNishScriptedMiner.json("{}", status: 401)
            case "/api/v1/status":
                return VNishScriptedMiner.json(#"{"miner_state":"paused"}"#)
            default:
                return VNishScriptedMiner.json("{}", status: 404)
            }
        }
        let outcome = try await miner.driver().apply(.sleep)
        #expect(outcome.result == .verified)
        #expect(
            await miner.log.lines == [
                "POST /api/v1/unlock", "POST /api/v1/mining/pause", "POST /api/v1/unlock", "POST /api/v1/mining/pause",
                "GET /api/v1/status",
            ])
    }

    @Test func refusedAPIKeyFallsBackToBearerForThatCall() async throws {
        let store = InMemoryCredentialStore([Self.keyName: Secret("ffffffffffffffffffffffffffffffff")])
        let miner = VNishScriptedMiner { request in
            switch request.path {
            case "/api/v1/unlock": return VNishScriptedMiner.json(#"{"token":"t1"}"#)
            case "/api/v1/autotune/presets", "/api/v1/perf-summary":
                return VNishScriptedMiner.isBearer(request, "t1")
                    ? VNishScriptedMiner.json(
                        request.path.hasSuffix("presets")
                            ? VNishScriptedMiner.defaultPresets : #"{"current_preset":"1100"}"#)
                    : VNishScriptedMiner.json("{}", status: 403)
            default: return VNishScriptedMiner.json("{}", status: 404)
            }
        }
        let control = try await miner.driver(store: store).powerControl()
        #expect(control.current == .preset("1100"))
        #expect(await miner.log.count("POST", "/api/v1/apikeys") == 0)
        #expect(await miner.log.count("POST", "/api/v1/unlock") == 1)
    }

    @Test func errorDescriptionsCarryNoSecrets() async throws {
        let miner = VNishScriptedMiner { _ in VNishScriptedMiner.json(#"{"token":"leaky"}"#, status: 500) }
        let error = await #expect(throws: DriverError.self) { try await miner.driver().powerControl() }
        #expect(error.map { !String(describing: $0).contains("leaky") } == true)
        #expect(error.map { !String(describing: $0).contains("admin") } == true)
    }

    @Test func randomKeysAre32LowercaseHexDigitsAndDiffer() {
        let a = VNishClient.randomKey()
        let b = VNishClient.randomKey()
        #expect(a.count == 32 && a.allSatisfy { "0123456789abcdef".contains($0) })
        #expect(a != b)
    }
}

/// A thread-safe counter for scripted handlers.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    /// Adds one and returns the new value.
    func increment() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value
    }
}
