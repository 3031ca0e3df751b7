import Logging

/// First start: when no enabled admin exists (a new database), creates `admin` with the configured password
/// (`auth.admin_password` / `POWERHIVE_ADMIN_PASSWORD`) or a generated one, which is logged once
/// at `notice` level and never again (only its hash is stored).
public enum AdminBootstrap {
    /// What ``ensureAdmin(context:)`` did.
    public enum Outcome: Sendable, Hashable {
        /// An enabled admin already existed (or the name `admin` is taken); nothing changed.
        case existing
        /// Created `admin` with the configured password.
        case createdFromConfig
        /// Created `admin` with a generated password (logged once).
        case createdGenerated
        /// Authentication is off; no user needed.
        case authDisabled
    }

    /// The first user's name.
    public static let adminName = "admin"

    /// Creates the first admin when no enabled admin exists.
    @discardableResult
    public static func ensureAdmin(context: WebContext) async throws -> Outcome {
        if context.authDisabled { return .authDisabled }
        let users = try await context.users.users()
        guard !users.contains(where: { $0.role == .admin && !$0.disabled }) else { return .existing }
        let configured = context.config.auth.adminPassword?.value
        let password = configured ?? SecretToken.newPassword()
        let hash = context.web.passwordHasher.hash(password)
        do {
            _ = try await context.users.createUser(
                username: adminName, passwordHash: hash, role: .admin, at: context.now())
        } catch let error as WebStoreError where error.kind == .conflict {
            return .existing  // another instance created it first
        }
        if configured != nil {
            context.logger.notice("created dashboard user 'admin' with the configured admin password")
            return .createdFromConfig
        }
        context.logger.notice(
            "created dashboard user 'admin' with generated password: \(password) — shown once; change it after logging in"
        )
        return .createdGenerated
    }
}

/// Why the web server refuses to start.
public struct WebStartupError: Error, Sendable, CustomStringConvertible {
    /// The explanation.
    public var message: String
    /// Creates an error.
    public init(_ message: String) { self.message = message }
    /// The explanation.
    public var description: String { message }
}
