import HiveProtocols
import Hummingbird
import Logging

/// Carries out a ``ControlAction`` for a principal and records it in the audit log, whatever
/// the result. Shared by the JSON API and the dashboard's forms.
struct ControlExecutor {
    let web: WebContext

    /// What happened; errors are thrown after the audit entry is written.
    struct Result {
        var outcome: CommandOutcome?
        var auditID: Int64?
    }

    func perform(
        _ action: ControlAction, on minerID: MinerRecord.ID, by principal: Principal, from ip: String?
    ) async throws -> Result {
        guard let miner = try await web.store.miner(minerID) else {
            throw APIError.notFound("miner \(minerID.rawValue)")
        }
        var entry = ControlAuditEntry(
            time: web.now(), actor: principal.actor, remoteIP: ip, minerID: minerID, action: action.name,
            parameters: action.parameters, outcome: "failed")
        do {
            let outcome = try await execute(action, miner: miner, actor: principal.actor)
            entry.outcome = outcome?.result.rawValue ?? "ok"
            entry.detail = outcome.flatMap { $0.detail ?? $0.readBack }
            let stored = try await web.audit.append(entry)
            web.metrics.recordControl(action: action.name, outcome: entry.outcome)
            web.logger.notice(
                "control action",
                metadata: [
                    "actor": "\(principal.actor)", "miner.id": "\(minerID.rawValue)",
                    "action": "\(action.name)", "outcome": "\(entry.outcome)",
                ])
            return Result(outcome: outcome, auditID: stored.id)
        } catch {
            let error =
                (error as? APIError)
                ?? APIError(.internalServerError, code: "internal", message: "the action failed inside PowerHive")
            entry.outcome = error.code
            entry.detail = error.message
            _ = try? await web.audit.append(entry)
            web.metrics.recordControl(action: action.name, outcome: error.code)
            throw error
        }
    }

    private func notify(_ command: MinerCommand, miner: MinerRecord, actor: String, outcome: CommandOutcome) async {
        guard let observer = web.observer, outcome.result != .rejected else { return }
        do {
            try await observer.controlActionPerformed(command, on: miner, actor: actor, outcome: outcome, at: web.now())
        } catch {
            web.logger.warning(
                "control action observer failed",
                metadata: ["miner.id": "\(miner.id.rawValue)", "error": "\(String(describing: type(of: error)))"])
        }
    }

    private func execute(_ action: ControlAction, miner: MinerRecord, actor: String) async throws -> CommandOutcome? {
        switch action {
        case .managed(let managed):
            try await web.store.setManaged(managed, for: miner.id)
            return nil
        case .command(let command):
            guard let controller = web.controller else { throw APIError.unavailable("miner control") }
            guard miner.ip != nil else {
                throw APIError(
                    .conflict, code: "no_address", message: "miner \(miner.id.rawValue) has no current address")
            }
            let outcome: CommandOutcome
            do {
                outcome = try await controller.perform(command, on: miner)
            } catch let error as DriverError {
                throw Self.apiError(error)
            }
            await notify(command, miner: miner, actor: actor, outcome: outcome)
            return outcome
        }
    }

    /// The API error for a driver error (its description carries no secrets).
    static func apiError(_ error: DriverError) -> APIError {
        let message = "\(error.kind): \(error.message)"
        switch error.kind {
        case .unsupported: return APIError(.unprocessableContent, code: "unsupported", message: message)
        case .rejected: return APIError(.conflict, code: "rejected", message: message)
        case .timedOut: return APIError(.gatewayTimeout, code: "miner_timeout", message: message)
        case .unreachable: return APIError(.badGateway, code: "miner_unreachable", message: message)
        case .authenticationFailed: return APIError(.badGateway, code: "miner_auth_failed", message: message)
        default: return APIError(.badGateway, code: "miner_error", message: message)
        }
    }

    static func json(_ outcome: CommandOutcome?) -> JSONValue {
        guard let outcome else { return ["result": "ok", "read_back": nil, "detail": nil, "settle_seconds": nil] }
        return [
            "result": .string(outcome.result.rawValue), "read_back": .text(outcome.readBack),
            "detail": .text(outcome.detail), "settle_seconds": .int(outcome.settleSeconds),
        ]
    }
}
