/// Asks a host every probe once, concurrently, and collects the answers.
///
/// The discovery scanner, `powerhive probe` and the conformance suite all identify miners this
/// way, so a driver's `identify` sees the same answers everywhere.
public enum ProbeCollector {
    /// Sends each probe whose port is in `openPorts` (all when `nil`) and returns the answers.
    /// A failed probe is recorded as `.failed` with its reason; nothing throws.
    public static func collect(
        _ probes: [ProbeRequest], host: String, openPorts: Set<Int>? = nil, http: any HTTPTransport,
        cgminer: any CGMinerTransport
    ) async -> ProbeAnswers {
        var answers = ProbeAnswers(host: host, openPorts: openPorts ?? [])
        let wanted = probes.filter { openPorts?.contains($0.port) ?? true }
        await withTaskGroup(of: (ProbeRequest, ProbeAnswer).self) { group in
            for probe in wanted {
                group.addTask {
                    do {
                        switch probe {
                        case .http(let request): return (probe, .http(try await http.send(request)))
                        case .cgminer(let request): return (probe, .cgminer(try await cgminer.send(request)))
                        }
                    } catch {
                        return (probe, .failed("\(error)"))
                    }
                }
            }
            for await (probe, answer) in group {
                answers.answers[probe] = answer
                if case .failed = answer {} else { answers.openPorts.insert(probe.port) }
            }
        }
        return answers
    }
}
