import Hummingbird

/// The checks every route makes before doing anything: authenticated, role high enough and,
/// for state-changing requests from a browser, a valid CSRF token.
enum Guard {
    /// The principal, when it has at least `role`; otherwise 401 (nobody) or 403 (role too low).
    static func require(_ role: Role, _ context: WebRequestContext) throws -> Principal {
        guard let principal = context.principal else { throw APIError.unauthenticated }
        guard principal.role.allows(role) else { throw APIError.forbidden(role) }
        return principal
    }

    /// ``require(_:_:)`` plus the CSRF check for a state-changing request. Token requests are
    /// exempt (a browser never attaches a bearer token on its own); session requests need the
    /// session's token, and requests without authentication (`auth.mode: "none"`) need the
    /// `ph_csrf` cookie's value, either in the `X-CSRF-Token` header or as `formToken`.
    static func requireWrite(
        _ role: Role, _ request: Request, _ context: WebRequestContext, formToken: String? = nil
    ) throws -> Principal {
        let principal = try require(role, context)
        try checkCSRF(principal: principal, request, context, formToken: formToken)
        return principal
    }

    /// The CSRF check alone.
    static func checkCSRF(
        principal: Principal?, _ request: Request, _ context: WebRequestContext, formToken: String?
    ) throws {
        if principal?.via == .token { return }
        guard let presented = request.headers[.csrfToken] ?? formToken, !presented.isEmpty else {
            throw APIError.csrf
        }
        let expected = principal?.via == .session ? principal?.csrfToken : context.cookieCSRF
        guard let expected, !expected.isEmpty, ConstantTime.equal(presented, expected) else { throw APIError.csrf }
    }
}

extension HTTPFields.Element.Name {
    /// `X-CSRF-Token`.
    static let csrfToken = Self("X-CSRF-Token")!
    /// `X-Forwarded-For`.
    static let xForwardedFor = Self("X-Forwarded-For")!
}
