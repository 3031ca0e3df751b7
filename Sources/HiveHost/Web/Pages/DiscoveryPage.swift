/// The Discovery page: what is scanned, the last sweeps' figures, and miners that are new,
/// offline or still known only by address.
enum DiscoveryPage {
    static func render(
        runs: [DiscoveryRunSummary], rows: [FleetRow], web: WebContext, context: WebRequestContext
    ) -> String {
        let now = web.now()
        let network = web.config.network
        var body = "<h1>Discovery</h1><div class=\"cards\">"
        body += MinerPage.card(
            "Scanning",
            [
                (
                    "Subnets",
                    network.subnets.isEmpty
                        ? "none configured" : network.subnets.map(HTML.escape).joined(separator: "<br>")
                ),
                ("Interval", "\(web.config.intervals.discoverySeconds) s"),
                ("Passive discovery", network.passiveDiscovery ? "on" : "off"),
                ("Offline after", "\(network.offlineAfterMisses) missed polls"),
            ])
        if let last = runs.first {
            body += MinerPage.card(
                "Last sweep",
                [
                    ("Finished", HTML.escape(HTML.age(last.finishedAt, now: now))),
                    ("Took", "\(HTML.number(Double(LoopHealth.milliseconds(last.elapsed)) / 1000, digits: 2)) s"),
                    ("Hosts scanned", String(last.hostsScanned)), ("Open hosts", String(last.openHosts)),
                    ("Identified", String(last.identified)), ("Unidentified", String(last.unidentified)),
                    ("New / moved", "\(last.new) / \(last.moved)"),
                    ("Back online / went offline", "\(last.cameOnline) / \(last.wentOffline)"),
                    (
                        "By driver",
                        last.byDriver.sorted { $0.key < $1.key }.map { "\(HTML.escape($0.key)) \($0.value)" }.joined(
                            separator: ", ")
                    ),
                ])
        } else {
            body += "<section class=\"card\"><h2>Last sweep</h2><p class=\"muted\">No sweep recorded yet.</p></section>"
        }
        body += "</div>"
        if runs.count > 1 {
            body +=
                "<section class=\"card\"><h2>Recent sweeps</h2><table class=\"log\"><thead><tr><th>Finished</th><th>Took</th><th>Scanned</th><th>Identified</th><th>New</th><th>Moved</th><th>Offline</th></tr></thead><tbody>"
            for run in runs {
                body +=
                    "<tr><td>\(HTML.time(run.finishedAt))</td><td>\(HTML.number(Double(LoopHealth.milliseconds(run.elapsed)) / 1000, digits: 2)) s</td><td>\(run.hostsScanned)</td><td>\(run.identified)</td><td>\(run.new)</td><td>\(run.moved)</td><td>\(run.wentOffline)</td></tr>"
            }
            body += "</tbody></table></section>"
        }
        let dayAgo = now.adding(milliseconds: -86_400_000)
        body += list("New in the last 24 h", rows.filter { $0.miner.firstSeen >= dayAgo }, now: now)
        body += list("Offline", rows.filter { !$0.miner.online }, now: now)
        body += list("Known by address only", rows.filter { $0.miner.isProvisional }, now: now)
        return Pages.document(
            title: "Discovery", active: "discovery", web: web, principal: context.principal, csrf: Pages.csrf(context),
            body: body)
    }

    private static func list(_ title: String, _ rows: [FleetRow], now: UnixMillis) -> String {
        guard !rows.isEmpty else { return "" }
        return
            "<section class=\"card\"><h2>\(title) <small>\(rows.count)</small></h2><table class=\"log\"><thead><tr><th>Miner</th><th>MAC</th><th>Model</th><th>Driver</th><th>First seen</th><th>Last seen</th></tr></thead><tbody>"
            + rows.prefix(500).map { row in
                let m = row.miner
                return
                    "<tr><td><a href=\"/miners/\(m.id.rawValue)\">\(HTML.text(m.ip ?? m.uid))</a></td><td>\(HTML.text(m.mac))</td><td>\(HTML.text(m.model))</td><td>\(HTML.escape(m.driver.rawValue))</td><td>\(HTML.time(m.firstSeen))</td><td>\(HTML.escape(HTML.age(m.lastSeen, now: now)))</td></tr>"
            }.joined() + "</tbody></table></section>"
    }
}
