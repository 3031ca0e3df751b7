import HiveProtocols
import Testing

@testable import Drivers

/// The LUXminer session: one per driver instance, reused, renewed once when refused, shared
/// with another client that holds the miner's only session, never shown.
@Suite struct LuxOSSessionTests {
    @Test func sessionIsReusedAcrossCommands() async throws {
        let miner = LuxOSScriptedMiner()
        let driver = miner.driver()
        #expect(try await driver.apply(.locate(true)).result == .verified)
        #expect(try await driver.apply(.locate(false)).result == .verified)
        #expect(try await driver.apply(.sleep).result == .verified)
        let log = miner.snapshot.log
        #expect(log.filter { $0 == "logon" }.count == 1)
        #expect(log.contains("ledset(s1,red,blink)"))
        #expect(log.contains("ledset(s1,red,auto)"))
        #expect(log.contains("curtail(s1,sleep)"))
    }

    @Test func expiredSessionIsRenewedOnceAndTheCommandResent() async throws {
        let miner = LuxOSScriptedMiner()
        let driver = miner.driver()
        #expect(try await driver.apply(.locate(true)).result == .verified)
        miner.update { $0.session = nil }  // one minute without use: LUXminer dropped it
        let outcome = try await driver.apply(.locate(false))
        #expect(outcome.result == .verified, "\(outcome)")
        let log = miner.snapshot.log
        #expect(log.filter { $0 == "logon" }.count == 2)
        let ledsets = log.filter { $0.hasPrefix("ledset") }
        #expect(ledsets == ["ledset(s1,red,blink)", "ledset(s1,red,auto)", "ledset(s2,red,auto)"])
        #expect(miner.snapshot.led == "auto")
    }

    @Test func aSessionRefusedTwiceIsARejectionThatDoesNotShowTheID() async throws {
        let miner = LuxOSScriptedMiner { $0.refusesEverySession = true }
        let outcome = try await miner.driver().apply(.locate(true))
        #expect(outcome.result == .rejected)
        #expect(miner.snapshot.log.filter { $0.hasPrefix("ledset") }.count == 2)
        let detail = try #require(outcome.detail)
        #expect(!detail.contains("s1") && !detail.contains("s2"), "\(detail)")
        #expect(detail.contains("***"))
    }

    @Test func anotherClientsSessionIsShared() async throws {
        let miner = LuxOSScriptedMiner { $0.session = "operator" }
        #expect(try await miner.driver().apply(.sleep).result == .verified)
        let log = miner.snapshot.log
        #expect(log.contains("logon"))
        #expect(log.contains("session"))
        #expect(log.contains("curtail(operator,sleep)"))
        #expect(miner.snapshot.issued == 0)
    }

    @Test func concurrentCommandsAcquireOneSession() async throws {
        let miner = LuxOSScriptedMiner()
        let driver = miner.driver()
        async let first = driver.apply(.locate(true))
        async let second = driver.apply(.sleep)
        _ = try await (first, second)
        #expect(miner.snapshot.log.filter { $0 == "logon" }.count == 1)
    }

    @Test func theSessionIDNeverAppearsInRequestsOrErrors() async throws {
        let miner = LuxOSScriptedMiner { $0.ledsetThrows = true }
        let driver = miner.driver()
        do {
            _ = try await driver.apply(.locate(true))
            Issue.record("ledset failing in the transport must throw")
        } catch let error as DriverError {
            #expect(!"\(error)".contains("s1"), "\(error)")
            #expect(error.request == "ledset")
        }
        #expect(miner.snapshot.log.contains("ledset(s1,red,blink)"))
        #expect(!miner.snapshot.descriptions.contains { $0.contains("s1") }, "\(miner.snapshot.descriptions)")
        // A privileged request describes itself by its command only.
        let session = LuxOSSession()
        let client = LuxOSClient(cgminer: miner, session: session, logger: .init(label: "test"))
        _ = try await client.privileged("atmset", ["enabled=true"])
        #expect("\(session)" == "LuxOSSession(***)")
    }

    @Test func rebootEndsTheSession() async throws {
        let miner = LuxOSScriptedMiner()
        let driver = miner.driver()
        #expect(try await driver.apply(.reboot).result == .pending)
        #expect(try await driver.apply(.locate(true)).result == .verified)
        let log = miner.snapshot.log
        #expect(log.filter { $0 == "logon" }.count == 2)
        #expect(!log.contains("ledset(s1,red,blink)"))
    }
}
