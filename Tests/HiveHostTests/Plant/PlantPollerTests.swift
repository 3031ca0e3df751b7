import HiveHost
import HiveProtocols
import HiveTesting
import Logging
import NIOConcurrencyHelpers
import Testing

/// An HTTP transport answering from a script and remembering what it was sent.
final class ScriptedPlantTransport: HTTPTransport {
    private let script: NIOLockedValueBox<[Result<HTTPResponse, DriverError>]>
    private let sentBox = NIOLockedValueBox<[HTTPRequest]>([])

    init(_ script: [Result<HTTPResponse, DriverError>]) { self.script = NIOLockedValueBox(script) }

    static func body(_ text: String, status: Int = 200) -> Result<HTTPResponse, DriverError> {
        .success(HTTPResponse(status: status, body: Array(text.utf8)))
    }

    var sent: [HTTPRequest] { sentBox.withLockedValue { $0 } }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        sentBox.withLockedValue { $0.append(request) }
        let next = script.withLockedValue { script -> Result<HTTPResponse, DriverError>? in
            guard !script.isEmpty else { return nil }
            return script.count == 1 ? script[0] : script.removeFirst()
        }
        guard let next else { throw DriverError(.unreachable, "no scripted reply") }
        return try next.get()
    }
}

@Suite("Plant poller")
struct PlantPollerTests {
    static let endpoint = PlantEndpoint(url: "https://plant.example/data/latest", plantID: "complexo-paranhos")!
    static let key = Secret("plant-token-123")

    static func poller(
        _ transport: ScriptedPlantTransport, store: InMemoryPlantReadingStore, unit: PlantUnit = .kilowatts,
        clock: ManualClock = ManualClock()
    ) -> PlantPoller {
        PlantPoller(
            configuration: .init(
                endpoint: endpoint, apiKey: key, unit: unit, minConfidence: 0.5, interval: .seconds(30)),
            transport: transport, store: store, clock: clock,
            now: { UnixMillis(1_762_958_700_000 + Int64(clock.now.offset.components.seconds) * 1000) },
            logger: Logger(label: "test.plant"))
    }

    @Test func aPollSendsTheConfiguredRequestAndStoresTheReading() async throws {
        let transport = ScriptedPlantTransport([ScriptedPlantTransport.body(PlantSamples.v2Id15)])
        let store = InMemoryPlantReadingStore()
        let record = try await Self.poller(transport, store: store).poll()

        let request = try #require(transport.sent.first)
        #expect(request.method == "GET")
        #expect(request.path == "/data/latest?plant_id=complexo-paranhos")
        #expect(request.port == 443 && request.tls)
        #expect(request.auth == .bearer(Self.key))
        #expect(request.headers.contains(HTTPHeader("Accept", "application/json")))
        #expect(!"\(request.auth)".contains("plant-token-123"))

        #expect(record.outcome == .usable)
        #expect(record.sample?.generation.map { abs($0.value - 5_886_015) < 0.01 } == true)
        #expect(record.rawBody == Array(PlantSamples.v2Id15.utf8))
        #expect(record.dataTime == UnixMillis(1_762_958_654_286))
        #expect(try await store.latestUsablePlantReading() == record)
    }

    @Test(arguments: [
        ("http 401", ScriptedPlantTransport.body("{}", status: 401), PlantReadingRecord.Outcome.failed, "HTTP 401"),
        ("timeout", .failure(DriverError(.timedOut, "no answer in 5 s")), .failed, "timed out"),
        ("garbage", ScriptedPlantTransport.body("<html>"), .failed, "not JSON"),
        (
            "low trust",
            ScriptedPlantTransport.body(
                PlantSamples.v2Id15.replacingOccurrences(
                    of: #""confidence_score": 1"#, with: #""confidence_score": 0.2"#)),
            .unusable, "confidence 0.2"
        ),
        (
            "other plant",
            ScriptedPlantTransport.body(
                PlantSamples.v2Id15.replacingOccurrences(of: "complexo-paranhos", with: "elsewhere")), .unusable,
            "elsewhere"
        ),
    ])
    func problemsAreStoredWithTheirReason(
        name: String, reply: Result<HTTPResponse, DriverError>, outcome: PlantReadingRecord.Outcome, reason: String
    ) async throws {
        let store = InMemoryPlantReadingStore()
        let record = try await Self.poller(ScriptedPlantTransport([reply]), store: store).poll()
        #expect(record.outcome == outcome, "\(name)")
        #expect(record.reason?.contains(reason) == true, "\(name): \(record.reason ?? "nil")")
        #expect(store.all.count == 1)
        #expect(try await store.latestUsablePlantReading() == nil)
        #expect(!(record.reason ?? "").contains("plant-token-123"))
    }

    @Test func aMegawattUnitAgainstTheLiveServiceIsRejected() async throws {
        let store = InMemoryPlantReadingStore()
        let transport = ScriptedPlantTransport([ScriptedPlantTransport.body(PlantSamples.v2Id15)])
        let record = try await Self.poller(transport, store: store, unit: .megawatts).poll()
        #expect(record.outcome == .failed)
        #expect(record.reason?.contains("plant.unit") == true)
    }

    @Test func pollsEveryIntervalOnTheInjectedClock() async throws {
        let clock = ManualClock()
        let store = InMemoryPlantReadingStore()
        let transport = ScriptedPlantTransport([ScriptedPlantTransport.body(PlantSamples.v2Id16)])
        let poller = Self.poller(transport, store: store, clock: clock)
        await withThrowingTaskGroup { group in
            group.addTask { try await poller.run() }
            await clock.waitForSleepers(1)
            #expect(store.all.count == 1)
            #expect(clock.nextDeadline?.offset == .seconds(30))
            clock.advance(by: .seconds(30))
            await clock.waitForSleepers(1)
            #expect(store.all.count == 2)
            #expect(clock.nextDeadline?.offset == .seconds(60))
            #expect(store.all.map(\.receivedAt.rawValue) == [1_762_958_700_000, 1_762_958_730_000])
            group.cancelAll()
        }
    }
}
