import Foundation
import HiveHost
import Testing

@Suite("AddressRange")
struct AddressRangeTests {
    struct Valid: Sendable, CustomTestStringConvertible {
        var entry: String
        var count: Int
        var first: String?
        var last: String?
        var testDescription: String { entry }
    }

    static let valid: [Valid] = [
        Valid(entry: "10.0.0.0/24", count: 254, first: "10.0.0.1", last: "10.0.0.254"),
        Valid(entry: "  10.0.0.0/24\t", count: 254, first: "10.0.0.1", last: "10.0.0.254"),
        Valid(entry: "10.0.0.77/24", count: 254, first: "10.0.0.1", last: "10.0.0.254"),  // host bits masked
        Valid(entry: "10.0.0.0 / 24", count: 254, first: "10.0.0.1", last: "10.0.0.254"),
        Valid(entry: "10.0.0.0/22", count: 1022, first: "10.0.0.1", last: "10.0.3.254"),
        Valid(entry: "10.0.0.0/16", count: 65_534, first: "10.0.0.1", last: "10.0.255.254"),  // the default maximum
        Valid(entry: "10.0.0.0/29", count: 6, first: "10.0.0.1", last: "10.0.0.6"),
        Valid(entry: "10.0.0.4/30", count: 2, first: "10.0.0.5", last: "10.0.0.6"),  // network and broadcast dropped
        Valid(entry: "10.0.0.4/31", count: 2, first: "10.0.0.4", last: "10.0.0.5"),  // both kept
        Valid(entry: "10.0.0.9/32", count: 1, first: "10.0.0.9", last: "10.0.0.9"),
        Valid(entry: "255.255.255.255/32", count: 1, first: "255.255.255.255", last: "255.255.255.255"),
        Valid(entry: "0.0.0.0/31", count: 2, first: "0.0.0.0", last: "0.0.0.1"),
        Valid(entry: "10.0.1.5-10.0.1.80", count: 76, first: "10.0.1.5", last: "10.0.1.80"),
        Valid(entry: "10.0.1.5 - 10.0.1.80", count: 76, first: "10.0.1.5", last: "10.0.1.80"),
        Valid(entry: "10.0.1.5-80", count: 76, first: "10.0.1.5", last: "10.0.1.80"),  // last-octet shorthand
        Valid(entry: "10.0.0.0-10.0.0.255", count: 256, first: "10.0.0.0", last: "10.0.0.255"),  // ranges keep ends
        Valid(entry: "10.0.0.250-10.0.1.5", count: 12, first: "10.0.0.250", last: "10.0.1.5"),  // across octets
        Valid(entry: "10.0.0.7-10.0.0.7", count: 1, first: "10.0.0.7", last: "10.0.0.7"),
        Valid(entry: "10.0.0.7", count: 1, first: "10.0.0.7", last: "10.0.0.7"),
        Valid(entry: "0.0.0.0", count: 1, first: "0.0.0.0", last: "0.0.0.0"),
    ]

    @Test("valid entries expand to the expected hosts", arguments: valid)
    func validEntries(_ c: Valid) throws {
        let range = try AddressRange(c.entry)
        #expect(range.hosts.count == c.count)
        #expect(range.hosts.first?.description == c.first)
        #expect(range.hosts.last?.description == c.last)
        #expect(range.entry == c.entry.trimmingCharacters(in: .whitespaces))
        // Hosts are consecutive.
        let hosts = Array(range.hosts.prefix(300))
        #expect(zip(hosts, hosts.dropFirst()).allSatisfy { $0.rawValue + 1 == $1.rawValue })
    }

    struct Invalid: Sendable, CustomTestStringConvertible {
        var entry: String
        var reason: ScanTargetError.Reason
        var detail: String
        var testDescription: String { "'\(entry)'" }
    }

    static let invalid: [Invalid] = [
        Invalid(entry: "", reason: .invalid, detail: "empty"),
        Invalid(entry: "   ", reason: .invalid, detail: "empty"),
        Invalid(entry: "10.0.0", reason: .invalid, detail: "not an IPv4"),
        Invalid(entry: "10.0.0.0.1", reason: .invalid, detail: "not an IPv4"),
        Invalid(entry: "10.0.0.256", reason: .invalid, detail: "not an IPv4"),
        Invalid(entry: "10.0.0.-1", reason: .invalid, detail: "not an IPv4"),
        Invalid(entry: "010.0.0.1", reason: .invalid, detail: "not an IPv4"),  // no octal guessing
        Invalid(entry: "10.0.0.01", reason: .invalid, detail: "not an IPv4"),
        Invalid(entry: "10..0.1", reason: .invalid, detail: "not an IPv4"),
        Invalid(entry: "10.0.0.1.", reason: .invalid, detail: "not an IPv4"),
        Invalid(entry: "miner.local", reason: .invalid, detail: "not an IPv4"),
        Invalid(entry: "fe80::1", reason: .invalid, detail: "not an IPv4"),
        Invalid(entry: "10.0.0.0/33", reason: .invalid, detail: "prefix length"),
        Invalid(entry: "10.0.0.0/-1", reason: .invalid, detail: "prefix length"),
        Invalid(entry: "10.0.0.0/", reason: .invalid, detail: "prefix length"),
        Invalid(entry: "10.0.0.0/24/8", reason: .invalid, detail: "prefix length"),
        Invalid(entry: "10.0.0.0/0x18", reason: .invalid, detail: "prefix length"),
        Invalid(entry: "10.0.0.0/024", reason: .invalid, detail: "prefix length"),
        Invalid(entry: "/24", reason: .invalid, detail: "not an IPv4"),
        Invalid(entry: "10.0.0.300/24", reason: .invalid, detail: "not an IPv4"),
        Invalid(entry: "10.0.1.80-10.0.1.5", reason: .invalid, detail: "after its end"),
        Invalid(entry: "10.0.1.80-5", reason: .invalid, detail: "after its end"),
        Invalid(entry: "10.0.1.5-256", reason: .invalid, detail: "range end"),
        Invalid(entry: "10.0.1.5-", reason: .invalid, detail: "range end"),
        Invalid(entry: "-10.0.1.5", reason: .invalid, detail: "range start"),
        Invalid(entry: "10.0.1.5-10.0.1.6-10.0.1.7", reason: .invalid, detail: "range end"),
        Invalid(entry: "10.0.0.0/15", reason: .tooLarge, detail: "131072 addresses"),
        Invalid(entry: "10.0.0.0/8", reason: .tooLarge, detail: "16777216 addresses"),
        Invalid(entry: "0.0.0.0/0", reason: .tooLarge, detail: "4294967296 addresses"),
        Invalid(entry: "10.0.0.0-10.1.0.0", reason: .tooLarge, detail: "65537 addresses"),
    ]

    @Test("invalid entries are refused, naming the entry", arguments: invalid)
    func invalidEntries(_ c: Invalid) throws {
        let error = try #require(throws: ScanTargetError.self) { try AddressRange(c.entry) }
        let problem = try #require(error.problems.first)
        #expect(error.problems.count == 1)
        #expect(problem.reason == c.reason)
        #expect(problem.entry == c.entry.trimmingCharacters(in: .whitespaces))
        #expect(problem.detail.contains(c.detail), "\(problem.detail)")
        #expect(error.description.contains("'\(problem.entry)'"))
    }

    @Test("the size limit is configurable and counts network and broadcast")
    func configurableMaximum() throws {
        #expect(try AddressRange("10.0.0.0/24", maximumAddresses: 256).hosts.count == 254)
        let error = try #require(throws: ScanTargetError.self) {
            try AddressRange("10.0.0.0/23", maximumAddresses: 256)
        }
        #expect(error.problems.first?.reason == .tooLarge)
        #expect(error.description.contains("10.0.0.0/23"))
        #expect(error.description.contains("maximum of 256"))
        #expect(try AddressRange("10.0.0.1-10.0.1.0", maximumAddresses: 256).hosts.count == 256)
        #expect(throws: ScanTargetError.self) { try AddressRange("10.0.0.1-10.0.1.1", maximumAddresses: 256) }
    }

    @Test("forms and spans are reported")
    func forms() throws {
        let block = try AddressRange("192.168.7.200/21")
        #expect(block.form == .cidr(prefix: 21))
        #expect(block.first.description == "192.168.0.0")
        #expect(block.last.description == "192.168.7.255")
        #expect(block.addressCount == 2048)
        #expect(block.skipsNetworkAndBroadcast)
        #expect(try AddressRange("10.0.0.1-9").form == .range)
        #expect(try AddressRange("10.0.0.1").form == .single)
        #expect(try !AddressRange("10.0.0.0/31").skipsNetworkAndBroadcast)
    }

    @Test("IPv4Address round-trips and orders numerically")
    func addresses() throws {
        let address = try #require(IPv4Address("192.168.10.2"))
        #expect(address.rawValue == 0xC0A8_0A02)
        #expect(address.description == "192.168.10.2")
        #expect(try #require(IPv4Address("10.0.0.9")) < #require(IPv4Address("10.0.0.10")))
        #expect(IPv4Address(" 10.0.0.1") == nil)
        #expect(IPv4Address("1.2.3.4\n") == nil)
        #expect(IPv4Address("+1.2.3.4") == nil)
        #expect(IPv4Address("١.2.3.4") == nil)  // Arabic-Indic digit
    }
}
