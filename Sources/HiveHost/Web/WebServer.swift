import Foundation
public import Hummingbird
import Logging

/// Builds PowerHive's web server: dashboard pages, the JSON API under `/api/v1`, `/metrics`,
/// `/healthz`, `/readyz`, `/events`, bundled assets. Tests call ``buildRouter(context:)`` (or
/// ``makeWebApplication(context:)``) with HummingbirdTesting; the daemon adds the application to
/// its `ServiceGroup`.
public enum WebServer {
    /// The router with every route and the middleware (errors and security headers first, then
    /// authentication).
    public static func buildRouter(context web: WebContext) -> Router<WebRequestContext> {
        let router = Router(context: WebRequestContext.self)
        router.add(middleware: ErrorMiddleware(web: web))
        router.add(middleware: AuthMiddleware(web: web))
        AssetRoutes().register(router)
        HealthRoutes(web: web).register(router)
        MetricsRoutes(web: web).register(router)
        SessionRoutes(web: web).register(router)
        EventRoutes(web: web).register(router)
        MinerAPI(web: web).register(router)
        EnergyAPI(web: web).register(router)
        PolicyAPI(web: web).register(router)
        DiscoveryAPI(web: web).register(router)
        AdminAPI(web: web).register(router)
        PageRoutes(web: web).register(router)
        return router
    }

    /// The web application: a `Service` listening on `http.addr`, which creates the first admin
    /// before it starts listening (see ``AdminBootstrap``).
    ///
    /// - Throws: ``WebStartupError`` when `auth.mode` is `none` but the address is not loopback
    ///   (the configuration check refuses this too; this is the second line of defence).
    public static func makeWebApplication(context web: WebContext) throws -> some ApplicationProtocol {
        try checkAuthMode(web.config)
        var app = Application(
            router: buildRouter(context: web),
            configuration: ApplicationConfiguration(
                address: .hostname(web.config.http.host, port: web.config.http.port), serverName: "PowerHive"),
            logger: web.logger)
        app.beforeServerStarts {
            try await AdminBootstrap.ensureAdmin(context: web)
        }
        return app
    }

    /// Refuses `auth.mode: "none"` unless the listen address is loopback.
    public static func checkAuthMode(_ config: PowerHiveConfig) throws {
        guard config.auth.mode == "none" else { return }
        let host = config.http.host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        let loopback = host == "localhost" || host == "::1" || host.hasPrefix("127.")
        guard loopback else {
            throw WebStartupError(
                "auth.mode \"none\" is only allowed when http.addr listens on loopback (127.0.0.1:port); "
                    + "it is \(config.http.addr). Set auth.mode to \"password\" or listen on 127.0.0.1.")
        }
    }
}
