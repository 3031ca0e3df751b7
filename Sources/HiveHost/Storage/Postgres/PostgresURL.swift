import Foundation
public import HiveProtocols

/// A parsed `postgres://user:password@host:port/database` URL (`database.url`).
///
/// The password is a ``Secret``: `description` (and ``masked``) show `***` in its place, so the
/// URL can be logged and shown on the settings page. Query parameters are not supported (TLS
/// and the pool size are settings of their own); a URL with any is rejected rather than
/// silently half-applied.
public struct PostgresURL: Sendable, Hashable, CustomStringConvertible {
    /// Server host name or address.
    public var host: String
    /// Server port (5432 when the URL names none).
    public var port: Int
    /// Role to log in as.
    public var username: String
    /// Its password, if any.
    public var password: Secret?
    /// Database name (the user name when the URL names none, as libpq does).
    public var database: String

    /// Creates a URL from its parts.
    public init(host: String, port: Int = 5432, username: String, password: Secret? = nil, database: String) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
    }

    /// Parses `postgres://` or `postgresql://` URLs; `nil` when `text` is not one this store
    /// can use (no host, no user, a bad port, query parameters, a path with more than a name).
    public init?(_ text: String) {
        guard let components = URLComponents(string: text),
            let scheme = components.scheme?.lowercased(), ["postgres", "postgresql"].contains(scheme),
            let host = components.host, !host.isEmpty,
            let user = components.user, !user.isEmpty,
            components.query == nil, components.fragment == nil
        else { return nil }
        let port = components.port ?? 5432
        guard (1...65_535).contains(port) else { return nil }
        var path = components.path
        if path.hasPrefix("/") { path.removeFirst() }
        guard !path.contains("/") else { return nil }
        self.host = host
        self.port = port
        self.username = user
        self.password = components.password.map { Secret($0) }
        self.database = path.isEmpty ? user : path
    }

    /// The same server and credentials, another database (tests create one per test).
    public func with(database: String) -> PostgresURL {
        var copy = self
        copy.database = database
        return copy
    }

    /// The URL with `***` for the password: safe to log.
    public var masked: String {
        let credentials = username + (password == nil ? "" : ":***")
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "postgres://\(credentials)@\(shownHost):\(port)/\(database)"
    }

    /// Same as ``masked``.
    public var description: String { masked }
}
