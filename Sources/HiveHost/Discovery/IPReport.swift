import HiveProtocols

/// A miner announcing its address: the datagram an Antminer sends to UDP 14235 when its
/// "IP Report" button is pressed, or a Whatsminer's to UDP 8888.
///
/// Formats seen in the field are `10.0.0.5,AA:BB:CC:DD:EE:FF` (Antminer) and
/// `IP:10.0.0.5MAC:AA:BB:CC:DD:EE:FF` (Whatsminer); parsing is liberal: the first IPv4
/// address and the first colon- or dash-separated MAC anywhere in the text are taken. When
/// the payload names no address but has a MAC, the sender's address stands in. Compressed
/// (zlib) reports some other makes send are not understood and are ignored.
public struct IPReport: Sendable, Hashable, CustomStringConvertible {
    /// The address the miner reported (or the sender's, see above).
    public var ip: String
    /// The MAC it reported, normalised (`AA:BB:CC:DD:EE:FF`), if any.
    public var mac: String?
    /// The datagram's source address.
    public var sender: String?
    /// The UDP port it arrived on.
    public var port: Int?

    /// Creates a report.
    public init(ip: String, mac: String? = nil, sender: String? = nil, port: Int? = nil) {
        self.ip = ip
        self.mac = mac
        self.sender = sender
        self.port = port
    }

    /// Parses a datagram; `nil` when it names neither an address nor (with a sender) a MAC.
    public init?(datagram: some Collection<UInt8>, sender: String? = nil, port: Int? = nil) {
        let text = Array(String(decoding: datagram, as: UTF8.self).unicodeScalars)
        let mac = IPReport.firstMAC(in: text)
        if let ip = IPReport.firstIPv4(in: text) {
            self.init(ip: ip.description, mac: mac, sender: sender, port: port)
        } else if mac != nil, let sender, IPv4Address(sender) != nil {
            self.init(ip: sender, mac: mac, sender: sender, port: port)
        } else {
            return nil
        }
    }

    /// e.g. `10.0.0.5 (AA:BB:CC:DD:EE:FF)`.
    public var description: String { ip + (mac.map { " (\($0))" } ?? "") }

    /// The first maximal run of digits and dots that is a dotted-quad address.
    static func firstIPv4(in text: [Unicode.Scalar]) -> IPv4Address? {
        var index = 0
        while index < text.count {
            guard isDigit(text[index]) else {
                index += 1
                continue
            }
            var end = index
            while end < text.count, isDigit(text[end]) || text[end] == "." { end += 1 }
            var run = String(String.UnicodeScalarView(text[index..<end]))
            while run.hasSuffix(".") { run.removeLast() }  // "… at 10.0.0.5."
            if let address = IPv4Address(run) { return address }
            index = end
        }
        return nil
    }

    /// The first six hex pairs joined by one kind of separator (`:` or `-`), not glued to
    /// other letters or digits on either side.
    static func firstMAC(in text: [Unicode.Scalar]) -> String? {
        let length = 17
        guard text.count >= length else { return nil }
        for start in 0...(text.count - length) {
            if start > 0, isAlphanumeric(text[start - 1]) { continue }
            let end = start + length
            if end < text.count, isHex(text[end]) { continue }
            let separator = text[start + 2]
            guard separator == ":" || separator == "-" else { continue }
            var valid = true
            for offset in 0..<length {
                let scalar = text[start + offset]
                if offset % 3 == 2 ? scalar != separator : !isHex(scalar) {
                    valid = false
                    break
                }
            }
            if valid, let mac = MinerIdentity.normalizeMAC(String(String.UnicodeScalarView(text[start..<end]))) {
                return mac
            }
        }
        return nil
    }

    private static func isDigit(_ s: Unicode.Scalar) -> Bool { ("0"..."9").contains(s) }
    private static func isHex(_ s: Unicode.Scalar) -> Bool {
        isDigit(s) || ("a"..."f").contains(s) || ("A"..."F").contains(s)
    }
    private static func isAlphanumeric(_ s: Unicode.Scalar) -> Bool {
        isDigit(s) || ("a"..."z").contains(s) || ("A"..."Z").contains(s)
    }
}
