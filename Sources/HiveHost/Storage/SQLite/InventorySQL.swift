import GRDB

/// The inventory's identity rules, run inside one write job (one savepoint).
enum InventorySQL {
    /// Applies one discovery result; see ``FleetStore/upsert(discovered:)``.
    static func upsert(_ found: DiscoveredMiner, _ db: Database) throws -> UpsertOutcome {
        guard DiscoveredMiner.clean(found.ip) == found.ip else {
            throw StorageError(.invalidInput, "discovered miner has no usable address: \"\(found.ip)\"")
        }
        let mac = found.normalizedMAC
        let serial = found.normalizedSerial
        let hasIdentity = mac != nil || serial != nil
        let uid = MinerRecord.uid(mac: mac, serial: serial, ip: found.ip)
        let holder = try MinerRecord.fetch(db, where: "ip = ?", [found.ip])

        // Who is this? By MAC; else by serial (a miner whose MAC is unknown, or any miner if
        // this sighting has no MAC either); with no identity at all, whoever holds the address.
        var target = try mac.flatMap { try MinerRecord.fetch(db, where: "mac = ?", [$0]) }
        if target == nil, let serial {
            let condition = mac == nil ? "serial = ?" : "serial = ? AND mac IS NULL"
            target = try MinerRecord.fetch(db, where: condition, [serial])
        }
        if target == nil, !hasIdentity { target = holder }
        if target == nil { target = try MinerRecord.fetch(db, where: "uid = ?", [uid]) }

        // A provisional miner at this address was this machine seen without its identity:
        // merge it into the known miner, or let it take on the identity.
        var merged: MinerRecord.ID?
        if let holder, holder.isProvisional, holder.id != target?.id, hasIdentity {
            if let known = target {
                try mergeHistory(from: holder, into: known.id, db)
                merged = holder.id
            } else {
                target = holder
            }
        }

        // A different machine now answers at the address: the old holder loses it.
        var displaced: [MinerRecord.ID] = []
        if let holder, holder.id != target?.id, holder.id != merged {
            try db.execute(sql: "UPDATE miners SET ip = NULL, online = 0 WHERE id = ?", arguments: [holder.id.rawValue])
            displaced.append(holder.id)
        }

        let outcome: UpsertOutcome
        if let known = target {
            outcome = try update(known, with: found, mac: mac, serial: serial, uid: uid, db)
        } else {
            outcome = try insert(found, mac: mac, serial: serial, uid: uid, db)
        }
        try db.execute(
            sql: """
                INSERT INTO miner_addresses (miner_id, ip, first_seen_ms, last_seen_ms) VALUES (?, ?, ?, ?)
                ON CONFLICT (miner_id, ip) DO UPDATE SET
                    first_seen_ms = min(first_seen_ms, excluded.first_seen_ms),
                    last_seen_ms = max(last_seen_ms, excluded.last_seen_ms)
                """,
            arguments: [outcome.minerID.rawValue, found.ip, found.seenAt.rawValue, found.seenAt.rawValue])
        var result = outcome
        result.displaced = displaced
        result.merged = merged
        return result
    }

    private static func insert(
        _ found: DiscoveredMiner, mac: String?, serial: String?, uid: String, _ db: Database
    ) throws -> UpsertOutcome {
        let identity = found.identity
        let id = try Int64.fetchOne(
            db,
            sql: """
                INSERT INTO miners (uid, mac, serial, hostname, ip, driver, make, model, firmware, firmware_version,
                    first_seen_ms, last_seen_ms, online, consecutive_misses)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, 0)
                RETURNING id
                """,
            arguments: [
                uid, mac, serial, DiscoveredMiner.clean(identity.hostname), found.ip, found.driver.rawValue,
                DiscoveredMiner.clean(identity.make), DiscoveredMiner.clean(identity.model),
                DiscoveredMiner.clean(identity.firmware), DiscoveredMiner.clean(identity.firmwareVersion),
                found.seenAt.rawValue, found.seenAt.rawValue,
            ])
        guard let id else { throw StorageError(.internalInconsistency, "insert into miners returned no id") }
        return UpsertOutcome(minerID: MinerRecord.ID(id), uid: uid, kind: .new)
    }

    private static func update(
        _ known: MinerRecord, with found: DiscoveredMiner, mac: String?, serial: String?, uid: String,
        _ db: Database
    ) throws -> UpsertOutcome {
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
        try db.execute(
            sql: """
                UPDATE miners SET uid = ?, mac = coalesce(?, mac), serial = coalesce(?, serial),
                    hostname = coalesce(?, hostname), ip = ?, driver = ?, make = coalesce(?, make),
                    model = coalesce(?, model), firmware = coalesce(?, firmware),
                    firmware_version = coalesce(?, firmware_version), last_seen_ms = max(last_seen_ms, ?),
                    online = 1, consecutive_misses = 0
                WHERE id = ?
                """,
            arguments: [
                newUID, mac, serial, incoming[2].0, found.ip, found.driver.rawValue, incoming[3].0, incoming[4].0,
                incoming[5].0, incoming[6].0, found.seenAt.rawValue, known.id.rawValue,
            ])
        let kind: UpsertOutcome.Kind = known.ip != found.ip ? .moved : changed ? .updated : .unchanged
        return UpsertOutcome(
            minerID: known.id, uid: newUID, kind: kind, previousIP: kind == .moved ? known.ip : nil,
            cameOnline: !known.online)
    }

    /// Moves a provisional miner's history onto `target` and deletes it. Samples at a time
    /// `target` already has are dropped (the delete cascades to them).
    private static func mergeHistory(
        from provisional: MinerRecord, into target: MinerRecord.ID, _ db: Database
    )
        throws
    {
        let from = provisional.id.rawValue
        let to = target.rawValue
        for table in ["statuses", "chain_snapshots", "miner_addresses"] {
            // chain_chips follow chain_snapshots through ON UPDATE CASCADE.
            try db.execute(sql: "UPDATE OR IGNORE \(table) SET miner_id = ? WHERE miner_id = ?", arguments: [to, from])
        }
        try StatusBlocksSQL.move(from: from, to: to, db)
        try db.execute(
            sql: """
                UPDATE miners SET first_seen_ms = min(first_seen_ms, ?), credential_ref = coalesce(credential_ref, ?)
                WHERE id = ?
                """,
            arguments: [provisional.firstSeen.rawValue, provisional.credentialRef, to])
        try db.execute(sql: "DELETE FROM miners WHERE id = ?", arguments: [from])
    }

    /// Counts a miss for each miner; see ``FleetStore/recordMisses(_:at:offlineAfter:)``.
    static func recordMisses(_ ids: [MinerRecord.ID], offlineAfter: Int, _ db: Database) throws -> [MissOutcome] {
        let threshold = max(1, offlineAfter)
        return try ids.compactMap { id in
            let sql = "SELECT online, consecutive_misses FROM miners WHERE id = ?"
            guard let row = try Row.fetchOne(db.cachedStatement(sql: sql), arguments: [id.rawValue]) else {
                return nil
            }
            let wasOnline: Bool = try row.decode(forColumn: "online")
            let misses = (try row.decode(Int.self, forColumn: "consecutive_misses")) + 1
            let offline = misses >= threshold
            try db.cachedStatement(
                sql: """
                    UPDATE miners SET consecutive_misses = ?, online = CASE WHEN ? THEN 0 ELSE online END
                    WHERE id = ?
                    """
            ).execute(arguments: [misses, offline, id.rawValue])
            return MissOutcome(minerID: id, consecutiveMisses: misses, wentOffline: wasOnline && offline)
        }
    }

    /// Marks miners as answering; see ``FleetStore/recordSeen(_:at:)``.
    static func recordSeen(_ ids: [MinerRecord.ID], at time: UnixMillis, _ db: Database) throws {
        let miners = try db.cachedStatement(
            sql: """
                UPDATE miners SET consecutive_misses = 0, online = 1, last_seen_ms = max(last_seen_ms, ?)
                WHERE id = ?
                """)
        let addresses = try db.cachedStatement(
            sql: """
                UPDATE miner_addresses SET last_seen_ms = max(last_seen_ms, ?)
                WHERE miner_id = ? AND ip = (SELECT ip FROM miners WHERE id = ?)
                """)
        for id in ids {
            try miners.execute(arguments: [time.rawValue, id.rawValue])
            try addresses.execute(arguments: [time.rawValue, id.rawValue, id.rawValue])
        }
    }
}
