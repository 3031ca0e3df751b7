/// The dashboard's stylesheet, served at `/assets/app.css`. Heat colours are classes (`t0`…`t6`
/// temperature, `r0`…`r4` hash-rate ratio, `e0`…`e3` errors) used as SVG fills and legend
/// swatches, so no inline style is ever needed.
enum StyleSheet {
    static let palette: [(String, String)] = [
        ("t0", "#3b82f6"), ("t1", "#22c55e"), ("t2", "#84cc16"), ("t3", "#eab308"), ("t4", "#f59e0b"),
        ("t5", "#f97316"), ("t6", "#dc2626"), ("r0", "#22c55e"), ("r1", "#84cc16"), ("r2", "#eab308"),
        ("r3", "#f97316"), ("r4", "#dc2626"), ("e0", "#22c55e"), ("e1", "#eab308"), ("e2", "#f97316"),
        ("e3", "#dc2626"), ("na", "#cbd5e1"), ("off", "#475569"), ("sleep", "#a78bfa"),
    ]

    static let text: String =
        base
        + palette.map { name, colour in
            "svg rect.\(name){fill:\(colour)}.legend .\(name)::before{background:\(colour)}"
        }.joined(separator: "\n")

    private static let base = #"""
        *{box-sizing:border-box}
        body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#0f172a;background:#f1f5f9}
        header{display:flex;align-items:center;gap:1.5rem;padding:.6rem 1.2rem;background:#0f172a;color:#e2e8f0}
        header a{color:#e2e8f0;text-decoration:none}
        header .brand{font-weight:700;letter-spacing:.02em}
        header nav{display:flex;gap:1rem}
        header nav a.active{border-bottom:2px solid #facc15}
        header .site{color:#94a3b8}
        header .user{margin-left:auto;display:flex;gap:.8rem;align-items:center}
        main{padding:1rem 1.2rem;max-width:1600px;margin:0 auto}
        h1{font-size:1.4rem;margin:.2rem 0 1rem}
        h2{font-size:1.05rem;margin:0 0 .6rem;display:flex;gap:.8rem;align-items:center;flex-wrap:wrap}
        h3{font-size:.95rem;margin:0 0 .4rem}
        small,.muted{color:#64748b}
        a{color:#1d4ed8}
        .card{background:#fff;border:1px solid #e2e8f0;border-radius:8px;padding:.9rem 1rem;margin:0 0 1rem}
        .cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(320px,1fr));gap:1rem;margin:0 0 1rem}
        .cards>.card{margin:0}
        dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem .8rem;margin:0}
        dt{color:#64748b}dd{margin:0;overflow-wrap:anywhere}
        .totals{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:.6rem;margin-bottom:1rem}
        .tile{background:#fff;border:1px solid #e2e8f0;border-radius:8px;padding:.6rem .8rem;display:flex;flex-direction:column}
        .tile .label{color:#64748b;font-size:.8rem}.tile .value{font-size:1.25rem;font-weight:600}
        .tile.ok .value{color:#15803d}.tile.bad .value{color:#b91c1c}
        .filters{display:flex;gap:.5rem;flex-wrap:wrap;align-items:center;margin:0 0 .6rem}
        input,select,button{font:inherit;padding:.3rem .5rem;border:1px solid #cbd5e1;border-radius:6px;background:#fff}
        button{cursor:pointer;background:#1e293b;color:#fff;border-color:#1e293b}
        button.link{background:none;border:none;color:#e2e8f0;text-decoration:underline;padding:0}
        form.inline{display:inline}
        .toggle button{background:#fff;color:#0f172a;border-color:#cbd5e1;padding:.1rem .5rem;font-size:.8rem}
        .toggle button.on{background:#0f172a;color:#fff}
        .ranges a{margin-right:.4rem;font-size:.85rem;padding:.1rem .4rem;border-radius:4px;text-decoration:none}
        .ranges a.on{background:#0f172a;color:#fff}
        table{border-collapse:collapse;width:100%;background:#fff}
        th,td{padding:.35rem .5rem;border-bottom:1px solid #e2e8f0;text-align:left;white-space:nowrap}
        table.miners{font-size:.85rem}
        table.miners th{cursor:pointer;user-select:none;position:sticky;top:0;background:#f8fafc}
        th.asc::after{content:" ▲"}th.desc::after{content:" ▼"}
        tr.c-offline{color:#94a3b8}
        td[data-v]{text-align:right}
        .state{padding:.05rem .45rem;border-radius:999px;font-size:.78rem;background:#e2e8f0}
        .state.online{background:#dcfce7;color:#166534}.state.offline{background:#e2e8f0;color:#475569}
        .state.sleeping{background:#ede9fe;color:#5b21b6}.state.failing{background:#fee2e2;color:#991b1b}
        .est{color:#b45309}
        svg.heat{width:100%;max-width:900px;display:block}
        svg.chips{width:100%;max-width:400px;display:block;margin-top:.5rem}
        svg[hidden]{display:none}
        .legend{display:flex;flex-wrap:wrap;gap:.8rem;font-size:.8rem;color:#475569}
        .legend span::before{content:"";display:inline-block;width:.8rem;height:.8rem;border-radius:2px;margin-right:.3rem;vertical-align:-2px}
        figure.chart{margin:.4rem 0 1rem}
        figure.chart svg{width:100%;max-width:900px;height:auto;display:block}
        figcaption{font-size:.85rem;color:#475569}
        .key::before{content:"";display:inline-block;width:.9rem;height:3px;margin:0 .25rem 3px .6rem}
        .key.s0::before{background:#2563eb}.key.s1::before{background:#f97316}.key.s2::before{background:#16a34a}.key.s3::before{background:#9333ea}
        path.line{fill:none;stroke-width:1.6}
        path.s0{stroke:#2563eb}path.s1{stroke:#f97316}path.s2{stroke:#16a34a}path.s3{stroke:#9333ea}
        line.grid{stroke:#e2e8f0}text.axis{font-size:11px;fill:#64748b}
        .controls .buttons{display:flex;flex-wrap:wrap;gap:.5rem;margin-bottom:.6rem}
        .controls form{display:flex;gap:.4rem;align-items:center}
        .alert{background:#fef9c3;border:1px solid #facc15;padding:.5rem .8rem;border-radius:6px}
        .login{max-width:360px;margin:3rem auto}
        .login form{display:flex;flex-direction:column;gap:.7rem}
        .login label{display:flex;flex-direction:column;gap:.2rem}
        .phase.fail_safe,.phase.infeasible{color:#b91c1c;font-weight:600}
        table.log{font-size:.85rem}table.log td{white-space:normal}

        """#
}
