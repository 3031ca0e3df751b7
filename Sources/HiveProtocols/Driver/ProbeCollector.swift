/// Asks a host every probe once, concurrently, and collects the answers.
///
/// The discovery scanner, `powerhive probe` and the conformance suite all identify miners this
/// way, so a driver's `identify` sees the same answers everywhere.
public enum ProbeCollector {
    /// Sends each probe whose port is in `openPorts` (all when `nil`) and returns the answers.
    /// A failed probe is recorded as `.failed` with its reason; nothing throws.
    ///
    /// `followUps` sees the first round's answers and names extra probes for this host only
    /// (``DriverRegistry/followUpProbes(_:)``: e.g. CGMiner `stats` when `version` is too bare
    /// to tell firmwares apart). They are sent in a second round, only on ports that answered,
    /// and never twice.
    public static func collect(
        _ probes: [ProbeRequest], host: String, openPorts: Set<Int>? = nil, http: any HTTPTransport,
        cgminer: any CGMinerTransport, followUps: (@Sendable (ProbeAnswers) -> [ProbeRequest])? = nil
    ) async -> ProbeAnswers {
        var answers = ProbeAnswers(host: host, openPorts: openPorts ?? [])
        await ask(probes.filter { openPorts?.contains($0.port) ?? true }, into: &answers, http: http, cgminer: cgminer)
        if let followUps {
            let answered = answers.answers.compactMap { probe, answer -> Int? in
                if case .failed = answer { return nil }
                return probe.port
            }
            let more = followUps(answers).filter { answers.answers[$0] == nil && answered.contains($0.port) }
            await ask(more, into: &answers, http: http, cgminer: cgminer)
        }
        return answers
    }

    private static func ask(
        _ wanted: [ProbeRequest], into answers: inout ProbeAnswers, http: any HTTPTransport,
        cgminer: any CGMinerTransport
    ) async {
        guard !wanted.isEmpty else { return }
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
    }
}
