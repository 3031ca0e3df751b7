/// Asks a host every probe once, concurrently, and collects the answers.
///
/// The discovery scanner, `powerhive probe` and the conformance suite all identify miners this
/// way, so a driver's `identify` sees the same answers everywhere.
///
/// ## One port, one protocol
/// A port speaks either HTTP or the CGMiner API, and most miners serve the CGMiner API on
/// 4028, while some firmwares (ePIC) serve HTTP there. HTTP probes on a port that CGMiner
/// probes also use are therefore sent **second**, and only when none of those CGMiner probes
/// got a reply: a CGMiner miner is never sent an HTTP request on its API port (which it could
/// mistake for a command or answer slowly), and an HTTP firmware on that port is still asked
/// its own question once the CGMiner probes have failed. Probes not sent are absent from the
/// answers.
///
/// ## Follow-ups
/// `followUps` sees the answers so far and names extra probes for this host only
/// (``DriverRegistry/followUpProbes(_:)``: e.g. CGMiner `stats` when `version` is too bare to
/// tell firmwares apart). They are sent last, only on ports that answered, and never twice.
public enum ProbeCollector {
    /// Sends each probe whose port is in `openPorts` (all when `nil`) and returns the answers.
    /// A failed probe is recorded as `.failed` with its reason; nothing throws.
    public static func collect(
        _ probes: [ProbeRequest], host: String, openPorts: Set<Int>? = nil, http: any HTTPTransport,
        cgminer: any CGMinerTransport, followUps: (@Sendable (ProbeAnswers) -> [ProbeRequest])? = nil
    ) async -> ProbeAnswers {
        var answers = ProbeAnswers(host: host, openPorts: openPorts ?? [])
        let wanted = probes.filter { openPorts?.contains($0.port) ?? true }
        let cgminerPorts = Set(wanted.filter(\.isCGMiner).map(\.port))
        let deferred = wanted.filter { !$0.isCGMiner && cgminerPorts.contains($0.port) }
        await ask(wanted.filter { !deferred.contains($0) }, into: &answers, http: http, cgminer: cgminer)
        let speaksCGMiner = Set(
            answers.answers.compactMap { probe, answer -> Int? in
                guard probe.isCGMiner, case .cgminer = answer else { return nil }
                return probe.port
            })
        await ask(deferred.filter { !speaksCGMiner.contains($0.port) }, into: &answers, http: http, cgminer: cgminer)
        if let followUps {
            let answered = Set(
                answers.answers.compactMap { probe, answer -> Int? in
                    if case .failed = answer { return nil }
                    return probe.port
                })
            let more = followUps(answers).filter { answers.answers[$0] == nil && answered.contains($0.port) }
            await ask(more, into: &answers, http: http, cgminer: cgminer)
        }
        return answers
    }

    /// Sends `probes` at once and records their answers (and the ports that answered).
    private static func ask(
        _ probes: [ProbeRequest], into answers: inout ProbeAnswers, http: any HTTPTransport,
        cgminer: any CGMinerTransport
    ) async {
        guard !probes.isEmpty else { return }
        await withTaskGroup(of: (ProbeRequest, ProbeAnswer).self) { group in
            for probe in probes {
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

extension ProbeRequest {
    /// Whether this is a CGMiner API probe.
    fileprivate var isCGMiner: Bool {
        if case .cgminer = self { return true }
        return false
    }
}
