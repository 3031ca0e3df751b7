import Foundation
import HiveProtocols

/// Filters, search, sort and paging for the miners list, parsed from query parameters:
/// `state`, `condition`, `driver`, `model`, `online`, `q` (search), `sort` (`-` prefix for
/// descending), `limit` (1…1000, default 100) and `offset`.
struct MinerQuery: Sendable, Hashable {
    /// Sortable columns.
    enum SortKey: String, Sendable, Hashable, CaseIterable {
        case id, ip, hashrate, power, temp, model, driver, state
        case lastSeen = "last_seen"
    }

    var state: MinerStatus.State?
    var condition: FleetRow.Condition?
    var driver: String?
    var model: String?
    var online: Bool?
    var search: String?
    var sort: SortKey = .id
    var descending = false
    var limit = 100
    var offset = 0

    static let maxLimit = 1000

    init() {}

    /// Parses query parameters; an invalid value throws an error naming the parameter.
    init(_ parameters: [String: String]) throws(APIError) {
        if let value = parameters["state"] {
            guard let state = MinerStatus.State(rawValue: value) else {
                throw .invalid("state", "one of \(MinerStatus.State.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            self.state = state
        }
        if let value = parameters["condition"] {
            guard let condition = FleetRow.Condition(rawValue: value) else {
                throw .invalid("condition", "one of online, offline, sleeping, failing")
            }
            self.condition = condition
        }
        driver = parameters["driver"].flatMap { $0.isEmpty ? nil : $0 }
        model = parameters["model"].flatMap { $0.isEmpty ? nil : $0 }
        if let value = parameters["online"] {
            switch value {
            case "true", "1": online = true
            case "false", "0": online = false
            default: throw .invalid("online", "true or false")
            }
        }
        search = parameters["q"].map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.flatMap {
            $0.isEmpty ? nil : $0
        }
        if let value = parameters["sort"], !value.isEmpty {
            let name = value.hasPrefix("-") ? String(value.dropFirst()) : value
            guard let key = SortKey(rawValue: name) else {
                throw .invalid(
                    "sort",
                    "one of \(SortKey.allCases.map(\.rawValue).joined(separator: ", ")), optionally prefixed with -")
            }
            sort = key
            descending = value.hasPrefix("-")
        }
        limit = try Self.integer(parameters, "limit", default: 100, in: 1...Self.maxLimit)
        offset = try Self.integer(parameters, "offset", default: 0, in: 0...Int(Int32.max))
    }

    /// An integer parameter within `range`.
    static func integer(
        _ parameters: [String: String], _ name: String, default value: Int, in range: ClosedRange<Int>
    ) throws(APIError) -> Int {
        guard let text = parameters[name] else { return value }
        guard let number = Int(text), range.contains(number) else {
            throw .invalid(name, "an integer from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    /// The rows that match, sorted; and how many matched before paging.
    func apply(_ rows: [FleetRow]) -> (page: [FleetRow], total: Int) {
        let matching = rows.filter(matches).sorted(by: ordered)
        let page = Array(matching.dropFirst(offset).prefix(limit))
        return (page, matching.count)
    }

    func matches(_ row: FleetRow) -> Bool {
        if let state, row.status?.state != state { return false }
        if let condition, row.condition != condition { return false }
        if let driver, row.miner.driver.rawValue.lowercased() != driver.lowercased() { return false }
        if let model, row.miner.model?.lowercased() != model.lowercased() { return false }
        if let online, row.miner.online != online { return false }
        if let search {
            let m = row.miner
            let fields = [m.ip, m.mac, m.hostname, m.model, m.make, m.serial, m.uid, m.firmware, m.driver.rawValue]
            return fields.contains { $0?.lowercased().contains(search) == true }
        }
        return true
    }

    private func ordered(_ a: FleetRow, _ b: FleetRow) -> Bool {
        switch sort {
        case .id: return compare(a.miner.id.rawValue, b.miner.id.rawValue, a, b)
        case .ip: return compare(a.miner.ip.map(Self.ipKey), b.miner.ip.map(Self.ipKey), a, b)
        case .hashrate: return compare(a.status?.hashrateRealtime?.value, b.status?.hashrateRealtime?.value, a, b)
        case .power: return compare(a.status?.power?.value, b.status?.power?.value, a, b)
        case .temp: return compare(a.hottest?.value, b.hottest?.value, a, b)
        case .model: return compare(a.miner.model?.lowercased(), b.miner.model?.lowercased(), a, b)
        case .driver: return compare(a.miner.driver.rawValue, b.miner.driver.rawValue, a, b)
        case .state: return compare(a.status?.state.rawValue, b.status?.state.rawValue, a, b)
        case .lastSeen: return compare(a.miner.lastSeen.rawValue, b.miner.lastSeen.rawValue, a, b)
        }
    }

    /// Missing values last in both directions; ties by id, ascending.
    private func compare<T: Comparable>(_ x: T?, _ y: T?, _ a: FleetRow, _ b: FleetRow) -> Bool {
        switch (x, y) {
        case (nil, nil): return a.miner.id < b.miner.id
        case (nil, _): return false
        case (_, nil): return true
        case (let x?, let y?):
            if x == y { return a.miner.id < b.miner.id }
            return descending ? x > y : x < y
        }
    }

    /// An IPv4 address as a number for sorting; other text sorts after every IPv4 address.
    static func ipKey(_ ip: String) -> UInt64 {
        let parts = ip.split(separator: ".").compactMap { UInt64($0) }
        guard parts.count == 4, parts.allSatisfy({ $0 < 256 }) else { return UInt64(1) << 40 }
        return parts.reduce(0) { $0 << 8 | $1 }
    }
}
