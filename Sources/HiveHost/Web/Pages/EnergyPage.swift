import HiveProtocols

/// The Energy page: plant readings and consumption over time, the balancer's state and
/// fail-safe, pending changes, the budget override (operators) and the audit log.
enum EnergyPage {
    struct Input {
        var available: Bool
        var latest: PlantReadingRecord?
        var readings: [PlantReadingRecord]
        var from: UnixMillis
        var to: UnixMillis
        var state: BalancerState?
        var userAudit: [ControlAuditEntry]
        var balancerAudit: [BalancerAuditEntry]
        var flash: String?
    }

    static func render(_ input: Input, web: WebContext, context: WebRequestContext) -> String {
        let now = web.now()
        var body = "<h1>Energy</h1>"
        if let flash = input.flash { body += "<p class=\"alert\">\(HTML.escape(flash))</p>" }
        guard input.available else {
            body +=
                "<section class=\"card\"><p class=\"muted\">Plant and balancer data are not available in this instance.</p></section>"
            return Pages.document(
                title: "Energy", active: "energy", web: web, principal: context.principal, csrf: Pages.csrf(context),
                body: body)
        }
        let sample = input.latest?.sample
        body += "<div class=\"cards\">"
        body += MinerPage.card(
            "Plant",
            [
                ("Last read", HTML.escape(HTML.age(input.latest?.receivedAt, now: now))),
                (
                    "Outcome",
                    HTML.text(input.latest?.outcome.rawValue)
                        + (input.latest?.reason.map { " – " + HTML.escape($0) } ?? "")
                ),
                ("Data age", input.latest?.dataTime.map { HTML.escape(HTML.age($0, now: now)) } ?? "–"),
                ("Generation", HTML.power(sample?.generation?.value)),
                ("Consumption", HTML.power(sample?.consumption?.value)),
                ("Exported", HTML.power(sample?.exported?.value)),
                (
                    "Trust",
                    HTML.text(sample?.trust.map { "\($0.status ?? "?") \(HTML.number($0.confidence, digits: 2))" })
                ),
                (
                    "Sources",
                    (sample?.generationSources ?? []).map {
                        "\(HTML.escape($0.name)) \(HTML.power($0.power?.value))\($0.isHealthy ? "" : " ⚠")"
                    }.joined(separator: ", ")
                ),
            ])
        body += balancerCard(input.state, now: now)
        body += "</div>"
        body += chart(input)
        if context.principal?.role.allows(.operator) == true {
            body += overrideForm(input.state, context: context, now: now)
        }
        body += pending(input.state)
        body += audit(input)
        return Pages.document(
            title: "Energy", active: "energy", web: web, principal: context.principal, csrf: Pages.csrf(context),
            body: body)
    }

    private static func balancerCard(_ state: BalancerState?, now: UnixMillis) -> String {
        guard let state else {
            return "<section class=\"card\"><h2>Balancer</h2><p class=\"muted\">No balancer state yet.</p></section>"
        }
        let status = state.lastStatus
        let phase = status?.phase.rawValue ?? "–"
        return MinerPage.card(
            "Balancer",
            [
                ("Mode", HTML.escape(state.mode.rawValue)),
                ("Phase", "<span class=\"phase \(HTML.escape(phase))\">\(HTML.escape(phase))</span>"),
                ("Reason", HTML.text(status?.reason)), ("Budget", HTML.power(status?.budget?.value)),
                ("Basis", HTML.text(status?.budgetBasis?.rawValue)),
                ("Counted draw", HTML.power(status?.projected.value)),
                ("Planned draw", HTML.power(status?.planned.value)),
                ("Reachable minimum", HTML.power(status?.minimum.value)),
                (
                    "Miners",
                    status.map {
                        "\($0.flexible) flexible, \($0.pending) pending, \($0.cooling) cooling, \($0.quarantined) quarantined"
                    } ?? "–"
                ),
                ("Fail-safe", state.failSafeSince.map { "since " + HTML.time($0) } ?? "no"),
                (
                    "Override",
                    state.override.map { o in
                        o.isActive(at: now)
                            ? "\(HTML.power(o.watts.value)) until \(HTML.time(o.expiresAt)) by \(HTML.escape(o.setBy))"
                            : "expired"
                    } ?? "none"
                ),
            ])
    }

    private static func chart(_ input: Input) -> String {
        func points(_ value: (PlantSample) -> Watts?) -> [(time: Int64, value: Double)] {
            input.readings.compactMap { r in
                guard let sample = r.sample, let watts = value(sample) else { return nil }
                return (r.receivedAt.rawValue, watts.value / 1000)
            }
        }
        return "<section class=\"card\"><h2>Plant, last 24 h</h2>"
            + SVGChart.render(
                title: "Power (kW)",
                series: [
                    .init(label: "generation", points: points(\.generation)),
                    .init(label: "consumption", points: points(\.consumption)),
                ],
                from: input.from.rawValue, to: input.to.rawValue, gapMs: 10 * 60_000,
                format: { HTML.number($0, digits: 0) })
            + "</section>"
    }

    private static func overrideForm(_ state: BalancerState?, context: WebRequestContext, now: UnixMillis) -> String {
        var html = """
            <section class="card controls"><h2>Budget override</h2>
            <form method="post" action="/energy/override" data-confirm="Override the power budget?">\(Pages.csrfField(context))\
            <label>Budget <input name="kw" type="number" min="0" step="0.1" required> kW</label>\
            <label>for <input name="minutes" type="number" min="1" max="10080" value="60" required> min</label>\
            <label>Reason <input name="reason" maxlength="200"></label><button type="submit">Override</button></form>
            """
        if state?.override?.isActive(at: now) == true {
            html += """
                <form method="post" action="/energy/override/clear" data-confirm="Clear the budget override?">\
                \(Pages.csrfField(context))<button type="submit">Clear override</button></form>
                """
        }
        return html + "</section>"
    }

    private static func pending(_ state: BalancerState?) -> String {
        let changes = state?.pendingChanges ?? []
        guard !changes.isEmpty else { return "" }
        return
            "<section class=\"card\"><h2>Pending changes</h2><table class=\"log\"><thead><tr><th>Miner</th><th>Change</th><th>Expected</th><th>Issued</th><th>Settles</th><th>Reason</th></tr></thead><tbody>"
            + changes.map { p in
                let a = p.action
                return
                    "<tr><td><a href=\"/miners/\(a.minerID.rawValue)\">\(HTML.escape(a.label))</a></td><td>\(HTML.escape(a.from.map(BalancerAction.describe) ?? "?")) → \(HTML.escape(BalancerAction.describe(a.to)))</td><td>\(HTML.power(a.expectedDelta.value))</td><td>\(HTML.time(p.issuedAt))</td><td>\(HTML.time(p.settlesAt))</td><td>\(HTML.escape(a.reason))</td></tr>"
            }.joined() + "</tbody></table></section>"
    }

    private static func audit(_ input: Input) -> String {
        var rows: [(UnixMillis, String)] = input.userAudit.map { e in
            let target = e.minerID.map { "<a href=\"/miners/\($0.rawValue)\">#\($0.rawValue)</a>" } ?? "–"
            let parameters = e.parameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(
                separator: " ")
            return (
                e.time,
                "<tr><td>\(HTML.time(e.time))</td><td>\(HTML.escape(e.actor))</td><td>\(target)</td><td>\(HTML.escape(e.action)) \(HTML.escape(parameters))</td><td>\(HTML.escape(e.outcome))</td><td>\(HTML.text(e.detail))</td></tr>"
            )
        }
        rows += input.balancerAudit.map { e in
            (
                e.time,
                "<tr><td>\(HTML.time(e.time))</td><td>\(HTML.escape(e.actor.description))</td><td><a href=\"/miners/\(e.minerID.rawValue)\">#\(e.minerID.rawValue)</a></td><td>\(HTML.escape(e.command.description)) (\(HTML.power(e.expectedDelta.value)))</td><td>\(HTML.escape(e.outcome.rawValue))</td><td>\(HTML.escape(e.reason))</td></tr>"
            )
        }
        guard !rows.isEmpty else {
            return
                "<section class=\"card\"><h2>Audit log</h2><p class=\"muted\">Nothing in the last 7 days.</p></section>"
        }
        return
            "<section class=\"card\"><h2>Audit log, last 7 days</h2><table class=\"log\"><thead><tr><th>Time</th><th>Who</th><th>Miner</th><th>Action</th><th>Outcome</th><th>Detail</th></tr></thead><tbody>"
            + rows.sorted { $0.0 > $1.0 }.prefix(200).map(\.1).joined() + "</tbody></table></section>"
    }
}
