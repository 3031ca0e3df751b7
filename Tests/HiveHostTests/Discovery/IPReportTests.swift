import HiveHost
import Testing

@Suite("IPReport")
struct IPReportTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var payload: String
        var ip: String?
        var mac: String?
        var sender: String? = nil
        var testDescription: String { payload.debugDescription }
    }

    static let cases: [Case] = [
        Case(payload: "10.0.0.5,aa:bb:cc:dd:ee:ff", ip: "10.0.0.5", mac: "AA:BB:CC:DD:EE:FF"),  // Antminer
        Case(payload: "10.0.0.5,AA:BB:CC:DD:EE:FF\n", ip: "10.0.0.5", mac: "AA:BB:CC:DD:EE:FF"),
        Case(payload: "10.0.0.5,AA:BB:CC:DD:EE:FF\0", ip: "10.0.0.5", mac: "AA:BB:CC:DD:EE:FF"),
        // Whatsminer style:
        Case(payload: "IP:192.168.1.20MAC:C4:11:04:01:02:03", ip: "192.168.1.20", mac: "C4:11:04:01:02:03"),
        Case(payload: "IP: 192.168.1.20, MAC: c4-11-04-01-02-03", ip: "192.168.1.20", mac: "C4:11:04:01:02:03"),
        Case(payload: "MAC:C4:11:04:01:02:03IP:192.168.1.20", ip: "192.168.1.20", mac: "C4:11:04:01:02:03"),
        Case(payload: #"{"ip":"10.1.2.3","mac":"00:11:22:33:44:55"}"#, ip: "10.1.2.3", mac: "00:11:22:33:44:55"),
        Case(payload: "miner at 10.1.2.3.", ip: "10.1.2.3", mac: nil),
        Case(payload: "10.1.2.3", ip: "10.1.2.3", mac: nil),
        Case(payload: "v1.2.3.4.5 then 10.0.0.9", ip: "10.0.0.9", mac: nil),  // a version is not an address
        Case(payload: "10.0.0.256,aa:bb:cc:dd:ee:ff", ip: nil, mac: nil),  // no sender to fall back on
        Case(payload: "ready,aa:bb:cc:dd:ee:ff", ip: "127.53.9.9", mac: "AA:BB:CC:DD:EE:FF", sender: "127.53.9.9"),
        Case(payload: "10.0.0.5,00:00:00:00:00:00", ip: "10.0.0.5", mac: nil),  // the unset MAC
        Case(payload: "10.0.0.5,aa:bb-cc:dd:ee:ff", ip: "10.0.0.5", mac: nil),  // mixed separators
        Case(payload: "10.0.0.5,xaa:bb:cc:dd:ee:ff", ip: "10.0.0.5", mac: nil),  // glued to a letter
        Case(payload: "", ip: nil, mac: nil),
        Case(payload: "hello", ip: nil, mac: nil, sender: "127.53.9.9"),
    ]

    @Test("reports are parsed liberally", arguments: cases)
    func parse(_ c: Case) {
        let report = IPReport(datagram: Array(c.payload.utf8), sender: c.sender, port: 14235)
        #expect(report?.ip == c.ip)
        #expect(report?.mac == (c.ip == nil ? nil : c.mac))
        if let report {
            #expect(report.port == 14235)
            #expect(report.sender == c.sender)
        }
    }

    @Test("binary garbage is not a report")
    func garbage() {
        #expect(IPReport(datagram: [0x78, 0x9C, 0x01, 0xFF, 0x00, 0x80]) == nil)
    }
}
