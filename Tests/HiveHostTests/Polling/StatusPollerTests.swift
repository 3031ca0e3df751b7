import HiveProtocols
import HiveTesting
import Testing

@testable import HiveHost

@Suite("Status poller")
struct StatusPollerTests {
    @Test("a cycle counts each outcome, writes one sample per miner and logs one line")
    func cycleCountsAndLogs() async throws {
        let fixture = try await PollingFixture(count: 4, subnet: 61)
        defer { fixture.close() }
        fixture.miners[2].behavior = .fail(DriverError(.unexpectedResponse, "garbage"))
        fixture.miners[3].behavior = .hang
        let poller = fixture.statusPoller()
        var events = fixture.events.stream.makeAsyncIterator()

        async let cycle = poller.runCycle()
        let decided = await events.decisions(of: Set(fixture.ids[0...2]))
        #expect(decided == [fixture.ids[0]: .ok, fixture.ids[1]: .ok, fixture.ids[2]: .failed])
        fixture.clock.advance(toSeconds: 10)  // the hung miner's deadline
        let report = try await cycle

        #expect(report.miners == 4 && report.ok == 2 && report.timedOut == 1 && report.failed == 1)
        #expect(report.skipped == 0 && report.elapsed == .seconds(10))
        #expect(
            fixture.logs.messages() == [
                "status poll completed in 10.00 s: 4 miners, 2 ok, 1 timed out, 1 failed, 0 skipped"
            ])

        let latest = Dictionary(uniqueKeysWithValues: try await fixture.store.latestStatuses().map { ($0.minerID, $0) })
        #expect(latest.count == 4)
        #expect(latest[fixture.ids[0]]?.state == .mining)
        #expect(latest[fixture.ids[0]]?.hashrateRealtime == .terahashes(100))
        #expect(latest[fixture.ids[0]]?.time == UnixMillis(PollingFixture.epoch))
        #expect(latest[fixture.ids[2]]?.state == .unknown)
        #expect(latest[fixture.ids[2]]?.error?.contains("unexpected response") == true)
        #expect(latest[fixture.ids[3]]?.error == "timed out: no answer within 10.00 s")
    }

    @Test("a hung driver costs at most its deadline while the others complete")
    func hungDriverCostsItsDeadline() async throws {
        let fixture = try await PollingFixture(count: 5, subnet: 62)
        defer { fixture.close() }
        fixture.miners[0].behavior = .hang
        var configuration = PollerConfiguration.status
        configuration.maxConcurrentPolls = 2  // the hung miner holds one of two slots
        let poller = fixture.statusPoller(configuration)
        var events = fixture.events.stream.makeAsyncIterator()

        async let cycle = poller.runCycle()
        let decided = await events.decisions(of: Set(fixture.ids[1...]))
        #expect(decided.values.allSatisfy { $0 == .ok })
        #expect(fixture.clock.now.offset == .zero)  // all four answered with no time passing
        fixture.clock.advance(toSeconds: 10)
        let report = try await cycle

        #expect(report.ok == 4 && report.timedOut == 1 && report.elapsed == .seconds(10))
        let hung = try await fixture.record(0)
        #expect(hung.lastError == "status poll: timed out: no answer within 10.00 s")
        #expect(hung.lastErrorAt == UnixMillis(PollingFixture.epoch))
    }

    @Test("at most maxConcurrentPolls reads are in flight")
    func concurrencyBound() async throws {
        let fixture = try await PollingFixture(count: 6, subnet: 63, behavior: .gated)
        defer { fixture.close() }
        var configuration = PollerConfiguration.status
        configuration.maxConcurrentPolls = 2
        let poller = fixture.statusPoller(configuration)

        async let cycle = poller.runCycle()
        var entered = fixture.tracker.entered.makeAsyncIterator()
        _ = await entered.next()
        _ = await entered.next()
        #expect(fixture.tracker.inFlight == 2)
        fixture.tracker.openGate()
        let report = try await cycle

        #expect(report.ok == 6)
        #expect(fixture.tracker.maxInFlight == 2)
    }

    @Test("a miner whose request gate is busy is skipped and counted, not queued")
    func gateBusyMinerSkipped() async throws {
        let fixture = try await PollingFixture(count: 3, subnet: 64)
        defer { fixture.close() }
        let gate = MinerRequestGate()
        let poller = fixture.statusPoller(gate: gate)

        let report = try await gate.withPermit(for: fixture.miners[1].host) { try await poller.runCycle() }

        #expect(report.miners == 3 && report.ok == 2 && report.skipped == 1)
        #expect(fixture.miners[1].reads == 0)
        #expect(fixture.logs.messages().last?.hasSuffix("3 miners, 2 ok, 0 timed out, 0 failed, 1 skipped") == true)
        let skipped = try await fixture.record(1)
        #expect(skipped.consecutiveMisses == 0 && skipped.lastError == nil)
    }

    @Test("failures are recorded per miner and N in a row take it offline; a success brings it back")
    func failuresFeedOnlineState() async throws {
        let fixture = try await PollingFixture(count: 2, subnet: 65)
        defer { fixture.close() }
        fixture.miners[1].behavior = .fail(DriverError(.unreachable, "connection refused"))
        var configuration = PollerConfiguration.status
        configuration.offlineAfterMisses = 3
        let poller = fixture.statusPoller(configuration)

        for cycle in 1...3 {
            fixture.clock.advance(toSeconds: 60 * cycle)
            let report = try await poller.runCycle()
            #expect(report.ok == 1 && report.failed == 1 && report.unreachable == 1)
            #expect(report.wentOffline == (cycle == 3 ? 1 : 0))
            let failing = try await fixture.record(1)
            #expect(failing.consecutiveMisses == cycle)
            #expect(failing.online == (cycle < 3))
            #expect(failing.lastError == "status poll: unreachable: connection refused")
            #expect(failing.lastErrorAt == UnixMillis(PollingFixture.epoch + Int64(60_000 * cycle)))
        }
        #expect(fixture.logs.messages(.warning).contains("miner went offline after 3 failed status polls"))
        let healthy = try await fixture.record(0)
        #expect(healthy.online && healthy.consecutiveMisses == 0 && healthy.lastError == nil)

        // Still polled while offline (seen recently); one success brings it back.
        fixture.miners[1].behavior = .answer
        fixture.clock.advance(toSeconds: 240)
        let report = try await poller.runCycle()
        #expect(report.ok == 2)
        let recovered = try await fixture.record(1)
        #expect(recovered.online && recovered.consecutiveMisses == 0 && recovered.lastError == nil)
        #expect(recovered.lastSeen == UnixMillis(PollingFixture.epoch + 240_000))
    }

    @Test("an offline miner not seen within the window is left to discovery")
    func staleOfflineMinerNotPolled() async throws {
        let fixture = try await PollingFixture(count: 2, subnet: 66)
        defer { fixture.close() }
        _ = try await fixture.store.recordMisses(
            [fixture.ids[1]], at: UnixMillis(PollingFixture.epoch), offlineAfter: 1)
        fixture.miners[1].behavior = .fail(DriverError(.unreachable, "no route"))
        var configuration = PollerConfiguration.status
        configuration.recentlySeenWindow = .seconds(3600)
        let poller = fixture.statusPoller(configuration)

        fixture.clock.advance(toSeconds: 3600)
        #expect(try await poller.runCycle().miners == 2)  // exactly one hour: still recent
        fixture.clock.advance(toSeconds: 3601)
        let report = try await poller.runCycle()
        #expect(report.miners == 1 && fixture.miners[1].reads == 1)
    }

    @Test(
        "the per-cycle line has the form operators grep for",
        arguments: [
            (
                CycleReport(
                    poll: "status", startedAt: UnixMillis(0), elapsed: .milliseconds(840), miners: 1000, ok: 995,
                    timedOut: 3, failed: 2, skipped: 0),
                "status poll completed in 0.84 s: 1000 miners, 995 ok, 3 timed out, 2 failed, 0 skipped"
            ),
            (
                CycleReport(
                    poll: "telemetry", startedAt: UnixMillis(0), elapsed: .milliseconds(2100), miners: 1000, ok: 998,
                    timedOut: 1, failed: 1, skipped: 0),
                "telemetry poll completed in 2.10 s: 1000 miners, 998 ok, 1 timed out, 1 failed, 0 skipped"
            ),
            (
                CycleReport(
                    poll: "status", startedAt: UnixMillis(0), elapsed: .seconds(61) + .milliseconds(7), miners: 0),
                "status poll completed in 61.01 s: 0 miners, 0 ok, 0 timed out, 0 failed, 0 skipped"
            ),
        ])
    func logLine(report: CycleReport, line: String) {
        #expect(report.logLine == line)
    }
}
