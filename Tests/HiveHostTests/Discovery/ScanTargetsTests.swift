import HiveHost
import Testing

@Suite("ScanTargets")
struct ScanTargetsTests {
    @Test("every bad entry is named, not just the first")
    func collectsAllProblems() throws {
        let error = try #require(throws: ScanTargetError.self) {
            try ScanTargets(["10.0.0.0/24", "10.0.0/24", "10.0.0.0/8", "10.0.1.9-10.0.1.2", "bogus", "10.0.2.1"])
        }
        #expect(error.problems.map(\.entry) == ["10.0.0/24", "10.0.0.0/8", "10.0.1.9-10.0.1.2", "bogus"])
        #expect(error.problems.map(\.reason) == [.invalid, .tooLarge, .invalid, .invalid])
        for entry in ["10.0.0/24", "10.0.0.0/8", "10.0.1.9-10.0.1.2", "bogus"] {
            #expect(error.description.contains("'\(entry)'"))
        }
        #expect(!error.description.contains("'10.0.2.1'"))
    }

    @Test("the per-entry maximum is configurable")
    func maximum() throws {
        let error = try #require(throws: ScanTargetError.self) {
            try ScanTargets(["10.0.0.0/24", "10.1.0.0/25"], configuration: .init(maximumAddressesPerEntry: 128))
        }
        #expect(error.problems.map(\.entry) == ["10.0.0.0/24"])
        #expect(
            try ScanTargets(["10.0.0.0/25"], configuration: .init(maximumAddressesPerEntry: 128)).hosts.count == 126)
    }

    @Test("hosts are interleaved round-robin across entries")
    func interleaving() throws {
        let targets = try ScanTargets(["10.0.0.0/29", "10.1.0.1-10.1.0.2", "10.2.0.9"])
        #expect(
            targets.hosts.map(\.description) == [
                "10.0.0.1", "10.1.0.1", "10.2.0.9",
                "10.0.0.2", "10.1.0.2",
                "10.0.0.3", "10.0.0.4", "10.0.0.5", "10.0.0.6",
            ])
    }

    @Test("a large subnet does not starve a small one")
    func noStarvation() throws {
        let targets = try ScanTargets(["10.0.0.0/16", "10.9.0.0/30"])
        let firstFour = targets.hosts.prefix(4).map(\.description)
        #expect(firstFour == ["10.0.0.1", "10.9.0.1", "10.0.0.2", "10.9.0.2"])
        #expect(targets.hosts.count == 65_534 + 2)
    }

    @Test("overlapping entries are deduplicated, each address kept where it first comes up")
    func dedupe() throws {
        let targets = try ScanTargets(["10.0.0.0/30", "10.0.0.1-10.0.0.3", "10.0.0.2", "10.0.0.1/32"])
        #expect(targets.hosts.map(\.description) == ["10.0.0.1", "10.0.0.2", "10.0.0.3"])
        #expect(try ScanTargets(["10.0.0.5", "10.0.0.5"]).hosts.count == 1)
    }

    @Test("membership follows the hosts, not the blocks' network and broadcast")
    func contains() throws {
        let targets = try ScanTargets(["10.0.0.0/24", "10.0.5.5-10.0.5.6"])
        #expect(targets.contains(IPv4Address("10.0.0.1")!))
        #expect(targets.contains(IPv4Address("10.0.0.254")!))
        #expect(!targets.contains(IPv4Address("10.0.0.0")!))
        #expect(!targets.contains(IPv4Address("10.0.0.255")!))
        #expect(targets.contains(IPv4Address("10.0.5.6")!))
        #expect(!targets.contains(IPv4Address("10.0.5.7")!))
        #expect(!targets.contains(IPv4Address("9.255.255.255")!))
    }

    @Test("no entries, no hosts")
    func empty() throws {
        #expect(try ScanTargets([]).hosts.isEmpty)
    }
}
