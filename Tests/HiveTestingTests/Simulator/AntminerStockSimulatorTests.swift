import Foundation
import HiveProtocols
import HiveTesting
import Testing

@Suite struct AntminerStockSimulatorTests {
    private func withFleet(
        _ range: String, count: Int = 1, clock: ManualClock = ManualClock(),
        _ body: (SimulatedFleet) async throws -> Void
    ) async throws {
        try await SimulatedFleet.withFleet(
            Sim.configuration(range, count: count, mix: ["antminer-stock": 1]), clock: clock, body)
    }

    @Test func digestChallengeCorrectAnswerAndWrongCredentials() async throws {
        try await withFleet("127.183.1.0/29") { fleet in
            let miner = fleet.groundTruth().miners[0]
            #expect(miner.ports == [80: 80, 4028: 4028])
            let http = try Sim.http(miner)

            let challenge = try await http.response("GET", "/")
            #expect(challenge.status == 401)
            let header = try #require(challenge.header("WWW-Authenticate"))
            #expect(header.hasPrefix(#"Digest realm="antMiner Configuration", nonce=""#))
            #expect(header.hasSuffix(#"qop="auth""#))
            #expect(challenge.text.contains("<title>401 - Unauthorized</title>"))

            let info = try await http.digestGET("/cgi-bin/get_system_info.cgi", username: "root", password: "root")
            #expect(info.status == 200)
            let json = try info.json
            #expect(json["minertype"]?.string == miner.model)
            #expect(json["macaddr"]?.string == miner.mac)
            #expect(json["hostname"]?.string == miner.hostname)
            #expect(json["serinum"]?.string == miner.serial)
            #expect(json["ipaddress"]?.string == miner.address)
            #expect(info.text.hasPrefix("{\n\"minertype\":\""))

            let wrong = try await http.digestGET("/cgi-bin/get_system_info.cgi", username: "root", password: "admin")
            #expect(wrong.status == 401)
            #expect(wrong.header("WWW-Authenticate")?.contains("antMiner Configuration") == true)
            let wrongUser = try await http.digestGET(
                "/cgi-bin/get_system_info.cgi", username: "admin", password: "root")
            #expect(wrongUser.status == 401)

            // A nonce the miner never issued, and an answer computed for another URI.
            let forged = Digest.authorization(
                challenge:
                    #"Digest realm="antMiner Configuration", nonce="00000000000000ff0123456789abcdef", qop="auth""#,
                method: "GET", uri: "/cgi-bin/get_system_info.cgi", username: "root", password: "root")
            #expect(
                try await http.response("GET", "/cgi-bin/get_system_info.cgi", headers: [("Authorization", forged)])
                    .status == 401)
            let other = Digest.authorization(
                challenge: header, method: "GET", uri: "/cgi-bin/pools.cgi", username: "root", password: "root")
            #expect(
                try await http.response("GET", "/cgi-bin/get_system_info.cgi", headers: [("Authorization", other)])
                    .status == 401)
        }
    }

    @Test func workModesChangeReadBackAtOnceAndPowerAfterTheDelay() async throws {
        let clock = ManualClock()
        try await withFleet("127.183.2.0/29", clock: clock) { fleet in
            let truth = fleet.groundTruth().miners[0]
            let http = try Sim.http(truth)
            let nominal = truth.power.value
            #expect(truth.activity == .mining)
            #expect(truth.setting == "normal")

            let reply = try await digestPOST(http, "/cgi-bin/set_miner_conf.cgi", json: #"{"miner-mode":1}"#)
            #expect(reply.status == 200)
            #expect(try reply.json["stats"]?.string == "success")
            #expect(try reply.json["code"]?.string == "M000")
            let conf = try await http.digestGET("/cgi-bin/get_miner_conf.cgi", username: "root", password: "root")
            #expect(try conf.json["bitmain-work-mode"]?.string == "1")

            clock.advance(by: .seconds(4))
            #expect(abs(fleet.groundTruth().miners[0].power.value - nominal) < nominal * 0.03)
            clock.advance(by: .seconds(1))
            let asleep = fleet.groundTruth().miners[0]
            #expect(asleep.activity == .sleeping)
            #expect(asleep.power.value < 25)
            #expect(asleep.hashrate == .zero)
            let stats = try Sim.json(try await TestCGMiner.send("stats", host: truth.address))
            #expect(stats["STATS"]?[1]?["GHS 5s"]?.double == 0)
            #expect(stats["STATS"]?[1]?["chain_acs1"]?.string?.contains("o") == false)

            // Low mode from sleep: wakes and settles at ~70 % power after the change delay.
            _ = try await digestPOST(http, "/cgi-bin/set_miner_conf.cgi", json: #"{"miner-mode":"3"}"#)
            clock.advance(by: .seconds(20))
            let low = fleet.groundTruth().miners[0]
            #expect(low.activity == .mining)
            #expect(low.setting == "low")
            #expect(abs(low.power.value - nominal * 0.7) < nominal * 0.03)
            #expect(low.commands.map(\.command) == [.sleep, .setMode(.low)])
            #expect(low.commands.map(\.time) == [.zero, .seconds(5)])
        }
    }

    @Test func rebootAndBlink() async throws {
        let clock = ManualClock()
        try await withFleet("127.183.3.0/29", clock: clock) { fleet in
            let truth = fleet.groundTruth().miners[0]
            let http = try Sim.http(truth)
            let blink = try await digestPOST(
                http, "/cgi-bin/blink.cgi", body: "blink=true", contentType: "application/x-www-form-urlencoded")
            #expect(try blink.json["code"]?.string == "B000")
            let status = try await http.digestGET("/cgi-bin/get_blink_status.cgi", username: "root", password: "root")
            #expect(try status.json["blink"]?.bool == true)

            let reboot = try await http.digestGET("/cgi-bin/reboot.cgi", username: "root", password: "root")
            #expect(reboot.status == 200)
            #expect(fleet.groundTruth().miners[0].activity == .rebooting)
            #expect(fleet.groundTruth().miners[0].reachable == false)
            #expect(try await TestCGMiner.send("version", host: truth.address) == .closed)
            #expect(try await http.send("GET", "/") == .closed)
            clock.advance(by: .seconds(90))
            let back = try Sim.json(try await TestCGMiner.send("summary", host: truth.address))
            #expect(back["SUMMARY"]?[0]?["Elapsed"]?.int == 0)
            #expect(fleet.groundTruth().miners[0].commands.map(\.command) == [.locate(true), .reboot])
        }
    }

    @Test func cgminerRepliesAreNulTerminatedAndShapedLikeBMMiner() async throws {
        try await withFleet("127.183.4.0/29") { fleet in
            let truth = fleet.groundTruth().miners[0]
            for command in ["version", "summary", "stats", "pools", "devs"] {
                let bytes = try #require(try await TestCGMiner.send(command, host: truth.address).bytes)
                #expect(bytes.last == 0, "\(command)")
                #expect(bytes.filter { $0 == 0 }.count == 1, "\(command)")
                #expect(
                    (try? JSONSerialization.jsonObject(with: Data(bytes.dropLast()))) != nil,
                    "\(command) is strict JSON")
            }
            let version = try Sim.json(try await TestCGMiner.send("version", host: truth.address))
            #expect(version["STATUS"]?[0]?["Msg"]?.string == "CGMiner versions")
            #expect(version["VERSION"]?[0]?["Type"]?.string == truth.model)
            let stats = try Sim.json(try await TestCGMiner.send("stats", host: truth.address))
            let data = try #require(stats["STATS"]?[1])
            #expect(data["rate_unit"]?.string == "GH")
            let gh = try #require(data["GHS 5s"]?.double)
            #expect(abs(gh - truth.hashrate.gigahashesPerSecond) < 0.01)
            #expect(data["chain_acn1"]?.int != nil)
            #expect(data["temp_chip1"]?.string?.split(separator: "-").count == 4)

            let textForm = try await LoopbackClient.exchange(
                host: truth.address, port: 4028, bytes: Array("summary|".utf8))
            #expect(try Sim.json(textForm)["SUMMARY"]?[0]?["GHS 5s"] != nil)
            let joined = try Sim.json(try await TestCGMiner.send("stats+pools", host: truth.address))
            #expect(joined["stats"]?[0]?["STATS"]?[1]?["GHS av"] != nil)
            #expect(joined["pools"]?[0]?["POOLS"]?.array?.count == 3)
            let unknown = try Sim.json(try await TestCGMiner.send("frobnicate", host: truth.address))
            #expect(unknown["STATUS"]?[0]?["STATUS"]?.string == "E")
            #expect(unknown["STATUS"]?[0]?["Msg"]?.string == "Invalid command")
        }
    }

    @Test func minerConfKeepsTheS19LayoutAndItsFanControlQuirk() async throws {
        try await withFleet("127.183.5.0/28", count: 10) { fleet in
            var quirky = 0
            for truth in fleet.groundTruth().miners {
                let conf = try await Sim.http(truth).digestGET(
                    "/cgi-bin/get_miner_conf.cgi", username: "root", password: "root")
                #expect(conf.text.hasPrefix("\n\n{\n\"pools\" : [\n{\n\"url\" : \""))
                #expect(try conf.json["bitmain-work-mode"]?.string == "0")
                if conf.text.contains(#""bitmain-fan-ctrl" : ,"#) {
                    quirky += 1
                    #expect(conf.strictJSON == nil)
                }
            }
            #expect(quirky > 0 && quirky < 10)
        }
    }

    @Test func cgiReadsCarryLiveValues() async throws {
        try await withFleet("127.183.6.0/29") { fleet in
            let truth = fleet.groundTruth().miners[0]
            let http = try Sim.http(truth)
            let summary = try await http.digestGET("/cgi-bin/summary.cgi", username: "root", password: "root").json
            #expect(summary["INFO"]?["type"]?.string == truth.model)
            #expect(summary["SUMMARY"]?[0]?["rate_unit"]?.string == "GH/s")
            let rate = try #require(summary["SUMMARY"]?[0]?["rate_5s"]?.double)
            #expect(abs(rate - truth.hashrate.gigahashesPerSecond) < 0.01)
            let stats = try await http.digestGET("/cgi-bin/stats.cgi", username: "root", password: "root").json
            #expect(stats["STATS"]?[0]?["chain"]?.array?.count == 3)
            #expect(stats["STATS"]?[0]?["miner-mode"]?.int == 0)
            let pools = try await http.digestGET("/cgi-bin/pools.cgi", username: "root", password: "root").json
            #expect(pools["POOLS"]?[0]?["status"]?.string == "Alive")
            #expect(try await http.digestGET("/cgi-bin/nothing.cgi", username: "root", password: "root").status == 404)
        }
    }

    /// POST with digest: the challenge comes from the unauthenticated POST itself.
    private func digestPOST(
        _ http: TestHTTP, _ target: String, json: String? = nil, body: String? = nil,
        contentType: String = "application/json"
    ) async throws -> WireResponse {
        let bytes = Array((json ?? body ?? "").utf8)
        let challenge = try await http.response("POST", target, headers: [("Content-Type", contentType)], body: bytes)
        let header = try #require(challenge.header("WWW-Authenticate"))
        let authorization = Digest.authorization(
            challenge: header, method: "POST", uri: target, username: "root", password: "root")
        return try await http.response(
            "POST", target, headers: [("Content-Type", contentType), ("Authorization", authorization)], body: bytes)
    }
}
