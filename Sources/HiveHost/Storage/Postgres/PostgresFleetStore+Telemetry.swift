import HiveProtocols
import PostgresNIO

extension PostgresFleetStore {
    /// Appends board snapshots and their chips (packed one row per board) in one transaction: a
    /// board already stored at the same (miner, time, board) is deleted first, chips included,
    /// then everything is inserted with multi-row `INSERT`s.
    public func append(telemetry: [TelemetrySample]) async throws {
        guard !telemetry.isEmpty else { return }
        var boards: [BoardKey: (MinerRecord.ID, UnixMillis, BoardSnapshot)] = [:]
        var order: [BoardKey] = []
        for sample in telemetry {
            for snapshot in sample.boards {
                let key = BoardKey(miner: sample.minerID.rawValue, time: sample.time.rawValue, board: snapshot.index)
                if boards[key] == nil { order.append(key) }
                boards[key] = (sample.minerID, sample.time, snapshot)
            }
        }
        guard !order.isEmpty else { return }
        let times = order.map(\.time)
        try await withPartitions(.chainSnapshots, .chainChips, times: times) {
            try await transaction("append telemetry") { connection in
                for chunk in order.chunked(1_000) {
                    let keys: [PostgresValue] = [
                        .ints(chunk.map(\.miner)), .ints(chunk.map(\.time)), .ints(chunk.map { Int64($0.board) }),
                    ]
                    for table in ["chain_chips", "chain_snapshots"] {
                        try await connection.execute(
                            PostgresStatement(
                                """
                                DELETE FROM \(table) WHERE (miner_id, ts_ms, board) IN (
                                    SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[]))
                                """,
                                keys),
                            logger: logger)
                    }
                    var snapshots = PostgresStatement("INSERT INTO chain_snapshots (\(BoardSnapshot.columns)) VALUES ")
                    snapshots.values(
                        chunk.compactMap { boards[$0] }.map { miner, time, snapshot in
                            snapshot.postgresValues(minerID: miner, time: time)
                        })
                    try await connection.execute(snapshots, logger: logger)
                    let chips: [[PostgresValue]] = chunk.compactMap { key in
                        guard let (_, _, snapshot) = boards[key], let packed = PackedChips(snapshot.chips) else {
                            return nil
                        }
                        return [
                            .int(key.miner), .int(key.time), .int(key.board), .int(packed.chipCount),
                            .bytes(packed.hashrate), .bytes(packed.temperature), .bytes(packed.frequency),
                            .bytes(packed.voltage), .bytes(packed.errors),
                        ]
                    }
                    guard !chips.isEmpty else { continue }
                    var statement = PostgresStatement(
                        "INSERT INTO chain_chips (miner_id, ts_ms, board, chip_count, hashrate, temp, freq, volt, errors) VALUES "
                    )
                    statement.values(chips)
                    try await connection.execute(statement, logger: logger)
                }
            }
        }
    }

    /// The miner's newest telemetry, chips included.
    public func latestTelemetry(of miner: MinerRecord.ID) async throws -> TelemetrySample? {
        let newest =
            try await rows(
                PostgresStatement(
                    "SELECT max(ts_ms) AS t FROM chain_snapshots WHERE miner_id = $1", [.int(miner.rawValue)])
            ) { try $0.optionalInt64("t") }.first ?? nil
        guard let newest else { return nil }
        return try await telemetry(of: miner, from: newest, to: newest + 1, includeChips: true).first
    }

    /// The miner's telemetry in `from..<to`, oldest first.
    public func telemetryHistory(
        of miner: MinerRecord.ID, from: UnixMillis, to: UnixMillis, includeChips: Bool
    )
        async throws -> [TelemetrySample]
    {
        try await telemetry(of: miner, from: from.rawValue, to: to.rawValue, includeChips: includeChips)
    }

    private func telemetry(
        of miner: MinerRecord.ID, from: Int64, to: Int64, includeChips: Bool
    ) async throws -> [TelemetrySample] {
        let range: [PostgresValue] = [.int(miner.rawValue), .int(from), .int(to)]
        var chipsByKey: [BoardKey: [ChipReading]] = [:]
        if includeChips {
            let chipRows = try await rows(
                PostgresStatement(
                    """
                    SELECT ts_ms, board, chip_count, hashrate, temp, freq, volt, errors FROM chain_chips
                    WHERE miner_id = $1 AND ts_ms >= $2 AND ts_ms < $3
                    """,
                    range)
            ) { row in
                (
                    BoardKey(miner: miner.rawValue, time: try row.int64("ts_ms"), board: try row.int("board")),
                    try PackedChips(postgres: row).readings
                )
            }
            for (key, chips) in chipRows { chipsByKey[key] = chips }
        }
        let snapshots = try await rows(
            PostgresStatement(
                """
                SELECT \(BoardSnapshot.columns) FROM chain_snapshots
                WHERE miner_id = $1 AND ts_ms >= $2 AND ts_ms < $3 ORDER BY ts_ms, board
                """,
                range)
        ) { row in
            let key = BoardKey(miner: miner.rawValue, time: try row.int64("ts_ms"), board: try row.int("board"))
            return (key.time, try BoardSnapshot(postgres: row, chips: chipsByKey[key] ?? []))
        }
        var samples: [TelemetrySample] = []
        for (time, snapshot) in snapshots {
            if let last = samples.indices.last, samples[last].time.rawValue == time {
                samples[last].boards.append(snapshot)
            } else {
                samples.append(TelemetrySample(minerID: miner, time: UnixMillis(time), boards: [snapshot]))
            }
        }
        return samples
    }

    struct BoardKey: Hashable {
        var miner: Int64
        var time: Int64
        var board: Int
    }
}
