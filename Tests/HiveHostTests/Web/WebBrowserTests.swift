import Foundation
import HiveProtocols
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Testing

@testable import HiveHost

/// The dashboard in a real headless Chromium against the seeded fixture served on
/// 127.198.2.1: the login flow (form, CSRF cookie, session), the fleet page with every miner,
/// the miner page with its chip grids and SVG charts, the energy and discovery pages — with no
/// console error, uncaught exception or browser-logged error on any of them. Screenshots go to
/// `.build/test-artifacts/browser/`.
///
/// Skipped (with a message) only when no `chromium` is installed; `.ci/run` installs it.
@Suite(
    "Dashboard in headless Chromium",
    .serialized,
    .enabled(
        if: HeadlessChromium.executable != nil,
        "chromium is not installed (apt-get install chromium); .ci/run installs it"))
struct WebBrowserTests {
    static let host = "127.198.2.1"

    @Test func loginFleetMinerEnergyAndDiscoveryPagesRenderWithoutErrors() async throws {
        let fixture = try await WebFixture()
        try await Self.serve(fixture) { base in
            let browser = try HeadlessChromium(allowedHost: Self.host)
            let page = try await BrowserPage.open(in: browser)
            do {
                // The error capture itself works (so a silent page means no errors).
                _ = try await page.evaluate("console.error('self-check'); 1")
                #expect(try await page.waitForProblem(containing: "self-check"))
                page.forgetProblems()

                // Not logged in: the fleet page sends the browser to the login form.
                try await page.navigate(base + "/")
                #expect(try await page.evaluate("location.pathname").string == "/login")
                #expect(
                    try await page.evaluate("document.querySelector('form input[name=csrf]').value.length > 10").bool
                        == true)
                try await page.screenshot("login")

                // Log in through the form, as a person would.
                try await page.submitting(
                    """
                    document.querySelector('input[name=username]').value = 'admin';
                    document.querySelector('input[name=password]').value = \(JSONValue.string(WebFixture.adminPassword).serialized());
                    document.querySelector('form[action="/login"] button[type=submit]').click();
                    """)
                #expect(try await page.evaluate("location.pathname").string == "/")
                let ips = try await page.evaluate(
                    "Array.from(document.querySelectorAll('table.miners tbody tr td:first-child')).map(c => c.textContent.trim()).join(',')"
                )
                #expect(
                    Set((ips.string ?? "").split(separator: ",").map(String.init)) == [
                        "10.0.0.1", "10.0.0.2", "10.0.0.3",
                    ])
                #expect(
                    try await page.evaluate("document.querySelectorAll('svg.heat:not([hidden]) rect').length").int == 3)
                #expect(try await page.evaluate("document.querySelectorAll('.totals .tile').length").int ?? 0 >= 5)
                // The bundled script runs: sorting by the IP column reorders the rows.
                let sorted = try await page.evaluate(
                    """
                    (() => { const th = document.querySelector('table.miners th[data-col="0"]'); th.click(); th.click();
                      return Array.from(document.querySelectorAll('table.miners tbody tr td:first-child'))
                        .map(c => c.textContent.trim()).join(','); })()
                    """)
                #expect(sorted.string == "10.0.0.3,10.0.0.2,10.0.0.1", "descending after two clicks: \(sorted)")
                try await page.screenshot("fleet")

                // A miner page: chip grids and SVG history charts with drawn lines.
                try await page.navigate(base + "/miners/\(fixture.miners[0].rawValue)")
                #expect(try await page.evaluate("document.querySelectorAll('figure.chart svg').length").int ?? 0 >= 1)
                #expect(
                    try await page.evaluate("document.querySelectorAll('figure.chart svg path.line').length").int ?? 0
                        >= 1)
                let pathLength = try await page.evaluate(
                    "Math.round(document.querySelector('figure.chart svg path.line').getTotalLength())")
                #expect((pathLength.int ?? 0) > 50, "the chart draws a visible line")
                #expect(try await page.evaluate("document.body.textContent.includes('AA:BB:CC:00:00:01')").bool == true)
                try await page.screenshot("miner")

                try await page.navigate(base + "/energy")
                #expect(try await page.evaluate("document.querySelectorAll('figure.chart svg').length").int ?? 0 >= 1)
                try await page.screenshot("energy")
                try await page.navigate(base + "/discovery")
                #expect(try await page.evaluate("document.querySelector('h1, h2') !== null").bool == true)
                try await page.screenshot("discovery")

                let problems = page.problems
                #expect(problems.isEmpty, "browser errors:\n\(problems.joined(separator: "\n"))")
            } catch {
                await browser.close()
                throw error
            }
            await browser.close()
        }
    }

    /// Serves the fixture's web application on `host`, port 0, for the duration of `body`.
    static func serve(_ fixture: WebFixture, _ body: @escaping @Sendable (String) async throws -> Void) async throws {
        let context = fixture.context()
        try await AdminBootstrap.ensureAdmin(context: context)
        let port = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: WebServer.buildRouter(context: context),
            configuration: ApplicationConfiguration(address: .hostname(host, port: 0), serverName: "PowerHive"),
            onServerRunning: { channel in
                port.continuation.yield(channel.localAddress?.port ?? 0)
                port.continuation.finish()
            },
            logger: Logger(label: "browser-test", factory: { _ in SwiftLogNoOpLogHandler() }))
        let group = ServiceGroup(
            services: [app], logger: Logger(label: "browser-test") { _ in SwiftLogNoOpLogHandler() })
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var ports = port.stream.makeAsyncIterator()
            let bound = try #require(await ports.next())
            do {
                try await body("http://\(host):\(bound)")
            } catch {
                await group.triggerGracefulShutdown()
                throw error
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }
}
