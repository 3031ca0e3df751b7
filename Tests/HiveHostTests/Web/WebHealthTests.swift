import Foundation
import HiveProtocols
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HiveHost

@Suite("Web health")
struct WebHealthTests {
    @Test func healthzReportsAStaleLoop() async throws {
        let fixture = try await WebFixture()
        fixture.loops.register("status", interval: .seconds(60))
        fixture.loops.register("plant", interval: .seconds(30))
        fixture.loops.tick("status")
        fixture.loops.tick("plant")
        try await fixture.test { client in
            let healthy = try await client.get("/healthz")
            #expect(healthy.status == .ok)
            #expect(healthy.json?["status"]?.string == "ok")
            #expect(healthy.json?["database"]?["status"]?.string == "ok")
            #expect(healthy.json?["loops"]?["status"]?["status"]?.string == "ok")
            fixture.advance(seconds: 100)
            fixture.loops.tick("status")
            let stale = try await client.get("/healthz")
            #expect(stale.status == .serviceUnavailable)
            #expect(stale.json?["status"]?.string == "failing")
            #expect(stale.json?["loops"]?["plant"]?["status"]?.string == "stale")
            #expect(stale.json?["loops"]?["status"]?["status"]?.string == "ok")
            fixture.loops.tick("plant")
            #expect(try await client.get("/healthz").status == .ok)
            let ready = try await client.get("/readyz")
            #expect(ready.status == .ok)
            #expect(ready.json?["status"]?.string == "ready")
        }
    }

    @Test func healthzFailsWhenTheDatabaseCannotBeWritten() async throws {
        let fixture = try await WebFixture()
        try await fixture.test { client in
            try fixture.store.close()
            let response = try await client.get("/healthz")
            #expect(response.status == .serviceUnavailable)
            #expect(response.json?["database"]?["status"]?.string == "failing")
            #expect(try await client.get("/readyz").status == .serviceUnavailable)
        }
    }
}
