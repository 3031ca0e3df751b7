import Foundation
import HiveProtocols
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HiveHost

/// A few checks over a real loopback socket: the server starts (admin bootstrap first), serves
/// pages and events, and keys the login limit on the real peer address.
@Suite("Web live server")
struct WebLiveTests {
    @Test func liveServerServesAndLimitsByPeerAddress() async throws {
        let fixture = try await WebFixture()
        try await fixture.test(.live) { client in
            #expect(try await client.get("/healthz").status == .ok)
            let (_, admin) = try await client.login("admin", WebFixture.adminPassword)
            let auth = try #require(admin)
            #expect(try await client.get("/", auth: auth).status == .ok)
            let events = try await client.get("/events?count=1", auth: auth)
            #expect(events.text.hasPrefix("event: summary"))
            for attempt in 0..<5 {
                let (response, _) = try await client.login("user\(attempt)", "wrong-password")
                #expect(response.status == .unauthorized)
            }
            let (blocked, _) = try await client.login("olivia", WebFixture.operatorPassword)
            #expect(blocked.status == .tooManyRequests, "five failures from 127.0.0.1, five different names")
        }
    }
}
