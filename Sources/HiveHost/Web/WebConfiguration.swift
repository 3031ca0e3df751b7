/// Web server settings that are not in `config.json` (they have safe defaults; the daemon may
/// expose some later).
public struct WebConfiguration: Sendable, Hashable {
    /// Mark cookies `Secure` (set when an HTTPS reverse proxy fronts the server).
    public var secureCookies: Bool
    /// Take the client address from the first `X-Forwarded-For` entry (only behind a trusted
    /// reverse proxy; otherwise clients could dodge the login rate limit).
    public var trustForwardedFor: Bool
    /// Idle session lifetime, seconds (sliding: each request extends it).
    public var sessionIdleSeconds: Int
    /// Absolute session lifetime, seconds.
    public var sessionMaxSeconds: Int
    /// Login rate limit.
    public var loginLimits: LoginRateLimiter.Configuration
    /// Password hashing.
    public var passwordHasher: PasswordHasher
    /// Serve `/metrics` without authentication (default: a viewer session or token is needed).
    public var publicMetrics: Bool
    /// Seconds between server-sent summary events on `/events`.
    public var eventIntervalSeconds: Int
    /// Shortest password accepted for new passwords.
    public var minimumPasswordLength: Int

    /// Creates settings; the defaults suit a LAN deployment behind no proxy.
    public init(
        secureCookies: Bool = false, trustForwardedFor: Bool = false, sessionIdleSeconds: Int = 8 * 3600,
        sessionMaxSeconds: Int = 7 * 86_400, loginLimits: LoginRateLimiter.Configuration = .init(),
        passwordHasher: PasswordHasher = PasswordHasher(), publicMetrics: Bool = false, eventIntervalSeconds: Int = 10,
        minimumPasswordLength: Int = 10
    ) {
        self.secureCookies = secureCookies
        self.trustForwardedFor = trustForwardedFor
        self.sessionIdleSeconds = max(60, sessionIdleSeconds)
        self.sessionMaxSeconds = max(self.sessionIdleSeconds, sessionMaxSeconds)
        self.loginLimits = loginLimits
        self.passwordHasher = passwordHasher
        self.publicMetrics = publicMetrics
        self.eventIntervalSeconds = max(1, eventIntervalSeconds)
        self.minimumPasswordLength = max(1, minimumPasswordLength)
    }
}
