import NIOConcurrencyHelpers

/// A ``PlantReadingStore`` in memory, for tests and the balance simulation. Keeps at most
/// `capacity` records (oldest dropped first).
public final class InMemoryPlantReadingStore: PlantReadingStore {
    private struct Contents {
        var records: [PlantReadingRecord] = []
        var latestUsable: PlantReadingRecord?
    }

    private let contents = NIOLockedValueBox(Contents())
    private let capacity: Int

    /// Creates an empty store.
    public init(capacity: Int = 100_000) {
        self.capacity = max(1, capacity)
    }

    /// Appends one attempt.
    public func append(plantReading: PlantReadingRecord) async throws {
        contents.withLockedValue { contents in
            contents.records.append(plantReading)
            if contents.records.count > capacity { contents.records.removeFirst(contents.records.count - capacity) }
            if plantReading.outcome == .usable { contents.latestUsable = plantReading }
        }
    }

    /// The newest usable record.
    public func latestUsablePlantReading() async throws -> PlantReadingRecord? {
        contents.withLockedValue { $0.latestUsable }
    }

    /// The newest record.
    public func latestPlantReading() async throws -> PlantReadingRecord? {
        contents.withLockedValue { $0.records.last }
    }

    /// Records received in `from..<to`, oldest first.
    public func plantReadings(from: UnixMillis, to: UnixMillis, limit: Int?) async throws -> [PlantReadingRecord] {
        contents.withLockedValue { contents in
            let matching = contents.records.filter { $0.receivedAt >= from && $0.receivedAt < to }
            return limit.map { Array(matching.prefix(max(0, $0))) } ?? matching
        }
    }

    /// Every record, oldest first (tests).
    public var all: [PlantReadingRecord] { contents.withLockedValue { $0.records } }
}
