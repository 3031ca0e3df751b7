import HiveProtocols
import Testing

@testable import HiveHost

/// Timestamps, units, endpoints and the budget function.
@Suite("Plant support")
struct PlantSupportTests {
    @Test(arguments: [
        ("2025-11-12T14:44:14.286517Z", Int64(1_762_958_654_286)),
        ("2025-11-12T14:44:25.77415Z", 1_762_958_665_774),
        ("2025-11-12T14:44:25Z", 1_762_958_665_000),
        ("2025-11-12T16:44:25.5+02:00", 1_762_958_665_500),
        ("2025-11-12T11:44:25-03:00", 1_762_958_665_000),
        ("1970-01-01T00:00:00Z", 0),
        ("2024-02-29T12:00:00Z", 1_709_208_000_000),
    ])
    func timestamps(text: String, millis: Int64) {
        #expect(ISO8601Timestamp.parse(text) == UnixMillis(millis))
    }

    @Test(arguments: [
        "", "2025-11-12", "2025-11-12T14:44:25", "2025-13-12T14:44:25Z", "2025-11-12T14:44:25.Z",
        "2025-11-12T14:44:25Zjunk",
    ])
    func badTimestamps(text: String) {
        #expect(ISO8601Timestamp.parse(text) == nil)
    }

    @Test func units() {
        #expect(PlantUnit(configValue: "kW") == .kilowatts)
        #expect(PlantUnit(configValue: "MW") == .megawatts)
        #expect(PlantUnit(configValue: "W") == .watts)
        #expect(PlantUnit(configValue: "mW") == nil)
        #expect(PlantUnit.kilowatts.watts(5.8) == Watts(5800))
        #expect(PlantUnit.megawatts.watts(.nan) == nil)
    }

    @Test func endpoint() throws {
        let endpoint = try #require(
            PlantEndpoint(url: "https://energy-aggregator.fly.dev/data/latest", plantID: "complexo-paranhos"))
        #expect(endpoint.host == "energy-aggregator.fly.dev")
        #expect(endpoint.port == 443 && endpoint.tls)
        #expect(endpoint.target == "/data/latest?plant_id=complexo-paranhos")
        let withQuery = try #require(PlantEndpoint(url: "http://127.0.0.1:8090/data/latest?x=1", plantID: "a b&c"))
        #expect(withQuery.port == 8090 && !withQuery.tls)
        #expect(withQuery.target == "/data/latest?x=1&plant_id=a%20b%26c")
        #expect(PlantEndpoint(url: "ftp://x/y") == nil)
        #expect(PlantEndpoint(url: "not a url") == nil)
        #expect(PlantEndpoint(url: "http://h/p", plantID: "")?.target == "/p")
    }

    static func record(_ generationKW: Double, available: Double? = nil, at time: UnixMillis) -> PlantReadingRecord {
        let sample = PlantSample(
            shape: .reading, collectedAt: time, generation: .kilowatts(generationKW),
            available: available.map(Watts.kilowatts))
        return PlantReadingRecord(receivedAt: time, outcome: .usable, sample: sample)
    }

    @Test func budgetFromGeneration() {
        let policy = BudgetPolicy(safetyMargin: 0.1, otherLoad: .kilowatts(200))
        let now = UnixMillis(1_000_000)
        guard case .budget(let budget) = policy.budget(reading: Self.record(5000, at: now), override: nil, now: now)
        else {
            Issue.record("no budget")
            return
        }
        #expect(budget.watts == Watts(4_300_000))
        #expect(budget.basis == .plantGeneration)
        #expect(budget.dataTime == now)
    }

    @Test func budgetNeverNegative() {
        let policy = BudgetPolicy(safetyMargin: 0.1, otherLoad: .kilowatts(9000))
        let now = UnixMillis(1_000_000)
        guard case .budget(let budget) = policy.budget(reading: Self.record(5000, at: now), override: nil, now: now)
        else {
            Issue.record("no budget")
            return
        }
        #expect(budget.watts == .zero)
    }

    @Test func budgetFromAvailableFixedCapAndOverride() {
        let now = UnixMillis(1_000_000)
        let reading = Self.record(5000, available: 3000, at: now)
        let available = BudgetPolicy(source: .available, safetyMargin: 0.05)
        #expect(
            available.budget(reading: reading, override: nil, now: now)
                == .budget(
                    Budget(watts: Watts(2_850_000), basis: .plantAvailable, dataTime: now, detail: "")
                ).withDetail(of: available.budget(reading: reading, override: nil, now: now)))
        let fixed = BudgetPolicy(fixedCap: .kilowatts(1000))
        guard case .budget(let cap) = fixed.budget(reading: nil, override: nil, now: now) else {
            Issue.record("no cap")
            return
        }
        #expect(cap.watts == Watts(1_000_000) && cap.dataTime == nil && cap.basis == .fixedCap)
        let override = BudgetOverride(watts: .kilowatts(700), expiresAt: UnixMillis(2_000_000), setBy: "ops")
        guard case .budget(let overridden) = fixed.budget(reading: reading, override: override, now: now) else {
            Issue.record("no override")
            return
        }
        #expect(overridden.basis == .override && overridden.watts == Watts(700_000))
        guard case .budget(let expired) = fixed.budget(reading: reading, override: override, now: UnixMillis(2_000_000))
        else {
            Issue.record("no budget")
            return
        }
        #expect(expired.basis == .fixedCap)
    }

    @Test func noUsableReadingIsNoBudget() {
        let policy = BudgetPolicy()
        let now = UnixMillis(1_000_000)
        var bad = Self.record(5000, at: now)
        bad.outcome = .unusable
        guard
            case .unavailable(let reason) = policy.budget(
                reading: bad, override: nil, now: now, latestProblem: "HTTP 503")
        else {
            Issue.record("expected unavailable")
            return
        }
        #expect(reason.contains("HTTP 503"))
        #expect(policy.budget(reading: Self.record(5000, at: now), override: nil, now: now) != .unavailable(""))
        let noAvailable = BudgetPolicy(source: .available)
        guard case .unavailable = noAvailable.budget(reading: Self.record(5000, at: now), override: nil, now: now)
        else {
            Issue.record("expected unavailable")
            return
        }
    }

    @Test func freshnessNeverRunsAheadOfReceipt() {
        let sample = PlantSample(shape: .reading, collectedAt: UnixMillis(5000), generation: Watts(1))
        let record = PlantReadingRecord(receivedAt: UnixMillis(3000), outcome: .usable, sample: sample)
        #expect(record.dataTime == UnixMillis(3000))
    }
}

extension BudgetSignal {
    /// This signal with the detail of `other` (to compare figures, not wording).
    fileprivate func withDetail(of other: BudgetSignal) -> BudgetSignal {
        guard case .budget(var budget) = self, case .budget(let theirs) = other else { return self }
        budget.detail = theirs.detail
        return .budget(budget)
    }
}
