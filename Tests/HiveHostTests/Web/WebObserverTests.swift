import HiveProtocols
import NIOConcurrencyHelpers
import Testing

@testable import HiveHost

@Suite("Control action observer")
struct WebObserverTests {
    final class RecordingObserver: ControlActionObserver {
        let calls = NIOLockedValueBox<[(MinerCommand, String)]>([])
        func controlActionPerformed(
            _ command: MinerCommand, on miner: MinerRecord, actor: String, outcome: CommandOutcome, at time: UnixMillis
        ) async throws {
            calls.withLockedValue { $0.append((command, actor)) }
        }
    }

    @Test func acceptedCommandsAreReported() async throws {
        let fixture = try await WebFixture()
        let observer = RecordingObserver()
        var context = fixture.context()
        context.observer = observer
        let app = try WebServer.makeWebApplication(context: context)
        let path = "/api/v1/miners/\(fixture.miners[0].rawValue)/actions"
        try await app.test(.router) { client in
            let web = WebClient(client: client, fixture: fixture)
            let op = WebAuth.token(fixture.tokens[.operator] ?? "")
            _ = try await web.send(.post, path, auth: op, json: ["action": "sleep"])
            fixture.controller.fail(with: DriverError(.rejected, "busy"))
            _ = try await web.send(.post, path, auth: op, json: ["action": "wake"])
            fixture.controller.fail(with: nil)
            _ = try await web.send(.post, path, auth: op, json: ["action": "managed_on"])
        }
        let calls = observer.calls.withLockedValue { $0 }
        #expect(calls.count == 1)
        #expect(calls.first?.0 == .sleep)
        #expect(calls.first?.1 == "token:operator-token")
    }

    @Test func balancerRecordsManualPowerChanges() async throws {
        let h = BalancerServiceTests.Harness()
        let miner = MinerRecord(
            id: MinerRecord.ID(9), uid: "mac:AA", ip: "10.0.0.9", driver: "vnish", firstSeen: UnixMillis(0),
            lastSeen: UnixMillis(0))
        let time = BalancerFixtures.t0
        try await h.service.controlActionPerformed(
            .setPowerTarget(Watts(2000)), on: miner, actor: "user:olivia", outcome: .verified("2000 W"), at: time)
        try await h.service.controlActionPerformed(
            .reboot, on: miner, actor: "user:olivia", outcome: .verified(nil), at: time)
        let entries = h.store.allEntries
        #expect(entries.count == 1)
        #expect(entries.first?.actor == .user("olivia"))
        #expect(entries.first?.to == .watts(Watts(2000)))
        #expect(entries.first?.outcome == .verified)
        #expect(try await h.store.loadBalancerState()?.ledgers[miner.id]?.lastChangeAt == time, "cooldown starts")
    }
}
