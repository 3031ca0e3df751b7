import Foundation
import HiveProtocols
import Hummingbird
import Logging

/// Turns every error into the answer its client expects: under `/api/` (and for `/metrics`,
/// `/events`) the JSON error body `{"error":{"code":…,"message":…}}`; for pages an HTML page,
/// or a redirect to the login page when the visitor is not logged in. Unexpected errors are
/// logged and answered as a bare 500 without details. Also adds the security headers every
/// response carries.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = WebRequestContext

    let web: WebContext

    func handle(
        _ request: Request, context: WebRequestContext,
        next: (Request, WebRequestContext) async throws -> Response
    ) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            response = answer(error, request, context)
        }
        Self.addSecurityHeaders(&response)
        return response
    }

    private func answer(_ error: any Error, _ request: Request, _ context: WebRequestContext) -> Response {
        let apiError: APIError
        switch error {
        case let error as APIError:
            apiError = error
        case let error as HTTPError:
            apiError = APIError(
                error.status, code: Self.code(for: error.status), message: error.status.reasonPhrase.lowercased())
        default:
            web.logger.error(
                "request failed",
                metadata: ["path": "\(request.uri.path)", "error": "\(String(reflecting: type(of: error)))"])
            web.logger.debug("request failure detail", metadata: ["error": "\(error)"])
            apiError = APIError(.internalServerError, code: "internal", message: "internal error")
        }
        if Self.wantsJSON(request) {
            var response = JSONResponse.make(apiError.body, status: apiError.status)
            for field in apiError.headers { response.headers.append(field) }
            return response
        }
        if apiError.status == .unauthorized {
            let next = request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
            return Pages.redirect(
                "/login?next=" + (next.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/"))
        }
        return Pages.errorPage(apiError, web: web, principal: context.principal)
    }

    static func wantsJSON(_ request: Request) -> Bool {
        let path = request.uri.path
        return path.hasPrefix("/api/") || path == "/metrics" || path == "/events" || path == "/healthz"
            || path == "/readyz"
    }

    static func code(for status: HTTPResponse.Status) -> String {
        switch status.code {
        case 400: "bad_request"
        case 401: "unauthenticated"
        case 403: "forbidden"
        case 404: "not_found"
        case 405: "method_not_allowed"
        case 413: "body_too_large"
        default: status.code >= 500 ? "internal" : "http_\(status.code)"
        }
    }

    static func addSecurityHeaders(_ response: inout Response) {
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.xFrameOptions] = "DENY"
        response.headers[.referrerPolicy] = "same-origin"
        if response.headers[.contentSecurityPolicy] == nil {
            response.headers[.contentSecurityPolicy] =
                "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
        }
    }
}

extension HTTPFields.Element.Name {
    static let xFrameOptions = Self("X-Frame-Options")!
    static let referrerPolicy = Self("Referrer-Policy")!
}
