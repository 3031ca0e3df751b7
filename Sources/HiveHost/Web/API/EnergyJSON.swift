import HiveProtocols

// JSON shapes of plant readings and the balancer. The plant reply's raw body is never
// included (it is kept for inspection in the store, not served).

extension APIJSON {
    static func plantReading(_ r: PlantReadingRecord) -> JSONValue {
        [
            "received_at": .time(r.receivedAt), "outcome": .string(r.outcome.rawValue), "reason": .text(r.reason),
            "http_status": .int(r.httpStatus), "data_time": .time(r.dataTime),
            "sample": r.sample.map(plantSample) ?? .null,
        ]
    }

    static func plantSample(_ s: PlantSample) -> JSONValue {
        func sources(_ list: [PlantSample.Source]) -> JSONValue {
            .array(
                list.map {
                    [
                        "name": .string($0.name), "power_w": .quantity($0.power), "status": .text($0.status),
                        "healthy": .bool($0.isHealthy),
                    ]
                })
        }
        return [
            "shape": .string(s.shape.rawValue), "reading_id": .int(s.readingID), "plant_id": .text(s.plantID),
            "collected_at": .time(s.collectedAt), "generation_w": .quantity(s.generation),
            "consumption_w": .quantity(s.consumption), "exported_w": .quantity(s.exported),
            "available_w": .quantity(s.available), "generation_sources": sources(s.generationSources),
            "consumption_sources": sources(s.consumptionSources),
            "trust": s.trust.map {
                ["confidence": .number($0.confidence), "status": .text($0.status), "summary": .text($0.summary)]
            }
                ?? .null,
            "notes": .array(s.notes.map(JSONValue.string)),
        ]
    }

    static func balancer(_ state: BalancerState, now: UnixMillis) -> JSONValue {
        [
            "mode": .string(state.mode.rawValue),
            "override": state.override.map { o in
                [
                    "watts": .number(o.watts.value), "expires_at": .time(o.expiresAt), "set_by": .string(o.setBy),
                    "reason": .text(o.reason), "active": .bool(o.isActive(at: now)),
                ]
            } ?? .null,
            "fail_safe_since": .time(state.failSafeSince), "started_at": .time(state.startedAt),
            "status": state.lastStatus.map(balancerStatus) ?? .null,
            "pending": .array(state.pendingChanges.map(pendingChange)),
        ]
    }

    static func balancerStatus(_ s: BalancerStatus) -> JSONValue {
        [
            "phase": .string(s.phase.rawValue), "reason": .string(s.reason), "budget_w": .quantity(s.budget),
            "budget_basis": .text(s.budgetBasis?.rawValue), "data_age_s": .number(s.dataAgeSeconds),
            "projected_w": .number(s.projected.value), "planned_w": .number(s.planned.value),
            "minimum_w": .number(s.minimum.value), "flexible": .int(s.flexible), "pending": .int(s.pending),
            "cooling": .int(s.cooling), "quarantined": .int(s.quarantined), "unknown_draw": .int(s.unknownDraw),
            "fail_safe_since": .time(s.failSafeSince),
        ]
    }

    static func pendingChange(_ p: PendingChange) -> JSONValue {
        let a = p.action
        return [
            "id": .string(a.id.description), "miner_id": .number(Double(a.minerID.rawValue)), "label": .string(a.label),
            "command": .string(a.command.description), "from": .text(a.from.map(BalancerAction.describe)),
            "to": .string(BalancerAction.describe(a.to)), "from_w": .number(a.fromWatts.value),
            "expected_w": .number(a.expectedWatts.value), "direction": .string(a.direction.rawValue),
            "reason": .string(a.reason), "issued_at": .time(p.issuedAt), "settles_at": .time(p.settlesAt),
            "acknowledged": .bool(p.acknowledged),
        ]
    }

    static func balancerAudit(_ e: BalancerAuditEntry) -> JSONValue {
        [
            "id": .string(e.id.description), "source": "balancer", "time": .time(e.time),
            "actor": .string(e.actor.description), "miner_id": .number(Double(e.minerID.rawValue)),
            "action": .string(e.command.description), "from": .text(e.from.map(BalancerAction.describe)),
            "to": .string(BalancerAction.describe(e.to)), "reason": .string(e.reason),
            "expected_delta_w": .number(e.expectedDelta.value), "observed_delta_w": .quantity(e.observedDelta),
            "outcome": .string(e.outcome.rawValue), "detail": .text(e.detail), "updated_at": .time(e.updatedAt),
        ]
    }
}
