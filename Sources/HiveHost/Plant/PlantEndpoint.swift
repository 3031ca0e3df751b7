import Foundation

/// The plant API's address, split the way an ``HTTPTransport`` needs it: the host the transport
/// is bound to, and per request the port, TLS flag and path with query.
public struct PlantEndpoint: Sendable, Hashable, CustomStringConvertible {
    /// Host name or address.
    public var host: String
    /// TCP port (the scheme's default when the URL has none).
    public var port: Int
    /// Whether the URL is `https`.
    public var tls: Bool
    /// Path and query of the configured URL, without `plant_id`.
    public var path: String
    /// `plant_id` query parameter, when configured.
    public var plantID: String?

    /// Parses an `http://` or `https://` URL; `nil` for anything else.
    public init?(url: String, plantID: String? = nil) {
        guard let components = URLComponents(string: url.trimmingCharacters(in: .whitespaces)),
            let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = components.host, !host.isEmpty
        else { return nil }
        self.host = host
        tls = scheme == "https"
        port = components.port ?? (tls ? 443 : 80)
        var path = components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath
        if let query = components.percentEncodedQuery, !query.isEmpty { path += "?" + query }
        self.path = path
        self.plantID = plantID.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The request target: the configured path with `plant_id=<id>` appended (percent-encoded).
    public var target: String {
        guard let plantID else { return path }
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=+#?")
        let encoded = plantID.addingPercentEncoding(withAllowedCharacters: allowed) ?? plantID
        return path + (path.contains("?") ? "&" : "?") + "plant_id=" + encoded
    }

    /// `https://host:port/path?plant_id=…` (no credentials ever appear here).
    public var description: String { "\(tls ? "https" : "http")://\(host):\(port)\(target)" }
}
