import Drivers
import HiveProtocols
import Testing

/// `identify` against the CGMiner `version` replies in
/// shared/firmware-samples/identification/foreman-cgminer-version (bodies copied verbatim from
/// those files, which come from delawr0190/foreman-apps' AntminerDetectITest).
@Suite struct AntminerIdentifyTests {
    struct Sample: Sendable, CustomTestStringConvertible {
        var file: String
        var body: String
        /// Expected model, or `nil` when the stock driver must decline.
        var model: String?
        var compileTime: String?
        var testDescription: String { file }
    }

    static let stock: [Sample] = [
        Sample(
            file: "antminer-b3",
            body:
                #"{"STATUS":[{"STATUS":"S","When":395315,"Code":22,"Msg":"CGMiner versions","Description":"bmminer 1.0.0"}],"VERSION":[{"CGMiner":"2.0.0","API":"3.1","Miner":"A.0.0.1","CompileTime":"Wed Apr 11 22:21:40 CST 2018","Type":"Antminer B3"}],"id":1}"#,
            model: "Antminer B3", compileTime: "Wed Apr 11 22:21:40 CST 2018"),
        Sample(
            file: "antminer-l3plus",
            body:
                #"{"STATUS":[{"STATUS":"S","When":1526315502,"Code":22,"Msg":"CGMiner versions","Description":"cgminer 4.9.0"}],"VERSION":[{"CGMiner":"4.9.0","API":"3.1","Miner":"1.0.1.3","CompileTime":"Fri Aug 25 17:28:57 CST 2017","Type":"Antminer L3+"}],"id":1}"#,
            model: "Antminer L3+", compileTime: "Fri Aug 25 17:28:57 CST 2017"),
        Sample(
            file: "antminer-s17plus",
            body:
                #"{"STATUS":[{"STATUS":"S","When":1595983646,"Code":22,"Msg":"CGMiner versions","Description":"cgminer 1.0.0"}],"VERSION":[{"BMMiner":"1.0.0","API":"3.1","Miner":"35.0.1.3","CompileTime":"Mon Dec 16 12:57:06 CST 2019","Type":"Antminer S17+"}],"id":1}"#,
            model: "Antminer S17+", compileTime: "Mon Dec 16 12:57:06 CST 2019"),
        Sample(
            file: "antminer-s17pro",
            body:
                #"{"STATUS":[{"STATUS":"S","When":1576765845,"Code":22,"Msg":"CGMiner versions","Description":"cgminer 1.0.0"}],"VERSION":[{"BMMiner":"1.0.0","API":"3.1","Miner":"19.10.1.3","CompileTime":"Tue Aug 20 10:37:07 CST 2019","Type":"Antminer S17 Pro"}],"id":1}"#,
            model: "Antminer S17 Pro", compileTime: "Tue Aug 20 10:37:07 CST 2019"),
        Sample(
            file: "antminer-s19pro",
            body:
                #"{"STATUS": [{"STATUS": "S", "When": 1595967398, "Code": 22, "Msg": "CGMiner versions", "Description": "cgminer 1.0.0"}], "VERSION": [{"BMMiner": "1.0.0", "API": "3.1", "Miner": "49.0.1.3", "CompileTime": "Mon Jun  1 20:27:44 CST 2020", "Type": "Antminer S19 Pro"}], "id": 1}"#,
            model: "Antminer S19 Pro", compileTime: "Mon Jun 1 20:27:44 CST 2020"),
        Sample(
            file: "antminer-s9",
            body:
                #"{"STATUS":[{"STATUS":"S","When":1516328450,"Code":22,"Msg":"BMMiner versions","Description":"bmminer 1.0.0"}],"VERSION":[{"BMMiner":"2.0.0","API":"3.1","Miner":"16.8.1.3","CompileTime":"Fri Nov 17 17:37:49 CST 2017","Type":"Antminer S9"}],"id":1}"#,
            model: "Antminer S9", compileTime: "Fri Nov 17 17:37:49 CST 2017"),
        Sample(
            file: "antminer-s9i-bmminer-2.4.2",
            body:
                #"{"STATUS":[{"STATUS":"S","When":1617801219,"Code":22,"Msg":"BMMiner versions","Description":"bmminer 2.4.2-1.2.2-90ed"}],"VERSION":[{"BMMiner":"2.4.2-1.2.2-90ed","Miner":"30.0.1.3","CompileTime":"Wed Nov 7 11:19:02 CST 2018","Type":"Antminer S9i","API":"3.1"}],"id":1}"#,
            model: "Antminer S9i", compileTime: "Wed Nov 7 11:19:02 CST 2018"),
        Sample(
            file: "antminer-z9-mini",
            body:
                #"{"STATUS":[{"STATUS":"S","When":1599985655,"Code":22,"Msg":"CGMiner versions","Description":"cgminer 4.9.0"}],"VERSION":[{"CGMiner":"4.9.0","API":"3.1","Miner":"9.0.0.5","CompileTime":"Sat May 26 20:42:30 CST 2018","Type":"Antminer Z9-Mini"}],"id":1}"#,
            model: "Antminer Z9-Mini", compileTime: "Sat May 26 20:42:30 CST 2018"),
        Sample(
            file: "antminer-z9",
            body:
                #"{"STATUS":[{"STATUS":"S","When":1599985655,"Code":22,"Msg":"CGMiner versions","Description":"cgminer 4.9.0"}],"VERSION":[{"CGMiner":"4.9.0","API":"3.1","Miner":"9.0.0.5","CompileTime":"Sat May 26 20:42:30 CST 2018","Type":"Antminer Z9"}],"id":1}"#,
            model: "Antminer Z9", compileTime: "Sat May 26 20:42:30 CST 2018"),
    ]

    /// Custom firmwares: the stock driver declines every one (their own marker is in the reply).
    static let custom: [Sample] = [
        Sample(
            file: "braiins-os-0.2.0-s9",
            body:
                #"{"STATUS":[{"STATUS":"S","When":1597196862,"Code":22,"Msg":"BOSminer versions","Description":"BOSminer 0.2.0-d360818"}],"VERSION":[{"API":"3.7","BOSminer":"0.2.0-d360818"}],"id":1}"#
        ),
        Sample(
            file: "braiins-os-2018-s9",
            body:
                #"{"STATUS":[{"STATUS":"S","When":1545884756,"Code":22,"Msg":"BMMiner versions","Description":"bmminer bOS_am1-s9-20181127-0_c34516b0"}],"VERSION":[{"BMMiner":"bOS_am1-s9-20181127-0_c34516b0","API":"3.1","Miner":"bOS_am1-s9-20181127-0_c34516b0","CompileTime":"","Type":"braiins-am1-s9"}],"id":1}"#
        ),
        Sample(
            file: "braiins-osplus-0.2.0-s9",
            body:
                #"{"STATUS":[{"STATUS":"S","When":1597092539,"Code":22,"Msg":"BOSminer+ versions","Description":"BOSminer+ 0.2.0-36c56a9363"}],"VERSION":[{"API":"3.7","BOSminer+":"0.2.0-36c56a9363"}],"id":1}"#
        ),
        Sample(
            file: "hiveon-s9",
            body:
                #"{"STATUS":[{"STATUS":"S","When":1600293257,"Code":22,"Msg":"BMMiner versions","Description":"bmminer 1.0.0"}],"VERSION":[{"BMMiner":"2.0.0 rwglr","API":"3.1","Miner":"30.0.1.3","CompileTime":"Tue Nov 20 10:12:30 UTC 2019","Type":"Antminer S9 Hiveon"}],"id":1}"#
        ),
        Sample(
            file: "vnish-3.8.6-s9",
            body:
                #"{"STATUS":[{"STATUS":"S","When":1600299177,"Code":22,"Msg":"CGMiner versions","Description":"cgminer 4.11.1"}],"VERSION":[{"CGMiner":"4.11.1","API":"3.7","Miner":"26.0.1.3","CompileTime":"Fri May  8 15:27:59 CST 2020","Type":"Antminer S9 (vnish 3.8.6)"}],"id":1}"#
        ),
    ]

    static func answers(version body: String? = nil, webRoot: HTTPResponse? = nil) -> ProbeAnswers {
        var answers = ProbeAnswers(host: "127.0.0.1")
        if let body { answers.answers[.cgminerVersion] = .cgminer(Array(body.utf8)) }
        if let webRoot { answers.answers[.webRoot] = .http(webRoot) }
        return answers
    }

    static let challenge = HTTPResponse(
        status: 401,
        headers: [HTTPHeader("WWW-Authenticate", #"Digest realm="antMiner Configuration", nonce="abc", qop="auth""#)])

    @Test(arguments: stock)
    func stockVersionMatchesAtMediumConfidence(_ sample: Sample) throws {
        let match = try #require(AntminerStockDriver.identify(Self.answers(version: sample.body)))
        #expect(match.driver == "antminer-stock")
        #expect(match.model == sample.model)
        #expect(match.firmwareVersion == sample.compileTime)
        #expect(match.confidence == .medium)
        #expect(match.isStock)
    }

    @Test(arguments: custom)
    func customFirmwareIsDeclined(_ sample: Sample) {
        #expect(AntminerStockDriver.identify(Self.answers(version: sample.body)) == nil)
        // Even with the stock digest challenge on port 80 (which custom firmwares copy).
        #expect(AntminerStockDriver.identify(Self.answers(version: sample.body, webRoot: Self.challenge)) == nil)
    }

    @Test func typeWithSecondLineKeepsTheModel() throws {
        let body =
            #"{"STATUS":[{"STATUS":"S","When":1605578750,"Code":22,"Msg":"BMMiner versions","Description":"bmminer 1.0.0"}],"VERSION":[{"BMMiner":"2.0.0","API":"3.1","Miner":"30.0.1.3","CompileTime":"Wed Jul 31 16:18:27 CST 2019","Type":"Antminer S9\nV1.3.58","VER":"200215"}],"id":1}"#
        let match = try #require(AntminerStockDriver.identify(Self.answers(version: body)))
        #expect(match.model == "Antminer S9")
    }

    @Test func digestRealmAloneMatchesWithoutModel() throws {
        let match = try #require(AntminerStockDriver.identify(Self.answers(webRoot: Self.challenge)))
        #expect(match.model == nil)
        #expect(match.firmwareVersion == nil)
        #expect(match.confidence == .medium)
    }

    @Test func otherChallengesAndPagesDoNotMatch() {
        let hammer = HTTPResponse(
            status: 401, headers: [HTTPHeader("WWW-Authenticate", #"Digest realm="blackMiner Configuration""#)])
        let basic = HTTPResponse(
            status: 401, headers: [HTTPHeader("WWW-Authenticate", #"Basic realm="antMiner Configuration""#)])
        let page = HTTPResponse.ok("<html>antMiner Configuration</html>")
        for response in [hammer, basic, page] {
            #expect(AntminerStockDriver.identify(Self.answers(webRoot: response)) == nil)
        }
        #expect(AntminerStockDriver.identify(Self.answers()) == nil)
    }

    @Test func customWebPageWinsOverStockVersion() {
        // A VNish web UI with a stock-looking CGMiner reply: declined, the VNish driver claims it.
        let page = HTTPResponse.ok("<title>AnthillOS</title>")
        #expect(AntminerStockDriver.identify(Self.answers(version: Self.stock[4].body, webRoot: page)) == nil)
    }

    @Test func inTheBuiltInRegistryCustomDriversComeFirst() throws {
        // Where a custom firmware's reply carries no marker, the stock driver still matches, but
        // only as a stock .medium match, which the registry ranks after any custom match.
        let registry = try DriverRegistry.builtIn
        let answers = Self.answers(version: Self.stock[4].body, webRoot: Self.challenge)
        let matches = registry.matches(for: answers)
        let stockIndex = try #require(matches.firstIndex { $0.driver == "antminer-stock" })
        #expect(matches[stockIndex...].allSatisfy { $0.isStock })
    }
}
