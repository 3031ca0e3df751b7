import HiveProtocols
import Logging
import PostgresNIO

/// The inventory's identity rules on PostgreSQL, run in one transaction that holds the
/// inventory advisory lock (the same rules as the SQLite store's; see
/// ``FleetStore/upsert(discovered:)``).
struct PostgresInventory {
    let connection: PostgresConnection
    let logger: Logger

    /// Advisory lock key serialising inventory writes across connections and instances.
    static let lock: Int64 = 0x5048_494E_56  // "PHINV"

    func lockInventory() async throws {
        try await connection.execute(
            PostgresStatement("SELECT pg_advisory_xact_lock($1)", [.int(Self.lock)]), logger: logger)
    }

    func miner(where condition: String, _ value: PostgresValue) async throws -> MinerRecord? {
        try await connection.rows(
            PostgresStatement("SELECT \(MinerRecord.columns) FROM miners WHERE \(condition) LIMIT 1", [value]),
            logger: logger, MinerRecord.init(postgres:)
        ).first
    }

    /// Applies one discovery result.
    func upsert(_ found: DiscoveredMiner) async throws -> UpsertOutcome {
        guard DiscoveredMiner.clean(found.ip) == found.ip else {
            throw StorageError(.invalidInput, "discovered miner has no usable address: \"\(found.ip)\"")
        }
        let mac = found.normalizedMAC
        let serial = found.normalizedSerial
        let hasIdentity = mac != nil || serial != nil
        let uid = MinerRecord.uid(mac: mac, serial: serial, ip: found.ip)
        let holder = try await miner(where: "ip = $1", .text(found.ip))

        var target: MinerRecord?
        if let mac { target = try await miner(where: "mac = $1", .text(mac)) }
        if target == nil, let serial {
            target = try await miner(where: mac == nil ? "serial = $1" : "serial = $1 AND mac IS NULL", .text(serial))
        }
        if target == nil, !hasIdentity { target = holder }
        if target == nil { target = try await miner(where: "uid = $1", .text(uid)) }

        var merged: MinerRecord.ID?
        if let holder, holder.isProvisional, holder.id != target?.id, hasIdentity {
            if let known = target {
                try await mergeHistory(from: holder, into: known.id)
                merged = holder.id
            } else {
                target = holder
            }
        }

        var displaced: [MinerRecord.ID] = []
        if let holder, holder.id != target?.id, holder.id != merged {
            try await connection.execute(
                PostgresStatement(
                    "UPDATE miners SET ip = NULL, online = false WHERE id = $1", [.int(holder.id.rawValue)]),
                logger: logger)
            displaced.append(holder.id)
        }

        var outcome: UpsertOutcome
        if let known = target {
            outcome = try await update(known, with: found, mac: mac, serial: serial, uid: uid)
        } else {
            outcome = try await insert(found, mac: mac, serial: serial, uid: uid)
        }
        try await connection.execute(
            PostgresStatement(
                """
                INSERT INTO miner_addresses (miner_id, ip, first_seen_ms, last_seen_ms) VALUES ($1, $2, $3, $3)
                ON CONFLICT (miner_id, ip) DO UPDATE SET
                    first_seen_ms = least(miner_addresses.first_seen_ms, excluded.first_seen_ms),
                    last_seen_ms = greatest(miner_addresses.last_seen_ms, excluded.last_seen_ms)
                """,
                [.int(outcome.minerID.rawValue), .text(found.ip), .int(found.seenAt.rawValue)]),
            logger: logger)
        outcome.displaced = displaced
        outcome.merged = merged
        return outcome
    }

    private func insert(
        _ found: DiscoveredMiner, mac: String?, serial: String?, uid: String
    ) async throws -> UpsertOutcome {
        let identity = found.identity
        let ids = try await connection.rows(
            PostgresStatement(
                """
                INSERT INTO miners (uid, mac, serial, hostname, ip, driver, make, model, firmware, firmware_version,
                    first_seen_ms, last_seen_ms, online, consecutive_misses)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, true, 0)
                RETURNING id
                """,
                [
                    .text(uid), .text(mac), .text(serial), .text(DiscoveredMiner.clean(identity.hostname)),
                    .text(found.ip), .text(found.driver.rawValue), .text(DiscoveredMiner.clean(identity.make)),
                    .text(DiscoveredMiner.clean(identity.model)), .text(DiscoveredMiner.clean(identity.firmware)),
                    .text(DiscoveredMiner.clean(identity.firmwareVersion)), .int(found.seenAt.rawValue),
                ]),
            logger: logger
        ) { try $0.int64("id") }
        guard let id = ids.first else {
            throw StorageError(.internalInconsistency, "insert into miners returned no id")
        }
        return UpsertOutcome(minerID: MinerRecord.ID(id), uid: uid, kind: .new)
    }

    private func update(
        _ known: MinerRecord, with found: DiscoveredMiner, mac: String?, serial: String?, uid: String
    ) async throws -> UpsertOutcome {
        let identity = found.identity
        let newUID = known.isProvisional && (mac != nil || serial != nil) ? uid : known.uid
        let incoming: [(String?, String?)] = [
            (mac, known.mac), (serial, known.serial), (DiscoveredMiner.clean(identity.hostname), known.hostname),
            (DiscoveredMiner.clean(identity.make), known.make), (DiscoveredMiner.clean(identity.model), known.model),
            (DiscoveredMiner.clean(identity.firmware), known.firmware),
            (DiscoveredMiner.clean(identity.firmwareVersion), known.firmwareVersion),
        ]
        let detailsChanged = incoming.contains { new, old in new != nil && new != old }
        let changed = detailsChanged || newUID != known.uid || found.driver != known.driver
        try await connection.execute(
            PostgresStatement(
                """
                UPDATE miners SET uid = $1, mac = coalesce($2, mac), serial = coalesce($3, serial),
                    hostname = coalesce($4, hostname), ip = $5, driver = $6, make = coalesce($7, make),
                    model = coalesce($8, model), firmware = coalesce($9, firmware),
                    firmware_version = coalesce($10, firmware_version), last_seen_ms = greatest(last_seen_ms, $11),
                    online = true, consecutive_misses = 0
                WHERE id = $12
                """,
                [
                    .text(newUID), .text(mac), .text(serial), .text(incoming[2].0), .text(found.ip),
                    .text(found.driver.rawValue), .text(incoming[3].0), .text(incoming[4].0), .text(incoming[5].0),
                    .text(incoming[6].0), .int(found.seenAt.rawValue), .int(known.id.rawValue),
                ]),
            logger: logger)
        let kind: UpsertOutcome.Kind = known.ip != found.ip ? .moved : changed ? .updated : .unchanged
        return UpsertOutcome(
            minerID: known.id, uid: newUID, kind: kind, previousIP: kind == .moved ? known.ip : nil,
            cameOnline: !known.online)
    }

    /// Moves a provisional miner's history onto `target` and deletes it; samples at a time
    /// `target` already has are dropped.
    private func mergeHistory(from provisional: MinerRecord, into target: MinerRecord.ID) async throws {
        let from = PostgresValue.int(provisional.id.rawValue)
        let to = PostgresValue.int(target.rawValue)
        // (table, key, table whose rows at that key win): a board's chips follow the board, so
        // they are dropped where the target already has that board, with or without chips.
        for (table, key, owner) in [
            ("statuses", "ts_ms", "statuses"), ("chain_chips", "ts_ms, board", "chain_snapshots"),
            ("chain_snapshots", "ts_ms, board", "chain_snapshots"), ("miner_addresses", "ip", "miner_addresses"),
        ] {
            // PostgreSQL has no UPDATE OR IGNORE: drop the clashing rows first.
            try await connection.execute(
                PostgresStatement(
                    """
                    DELETE FROM \(table) WHERE miner_id = $1
                        AND (\(key)) IN (SELECT \(key) FROM \(owner) WHERE miner_id = $2)
                    """,
                    [from, to]),
                logger: logger)
            try await connection.execute(
                PostgresStatement("UPDATE \(table) SET miner_id = $1 WHERE miner_id = $2", [to, from]), logger: logger)
        }
        try await connection.execute(
            PostgresStatement(
                """
                UPDATE miners SET first_seen_ms = least(first_seen_ms, $1),
                    credential_ref = coalesce(credential_ref, $2)
                WHERE id = $3
                """,
                [.int(provisional.firstSeen.rawValue), .text(provisional.credentialRef), to]),
            logger: logger)
        try await connection.execute(PostgresStatement("DELETE FROM miners WHERE id = $1", [from]), logger: logger)
    }
}
