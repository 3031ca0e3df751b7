public import Hummingbird

/// The per-request context: Hummingbird's core plus the client address and, once the
/// authentication middleware has run, who is asking.
public struct WebRequestContext: RequestContext {
    /// Hummingbird's storage.
    public var coreContext: CoreRequestContextStorage
    /// The peer's address (`nil` in router tests).
    public var peerIP: String?
    /// The authenticated principal, if any.
    public var principal: Principal?
    /// The double-submit CSRF token from the `ph_csrf` cookie, for requests without a session.
    public var cookieCSRF: String?

    /// Creates a context for a connection.
    public init(source: ApplicationRequestContextSource) {
        coreContext = CoreRequestContextStorage(source: source)
        peerIP = source.channel.remoteAddress?.ipAddress
    }

    /// Request bodies are small JSON documents and forms.
    public var maxUploadSize: Int { 64 * 1024 }
}
