extension MinerRequestGate {
    /// What one permit covers: the whole miner, or one port of it.
    ///
    /// Every miner in the inventory is asked through ``miner`` permits: one request in flight
    /// per miner, shared by discovery's re-checks, the pollers and control, because many
    /// miners serve one API client at a time. A host that discovery has only just found is no
    /// miner of the fleet yet (nothing else talks to it), so its identification probes may go
    /// through ``port`` permits: one request in flight per port, the ports in parallel. On real
    /// firmware the web server (80) and the CGMiner API (4028) are separate processes, so this
    /// never puts two requests on one daemon, and a single-threaded API still sees one
    /// client at a time.
    public enum Scope: Sendable, Hashable {
        /// One request in flight per miner, whatever the port.
        case miner
        /// One request in flight per port of the miner.
        case port

        /// The gate's key for a request to `host`:`port`.
        func key(host: String, port: Int) -> String {
            switch self {
            case .miner: host
            case .port: "\(host) port \(port)"
            }
        }
    }
}
