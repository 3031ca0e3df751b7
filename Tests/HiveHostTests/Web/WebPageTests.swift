import Foundation
import HiveProtocols
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HiveHost

@Suite("Web pages")
struct WebPageTests {
    @Test func fleetPageHasTotalsHeatGridAndTable() async throws {
        let fixture = try await WebFixture()
        try await fixture.test { client in
            let page = try await client.get("/", auth: .token(fixture.tokens[.viewer] ?? ""))
            #expect(page.status == .ok)
            #expect(page.headers[.contentType]?.hasPrefix("text/html") == true)
            let csp = page.headers[.contentSecurityPolicy] ?? ""
            #expect(csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'"))
            #expect(page.headers[.xContentTypeOptions] == "nosniff")
            #expect(page.text.contains("data-live=\"summary\""))
            #expect(page.text.contains("<svg class=\"heat\" data-mode=\"temp\""))
            #expect(page.text.contains("<svg class=\"heat\" data-mode=\"ratio\" hidden"))
            #expect(page.text.components(separatedBy: "<tr class=\"c-").count - 1 == 3)
            #expect(page.text.contains("href=\"/miners/\(fixture.miners[0].rawValue)\""))
            #expect(page.text.contains("data-filter=\"search\""))
            #expect(page.text.contains("/assets/app.js?v=\(Assets.version)"))
            #expect(!page.text.contains("http://") && !page.text.contains("https://"), "nothing from a CDN")
            #expect(!page.text.contains("style=\""), "no inline styles (CSP)")
            #expect(!page.text.contains("<script>"), "no inline scripts (CSP)")
        }
    }

    @Test func minerPageShowsBoardsChartsAndControlsByRole() async throws {
        let fixture = try await WebFixture()
        let id = fixture.miners[0].rawValue
        try await fixture.test { client in
            let operatorPage = try await client.get(
                "/miners/\(id)?range=7d", auth: .token(fixture.tokens[.operator] ?? ""))
            #expect(operatorPage.status == .ok)
            #expect(operatorPage.text.contains("Board 2"))
            #expect(operatorPage.text.contains("<svg class=\"chips\" data-mode=\"temp\""))
            #expect(operatorPage.text.contains("<path class=\"line s0\""))
            #expect(operatorPage.text.contains("class=\"on\">7d</a>"))
            #expect(operatorPage.text.contains("data-confirm=\"Reboot 10.0.0.1?"))
            #expect(operatorPage.text.contains("over budget"), "balancer audit entry")
            let viewerPage = try await client.get("/miners/\(id)", auth: .token(fixture.tokens[.viewer] ?? ""))
            #expect(!viewerPage.text.contains("Controls"))
            #expect(!viewerPage.text.contains("/actions\""))
            let missing = try await client.get("/miners/9999", auth: .token(fixture.tokens[.viewer] ?? ""))
            #expect(missing.status == .notFound)
            #expect(missing.headers[.contentType]?.hasPrefix("text/html") == true)
        }
    }

    @Test func minerFormActionRedirectsWithAFlash() async throws {
        let fixture = try await WebFixture()
        let id = fixture.miners[0].rawValue
        try await fixture.test { client in
            let (_, session) = try await client.login("olivia", WebFixture.operatorPassword)
            let auth = try #require(session)
            let response = try await client.send(.post, "/miners/\(id)/actions", auth: auth, form: ["action": "reboot"])
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == "/miners/\(id)?done=reboot&outcome=verified")
            #expect(fixture.controller.sent.last?.0 == .reboot)
            let page = try await client.get(response.headers[.location] ?? "", auth: auth)
            #expect(page.text.contains("reboot: verified."))
            let bad = try await client.send(
                .post, "/miners/\(id)/actions", auth: auth, form: ["action": "set_power_target", "watts": "lots"])
            #expect(bad.headers[.location] == "/miners/\(id)?error=invalid_parameter")
            let crafted = try await client.get("/miners/\(id)?error=%3Cscript%3Ealert(1)%3C/script%3E", auth: auth)
            #expect(!crafted.text.contains("alert(1)"))
            let audit = try await fixture.audit.entries(
                miner: fixture.miners[0], from: UnixMillis(0), to: fixture.now.adding(milliseconds: 1), limit: 10)
            #expect(audit.first?.actor == "user:olivia")
        }
    }

    @Test func energyAndDiscoveryPagesRender() async throws {
        let fixture = try await WebFixture()
        try await fixture.test { client in
            let op = WebAuth.token(fixture.tokens[.operator] ?? "")
            let energy = try await client.get("/energy", auth: op)
            #expect(energy.status == .ok)
            #expect(energy.text.contains("balanced"))
            #expect(energy.text.contains("Budget override"))
            #expect(energy.text.contains("<path class=\"line s0\""))
            let override = try await client.send(
                .post, "/energy/override", auth: op, form: ["kw": "7.5", "minutes": "20"])
            #expect(override.headers[.location] == "/energy?done=budget_override&outcome=ok")
            #expect((fixture.budget.overrides.last ?? nil)?.watts == Watts(7500))
            let viewerEnergy = try await client.get("/energy", auth: .token(fixture.tokens[.viewer] ?? ""))
            #expect(!viewerEnergy.text.contains("Budget override"))
            let discovery = try await client.get("/discovery", auth: op)
            #expect(discovery.text.contains("10.0.0.0/24"))
            #expect(discovery.text.contains("Offline"))
        }
    }

    @Test func loginPageAssetsAndEvents() async throws {
        let fixture = try await WebFixture()
        try await fixture.test { client in
            let login = try await client.get("/login")
            #expect(login.text.contains("name=\"csrf\""))
            #expect(login.cookies["ph_csrf"]?.isEmpty == false)
            #expect(login.setCookieLines.first?.contains("HttpOnly") == true)
            let css = try await client.get("/assets/app.css")
            #expect(css.headers[.contentType]?.hasPrefix("text/css") == true)
            #expect(css.text.contains("svg rect.t6"))
            let js = try await client.get("/assets/app.js")
            #expect(js.text.contains("EventSource"))
            let events = try await client.get("/events?count=1", auth: .token(fixture.tokens[.viewer] ?? ""))
            #expect(events.headers[.contentType] == "text/event-stream")
            #expect(events.text.hasPrefix("event: summary\ndata: {"))
            #expect(events.text.hasSuffix("\n\n"))
            let data = try #require(events.text.split(separator: "\n").first { $0.hasPrefix("data: ") }?.dropFirst(6))
            #expect(try TolerantJSONReader.parse(String(data))["online"]?.int == 1)
        }
    }
}
