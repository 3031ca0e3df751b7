import HiveProtocols
import Hummingbird
import NIOConcurrencyHelpers

/// `GET /healthz` (liveness, for Docker's HEALTHCHECK) and `GET /readyz` (readiness). Both are
/// public and reveal only loop names and ages.
///
/// `/healthz` is 200 when the process answers, the database accepts a small write and no
/// registered loop has gone three intervals without completing a cycle; otherwise 503 with the
/// failing checks. `/readyz` is 200 once the database can be read.
struct HealthRoutes {
    let web: WebContext
    /// When the last write probe succeeded: probes closer together than `probeSpacingMs` reuse
    /// it, so polling `/healthz` cannot turn into a stream of database writes.
    private let lastProbe = NIOLockedValueBox<UnixMillis?>(nil)
    private static let probeSpacingMs: Int64 = 5000

    init(web: WebContext) {
        self.web = web
    }

    func register(_ router: Router<WebRequestContext>) {
        router.get("/healthz") { _, _ in await healthz() }
        router.get("/readyz") { _, _ in await readyz() }
    }

    private func healthz() async -> Response {
        var healthy = true
        var database: JSONValue = ["status": "not_checked"]
        if let probe = web.database {
            let now = web.now()
            do {
                let recent = lastProbe.withLockedValue {
                    $0.map { now.rawValue - $0.rawValue < Self.probeSpacingMs } ?? false
                }
                if !recent {
                    try await probe.checkWritable(at: now)
                    lastProbe.withLockedValue { $0 = now }
                }
                database = ["status": "ok"]
            } catch {
                lastProbe.withLockedValue { $0 = nil }
                healthy = false
                database = ["status": "failing", "error": "the database does not accept writes"]
            }
        }
        var loops: [String: JSONValue] = [:]
        for loop in web.loops.statuses() {
            if loop.stale { healthy = false }
            loops[loop.name] = [
                "status": .string(loop.stale ? "stale" : (loop.lastTick == nil ? "starting" : "ok")),
                "last_cycle": .time(loop.lastTick),
                "interval_s": .number(Double(LoopHealth.milliseconds(loop.interval)) / 1000),
                "silent_s": .number(Double(loop.silentForMs) / 1000), "cycles": .int(loop.ticks),
            ]
        }
        let body: JSONValue = [
            "status": .string(healthy ? "ok" : "failing"), "database": database, "loops": .object(loops),
            "time": .time(web.now()),
        ]
        return JSONResponse.make(body, status: healthy ? .ok : .serviceUnavailable)
    }

    private func readyz() async -> Response {
        do {
            if let probe = web.database {
                try await probe.checkReadable()
            } else {
                _ = try await web.store.miner(MinerRecord.ID(0))
            }
            return JSONResponse.make(["status": "ready"])
        } catch {
            return JSONResponse.make(
                ["status": "not_ready", "reason": "database unavailable"], status: .serviceUnavailable)
        }
    }
}
