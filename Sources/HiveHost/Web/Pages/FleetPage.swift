/// The Fleet page: totals (live through `/events`), the heat grid, and the sortable, filterable,
/// searchable miners table (the bundled script sorts and filters in place; without it the
/// table is still complete).
enum FleetPage {
    static func render(rows: [FleetRow], energy: EnergyFigures?, web: WebContext, context: WebRequestContext) -> String
    {
        let summary = FleetSummary(rows: rows)
        let now = web.now()
        var body = "<section class=\"totals\" data-live=\"summary\">"
        body += tile("Miners", "\(summary.miners)", field: "miners")
        body += tile("Online", "\(summary.online)", field: "online", tone: "ok")
        body += tile("Offline", "\(summary.offline)", field: "offline", tone: summary.offline > 0 ? "bad" : nil)
        body += tile("Sleeping", "\(summary.sleeping)", field: "sleeping")
        body += tile("Failing", "\(summary.failing)", field: "failing", tone: summary.failing > 0 ? "bad" : nil)
        body += tile("Hash rate", HTML.hashrate(summary.hashrate.value), field: "hashrate_hs", format: "hashrate")
        body += tile("Power", HTML.power(summary.power.value), field: "power_w", format: "power")
        body += tile(
            "Measured / est.",
            "\(HTML.power(summary.powerMeasured.value)) / \(HTML.power(summary.powerEstimated.value))",
            field: nil)
        body += tile(
            "Efficiency", summary.efficiency.map { "\(HTML.number($0)) J/TH" } ?? "–", field: "efficiency_j_per_th",
            format: "jth")
        if let energy {
            body += tile("Budget", HTML.power(energy.budget?.value), field: "budget_w", format: "power")
            body += tile("Consumption", HTML.power(energy.consumption?.value), field: "consumption_w", format: "power")
        }
        body += "</section>"
        body += """
            <section class="card"><h2>Heat grid <span class="toggle" data-toggle="heat">\
            <button type="button" data-mode="temp" class="on">Temperature</button>\
            <button type="button" data-mode="ratio">Hash-rate ratio</button></span></h2>
            \(HeatGrid.fleet(rows, mode: "temp", hidden: false))\(HeatGrid.fleet(rows, mode: "ratio", hidden: true))
            <p class="legend"><span class="t0">&lt;50 °C</span><span class="t2">60–70</span><span class="t4">75–80</span>\
            <span class="t6">≥85</span><span class="r0">ratio ≥97 %</span><span class="r3">&lt;80 %</span>\
            <span class="sleep">asleep</span><span class="off">offline</span></p></section>
            """
        body += filters(rows)
        body += table(rows, now: now)
        return Pages.document(
            title: "Fleet", active: "fleet", web: web, principal: context.principal, csrf: Pages.csrf(context),
            body: body)
    }

    private static func tile(
        _ label: String, _ value: String, field: String?, tone: String? = nil, format: String? = nil
    )
        -> String
    {
        let data = field.map { " data-field=\"\($0)\"" } ?? ""
        let fmt = format.map { " data-format=\"\($0)\"" } ?? ""
        return
            "<div class=\"tile\(tone.map { " " + $0 } ?? "")\"><span class=\"label\">\(label)</span><span class=\"value\"\(data)\(fmt)>\(value)</span></div>"
    }

    private static func filters(_ rows: [FleetRow]) -> String {
        func options(_ values: [String]) -> String {
            Set(values).sorted().map { "<option value=\"\(HTML.escape($0.lowercased()))\">\(HTML.escape($0))</option>" }
                .joined()
        }
        return """
            <section class="filters" data-filters="miners">
            <input type="search" data-filter="search" placeholder="Search IP, MAC, model, hostname…" aria-label="search">
            <select data-filter="condition" aria-label="condition"><option value="">Any condition</option>\
            \(options(FleetRow.Condition.allCases.map(\.rawValue)))</select>
            <select data-filter="driver" aria-label="driver"><option value="">Any driver</option>\
            \(options(rows.map(\.miner.driver.rawValue)))</select>
            <select data-filter="model" aria-label="model"><option value="">Any model</option>\
            \(options(rows.compactMap(\.miner.model)))</select>
            <span class="count" data-count="miners">\(rows.count) miners</span></section>
            """
    }

    private static func table(_ rows: [FleetRow], now: UnixMillis) -> String {
        let headers: [(String, String)] = [
            ("IP", "ip"), ("MAC", "text"), ("Model", "text"), ("Firmware", "text"), ("Driver", "text"),
            ("State", "text"), ("Hash rate", "num"), ("Power", "num"), ("Target", "num"), ("Board °C", "num"),
            ("Chip °C", "num"), ("Fans rpm", "num"), ("Last seen", "num"),
        ]
        var html = "<table class=\"miners\" id=\"miners\"><thead><tr>"
        for (index, header) in headers.enumerated() {
            html += "<th data-col=\"\(index)\" data-type=\"\(header.1)\" tabindex=\"0\">\(header.0)</th>"
        }
        html += "</tr></thead><tbody>"
        for row in rows { html += tableRow(row, now: now) }
        return html + "</tbody></table>"
    }

    private static func tableRow(_ row: FleetRow, now: UnixMillis) -> String {
        let m = row.miner
        let s = row.status
        let search = [m.ip, m.mac, m.hostname, m.model, m.make, m.serial, m.uid, m.firmware, m.driver.rawValue]
            .compactMap { $0?.lowercased() }.joined(separator: " ")
        let model = [m.make, m.model].compactMap { $0 }.joined(separator: " ")
        let firmware = [m.firmware, m.firmwareVersion].compactMap { $0 }.joined(separator: " ")
        let hashrate = s?.hashrateRealtime?.value
        let ratio = HeatGrid.ratio(row).map { " <small>(\(HTML.number($0 * 100, digits: 0)) %)</small>" } ?? ""
        let estimated = s?.power != nil && s?.powerMeasured != true ? " <small class=\"est\">est.</small>" : ""
        let fans =
            s?.fanMin.map { "\(HTML.number($0.value, digits: 0))–\(HTML.number(s?.fanMax?.value, digits: 0))" } ?? "–"
        func cell(_ text: String, _ value: Double? = nil) -> String {
            "<td\(value.map { " data-v=\"\($0)\"" } ?? "")>\(text)</td>"
        }
        var html = "<tr class=\"c-\(row.condition.rawValue)\" data-condition=\"\(row.condition.rawValue)\" "
        html +=
            "data-driver=\"\(HTML.escape(m.driver.rawValue.lowercased()))\" data-model=\"\(HTML.escape((m.model ?? "").lowercased()))\" "
        html += "data-search=\"\(HTML.escape(search))\">"
        html +=
            "<td data-v=\"\(m.ip.map(MinerQuery.ipKey) ?? 0)\"><a href=\"/miners/\(m.id.rawValue)\">\(HTML.text(m.ip ?? m.uid))</a></td>"
        html += cell(HTML.text(m.mac)) + cell(HTML.text(model.isEmpty ? nil : model))
        html += cell(HTML.text(firmware.isEmpty ? nil : firmware)) + cell(HTML.escape(m.driver.rawValue))
        html += cell(
            "<span class=\"state \(row.condition.rawValue)\">\(HTML.escape(m.online ? (s?.state.rawValue ?? "unknown") : "offline"))</span>"
        )
        html += cell(HTML.hashrate(hashrate) + ratio, hashrate)
        html += cell(HTML.power(s?.power?.value) + estimated, s?.power?.value)
        html += cell(HTML.power(s?.powerTarget?.value), s?.powerTarget?.value)
        html += cell(HTML.number(s?.boardTempMax?.value), s?.boardTempMax?.value)
        html += cell(HTML.number(s?.chipTempMax?.value), s?.chipTempMax?.value)
        html += cell(fans, s?.fanMin?.value)
        html += cell(HTML.escape(HTML.age(m.lastSeen, now: now)), Double(m.lastSeen.rawValue))
        return html + "</tr>"
    }
}
