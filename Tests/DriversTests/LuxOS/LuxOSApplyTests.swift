import HiveProtocols
import Testing

@testable import Drivers

/// Profile changes with ATM held off and always restored, and truthful read-back outcomes.
@Suite struct LuxOSApplyTests {
    /// The privileged commands in the log, without session ids.
    static func writes(_ miner: LuxOSScriptedMiner) -> [String] {
        miner.snapshot.log.compactMap { line in
            guard let open = line.firstIndex(of: "("),
                ["atmset", "profileset", "curtail", "ledset"].contains(
                    String(line[..<open]))
            else { return nil }
            let arguments = line[line.index(after: open)..<line.index(before: line.endIndex)].split(separator: ",")
            return String(line[..<open]) + " " + arguments.dropFirst().joined(separator: ",")
        }
    }

    @Test func profileChangeHoldsATMOffAndRestoresIt() async throws {
        let miner = LuxOSScriptedMiner()
        let outcome = try await miner.driver().apply(.selectPreset("240MHz"))
        #expect(outcome == .verified("profile 240MHz"))
        #expect(Self.writes(miner) == ["atmset enabled=false", "profileset 240MHz", "atmset enabled=true"])
        #expect(miner.snapshot.atm)
    }

    @Test func atmIsRestoredWhenProfilesetIsRefused() async throws {
        let miner = LuxOSScriptedMiner { $0.profilesetRefused = true }
        let outcome = try await miner.driver().apply(.selectPreset("240MHz"))
        #expect(outcome.result == .rejected)
        #expect(outcome.detail?.contains("Profile could not be set") == true)
        #expect(Self.writes(miner) == ["atmset enabled=false", "profileset 240MHz", "atmset enabled=true"])
        #expect(miner.snapshot.atm)
        #expect(miner.snapshot.profile == "290MHz")
    }

    @Test func atmIsRestoredWhenProfilesetFailsInTheTransport() async throws {
        let miner = LuxOSScriptedMiner { $0.profilesetThrows = true }
        await #expect(throws: DriverError.self) { try await miner.driver().apply(.selectPreset("240MHz")) }
        #expect(Self.writes(miner) == ["atmset enabled=false", "profileset 240MHz", "atmset enabled=true"])
        #expect(miner.snapshot.atm)
    }

    @Test func atmIsLeftAloneWhenItWasOff() async throws {
        let miner = LuxOSScriptedMiner { $0.atm = false }
        #expect(try await miner.driver().apply(.selectPreset("240MHz")).result == .verified)
        #expect(Self.writes(miner) == ["profileset 240MHz"])
        #expect(!miner.snapshot.atm)
    }

    @Test func aFailedATMRestoreIsReportedWithTheOutcome() async throws {
        let miner = LuxOSScriptedMiner { $0.atmRestoreRefused = true }
        let outcome = try await miner.driver().apply(.selectPreset("240MHz"))
        #expect(outcome.result == .verified)
        #expect(outcome.detail?.contains("ATM was left disabled") == true, "\(outcome)")
    }

    @Test func readBackDecidesTheOutcome() async throws {
        let ignored = LuxOSScriptedMiner { $0.profilesetIgnored = true }
        let notApplied = try await ignored.driver().apply(.selectPreset("240MHz"))
        #expect(notApplied.result == .notApplied)
        #expect(notApplied.readBack == "profile 290MHz")

        let ramping = LuxOSScriptedMiner { $0.rampsAfterChange = true }
        let pending = try await ramping.driver().apply(.selectPreset("240MHz"))
        #expect(pending.result == .pending)
        #expect(pending.settleSeconds == LuxOSProfiles.settleSeconds)

        let current = LuxOSScriptedMiner()
        let already = try await current.driver().apply(.selectPreset("290MHz"))
        #expect(already.result == .verified)
        #expect(Self.writes(current).isEmpty)
    }

    @Test func powerTargetSnapsToTheHighestTunedProfileAndNeverOverclocks() async throws {
        let miner = LuxOSScriptedMiner()
        let driver = miner.driver()
        #expect(try await driver.apply(.setPowerTarget(Watts(1000))).readBack == "profile 240MHz")
        #expect(try await driver.apply(.setPowerTarget(Watts(5000))).readBack == "profile default")
        #expect(try await driver.apply(.setPowerTarget(Watts(900))).result == .rejected)
        #expect(
            Self.writes(miner).filter { $0.hasPrefix("profileset") } == ["profileset 240MHz", "profileset default"])
    }

    @Test func modesAreUnsupportedWithoutContactingTheMiner() async throws {
        let miner = LuxOSScriptedMiner()
        await #expect(throws: DriverError.self) { try await miner.driver().apply(.setMode(.low)) }
        #expect(miner.snapshot.log.isEmpty)
    }

    @Test(arguments: [
        // sleep, curtailed, hashing → result
        (true, true, false, CommandOutcome.Result.verified), (true, true, true, .pending),
        (true, false, true, .notApplied),
        (false, false, true, .verified), (false, false, false, .pending), (false, true, false, .notApplied),
    ])
    func curtailOutcomes(_ row: (Bool, Bool, Bool, CommandOutcome.Result)) {
        let outcome = LuxOSDriver.curtailOutcome(sleep: row.0, curtailed: row.1, hashing: row.2, readBack: "curtail X")
        #expect(outcome.result == row.3)
        if outcome.result == .pending { #expect((outcome.settleSeconds ?? 0) > 0) }
    }
}
