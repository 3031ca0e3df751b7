import HiveProtocols

/// The Miner page: identity, live status, per-board cards with chip grids, history charts
/// (1 h / 24 h / 7 d / 30 d), recent control actions and, for operators, the controls (each
/// confirmed by the bundled script before it is sent).
enum MinerPage {
    struct Input {
        var row: FleetRow
        var addresses: [MinerAddress]
        var telemetry: TelemetrySample?
        var history: HistorySeries
        var range: String
        var audit: [ControlAuditEntry]
        var balancerAudit: [BalancerAuditEntry]
        var flash: String?
    }

    static let ranges = ["1h", "24h", "7d", "30d"]

    static func render(_ input: Input, web: WebContext, context: WebRequestContext) -> String {
        let m = input.row.miner
        let s = input.row.status
        let now = web.now()
        var body =
            "<h1>\(HTML.text(m.ip ?? m.uid)) <small>\(HTML.text([m.make, m.model].compactMap { $0 }.joined(separator: " ")))</small> "
        body += "<span class=\"state \(input.row.condition.rawValue)\">\(input.row.condition.rawValue)</span></h1>"
        if let flash = input.flash { body += "<p class=\"alert\">\(HTML.escape(flash))</p>" }
        body += "<div class=\"cards\">"
        body += card(
            "Identity",
            [
                ("IP", HTML.text(m.ip)), ("MAC", HTML.text(m.mac)), ("Serial", HTML.text(m.serial)),
                ("Hostname", HTML.text(m.hostname)),
                ("Firmware", HTML.text([m.firmware, m.firmwareVersion].compactMap { $0 }.joined(separator: " "))),
                ("Driver", HTML.escape(m.driver.rawValue)), ("Identity", HTML.escape(m.uid)),
                ("First seen", HTML.time(m.firstSeen)), ("Last seen", HTML.escape(HTML.age(m.lastSeen, now: now))),
                ("Managed", m.managed ? "yes" : "no"), ("Misses in a row", String(m.consecutiveMisses)),
                ("Last error", HTML.text(m.lastError)),
                ("Addresses", input.addresses.map { HTML.escape($0.ip) }.joined(separator: ", ")),
            ])
        let measured = s?.power == nil ? "" : (s?.powerMeasured == true ? " (measured)" : " (estimated)")
        body += card(
            "Status",
            [
                ("State", HTML.text(s?.state.rawValue)), ("Sample", HTML.escape(HTML.age(s?.time, now: now))),
                ("Hash rate", HTML.hashrate(s?.hashrateRealtime?.value)),
                ("Average", HTML.hashrate(s?.hashrateAverage?.value)),
                ("Power", HTML.power(s?.power?.value) + measured), ("Power target", HTML.power(s?.powerTarget?.value)),
                ("Board °C", "\(HTML.number(s?.boardTempMin?.value))–\(HTML.number(s?.boardTempMax?.value))"),
                ("Chip °C", "\(HTML.number(s?.chipTempMin?.value))–\(HTML.number(s?.chipTempMax?.value))"),
                ("Fans rpm", "\(HTML.number(s?.fanMin?.value, digits: 0))–\(HTML.number(s?.fanMax?.value, digits: 0))"),
                ("Pools alive", s?.poolsAlive.map(String.init) ?? "–"),
                (
                    "Shares",
                    "\(s?.accepted.map(String.init) ?? "–") accepted / \(s?.rejected.map(String.init) ?? "–") rejected"
                ),
                ("Uptime", s?.uptimeSeconds.map { "\($0 / 3600) h \($0 % 3600 / 60) min" } ?? "–"),
            ])
        body += "</div>"
        body += boards(input.telemetry, now: now)
        body += history(input, m: m)
        if context.principal?.role.allows(.operator) == true { body += MinerControls.render(m, context: context) }
        body += audit(input)
        return Pages.document(
            title: m.ip ?? m.uid, active: "fleet", web: web, principal: context.principal, csrf: Pages.csrf(context),
            body: body)
    }

    static func card(_ title: String, _ rows: [(String, String)]) -> String {
        "<section class=\"card\"><h2>\(title)</h2><dl>"
            + rows.map { "<dt>\($0.0)</dt><dd>\($0.1.isEmpty ? "–" : $0.1)</dd>" }.joined() + "</dl></section>"
    }

    private static func boards(_ telemetry: TelemetrySample?, now: UnixMillis) -> String {
        guard let telemetry, !telemetry.boards.isEmpty else {
            return "<section class=\"card\"><h2>Boards</h2><p class=\"muted\">No board telemetry yet.</p></section>"
        }
        var html = "<section><h2>Boards <small>\(HTML.escape(HTML.age(telemetry.time, now: now)))</small>"
        html +=
            " <span class=\"toggle\" data-toggle=\"chips\"><button type=\"button\" data-mode=\"temp\" class=\"on\">Temperature</button>"
        html +=
            "<button type=\"button\" data-mode=\"hashrate\">Hash rate</button><button type=\"button\" data-mode=\"errors\">Errors</button></span></h2><div class=\"cards\">"
        for board in telemetry.boards {
            html += "<section class=\"card board\"><h3>Board \(board.index)</h3><dl>"
            html += "<dt>Hash rate</dt><dd>\(HTML.hashrate(board.hashrate?.value))</dd>"
            html += "<dt>Frequency</dt><dd>\(HTML.number(board.frequency?.value, digits: 0)) MHz</dd>"
            html += "<dt>Voltage</dt><dd>\(HTML.number(board.voltage?.value, digits: 2)) V</dd>"
            html += "<dt>Power</dt><dd>\(HTML.power(board.power?.value))</dd>"
            html +=
                "<dt>Board / chip °C</dt><dd>\(HTML.number(board.boardTempMax?.value)) / \(HTML.number(board.chipTempMax?.value))</dd>"
            html +=
                "<dt>Chips</dt><dd>\(board.chipsWorking.map(String.init) ?? "–") / \(board.chipsExpected.map(String.init) ?? "–")</dd>"
            html += "<dt>HW errors</dt><dd>\(board.hardwareErrors.map(String.init) ?? "–")</dd>"
            html += "<dt>Serial</dt><dd>\(HTML.text(board.serial))</dd></dl>"
            html +=
                HeatGrid.chips(board, mode: "temp", hidden: false)
                + HeatGrid.chips(board, mode: "hashrate", hidden: true)
            html += HeatGrid.chips(board, mode: "errors", hidden: true) + "</section>"
        }
        return html + "</div></section>"
    }

    private static func history(_ input: Input, m: MinerRecord) -> String {
        var html = "<section class=\"card\"><h2>History <span class=\"ranges\">"
        for range in ranges {
            html +=
                "<a href=\"/miners/\(m.id.rawValue)?range=\(range)\"\(range == input.range ? " class=\"on\"" : "")>\(range)</a>"
        }
        html += "</span></h2>"
        let series = input.history
        let gap = series.bucketMs * 3
        func points(_ value: (HistorySeries.Point) -> Double?) -> [(time: Int64, value: Double)] {
            series.points.compactMap { point in value(point).map { (point.time.rawValue, $0) } }
        }
        html += SVGChart.render(
            title: "Hash rate (TH/s)",
            series: [.init(label: "hash rate", points: points { $0.hashrate.map { $0 / 1e12 } })],
            from: series.from.rawValue, to: series.to.rawValue, gapMs: gap, format: { HTML.number($0, digits: 1) })
        html += SVGChart.render(
            title: "Power (W)", series: [.init(label: "power", points: points(\.power))],
            from: series.from.rawValue, to: series.to.rawValue, gapMs: gap, format: { HTML.number($0, digits: 0) })
        html += SVGChart.render(
            title: "Temperature (°C)",
            series: [
                .init(label: "chip max", points: points(\.chipTemp)),
                .init(label: "board max", points: points(\.boardTemp)),
            ],
            from: series.from.rawValue, to: series.to.rawValue, gapMs: gap, format: { HTML.number($0, digits: 0) })
        return html + "</section>"
    }

    private static func audit(_ input: Input) -> String {
        var rows: [(UnixMillis, String)] = input.audit.map { e in
            let parameters = e.parameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(
                separator: " ")
            return (
                e.time,
                "<tr><td>\(HTML.time(e.time))</td><td>\(HTML.escape(e.actor))</td><td>\(HTML.escape(e.action)) \(HTML.escape(parameters))</td><td>\(HTML.escape(e.outcome))</td><td>\(HTML.text(e.detail))</td></tr>"
            )
        }
        rows += input.balancerAudit.map { e in
            (
                e.time,
                "<tr><td>\(HTML.time(e.time))</td><td>\(HTML.escape(e.actor.description))</td><td>\(HTML.escape(e.command.description))</td><td>\(HTML.escape(e.outcome.rawValue))</td><td>\(HTML.escape(e.reason))</td></tr>"
            )
        }
        guard !rows.isEmpty else {
            return
                "<section class=\"card\"><h2>Recent actions</h2><p class=\"muted\">No actions in the last 7 days.</p></section>"
        }
        return
            "<section class=\"card\"><h2>Recent actions</h2><table class=\"log\"><thead><tr><th>Time</th><th>Who</th><th>Action</th><th>Outcome</th><th>Detail</th></tr></thead><tbody>"
            + rows.sorted { $0.0 > $1.0 }.prefix(50).map(\.1).joined() + "</tbody></table></section>"
    }
}
