import HiveProtocols
import Testing

@testable import Drivers

/// Identification and era selection for Braiins OS, from probe answers alone.
@Suite struct BraiinsOSIdentifyTests {
    static func answers(version: String? = nil, graphQL: String? = nil, web: String? = nil) -> ProbeAnswers {
        var answers = ProbeAnswers(host: "192.0.2.9")
        if let version { answers.answers[.cgminerVersion] = .cgminer(Array(version.utf8)) }
        if let graphQL {
            answers.answers[.http(BraiinsGraphQL.stateRequest)] = .http(
                HTTPResponse(status: 200, body: Array(graphQL.utf8)))
        }
        if let web { answers.answers[.webRoot] = .http(HTTPResponse(status: 200, body: Array(web.utf8))) }
        return answers
    }

    static let boserVersion =
        #"{"STATUS":[{"STATUS":"S","Code":22,"Msg":"BOSer versions","Description":"BOSer boser-buildroot 0.1.0-45f356ea"}],"#
        + #""VERSION":[{"API":"3.7","BOSer":"boser-buildroot 0.1.0-45f356ea"}],"id":1}"#

    @Test func graphQLBuildPicksTheRelease() throws {
        let state =
            #"{"data":{"bos":{"info":{"version":{"full":"2025-08-06-0-3881c51d-25.07-plus"}}},"#
            + #""bosminer":{"info":{"modelName":"Bitmain Antminer S19 XP"}}}}"#
        let match = try #require(BraiinsOSDriver.identify(Self.answers(version: Self.boserVersion, graphQL: state)))
        #expect(match.driver == "braiins-os")
        #expect(match.model == "Antminer S19 XP")
        #expect(match.firmwareVersion == "2025-08-06-0-3881c51d-25.07-plus")
        #expect(BraiinsOSAPI(match: match) == .rest)
    }

    @Test func boserWithoutGraphQLIsTheGraphQLEra() throws {
        let match = try #require(BraiinsOSDriver.identify(Self.answers(version: Self.boserVersion)))
        #expect(match.firmwareVersion == "BOSer boser-buildroot 0.1.0-45f356ea")
        #expect(BraiinsOSAPI(match: match) == .graphQL)
    }

    @Test func bosminerZeroIsReadOnly() throws {
        let version =
            #"{"STATUS":[{"STATUS":"S","Msg":"BOSminer+ versions"}],"VERSION":[{"API":"3.7","BOSminer+":"0.2.0-36c56a9363"}],"id":1}"#
        let match = try #require(BraiinsOSDriver.identify(Self.answers(version: version)))
        #expect(BraiinsOSAPI(match: match) == .none)
        #expect(BraiinsOSDriver(context: Self.context(match)).capabilities == BraiinsOSDriver.readOnlyCapabilities)
    }

    @Test func webRootAloneMatches() {
        let match = BraiinsOSDriver.identify(Self.answers(web: "<title>Braiins OS</title>"))
        #expect(match?.driver == "braiins-os")
    }

    @Test func stockFirmwareAndEmptyAnswersDoNotMatch() {
        let stock = #"{"STATUS":[{"STATUS":"S"}],"VERSION":[{"Type":"Antminer S19 Pro","CompileTime":"x"}],"id":1}"#
        #expect(BraiinsOSDriver.identify(Self.answers(version: stock)) == nil)
        #expect(BraiinsOSDriver.identify(Self.answers()) == nil)
    }

    @Test func customFirmwareBeatsStockInTheRegistry() throws {
        let registry = try DriverRegistry.builtIn
        let version =
            #"{"STATUS":[{"STATUS":"S"}],"VERSION":[{"API":"3.7","BOSminer+":"0.2.0-36c56a9363","Type":"Antminer S9"}],"id":1}"#
        #expect(registry.identify(Self.answers(version: version))?.driver == "braiins-os")
    }

    @Test(arguments: [
        ("2025-08-06-0-3881c51d-25.07-plus", "25.07", BraiinsOSAPI.rest),
        ("2026-04-14-0-912d084c-26.04-plus", "26.04", .rest),
        ("2022-09-13-0-11012d53-22.08-plus", "22.08", .graphQL),
        ("25.05.1", "25.05", .graphQL),
        ("2021-01-01-0-abc-20.12-plus", "20.12", .none),
    ])
    func releaseParsing(build: String, release: String, api: BraiinsOSAPI) throws {
        let parsed = try #require(BraiinsOSRelease(build: build))
        #expect(parsed.description == release)
        #expect(parsed.api == api)
    }

    @Test func buildWithoutReleaseParsesToNil() {
        #expect(BraiinsOSRelease(build: "BOSer boser-openwrt 0.1.0-11012d53") == nil)
    }

    static func context(_ match: DriverMatch) -> DriverContext {
        let unused = BraiinsNoTransport()
        return DriverContext(host: "192.0.2.9", http: unused, cgminer: unused, match: match)
    }
}

/// A transport that must never be used.
struct BraiinsNoTransport: HTTPTransport, CGMinerTransport {
    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        throw DriverError(.unreachable, "no HTTP in this test")
    }
    func send(_ request: CGMinerRequest) async throws -> [UInt8] {
        throw DriverError(.unreachable, "no CGMiner in this test")
    }
}
