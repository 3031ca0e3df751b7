import Foundation
import Hummingbird

/// The dashboard's shared layout and responses.
enum Pages {
    /// A full page: header with navigation, the signed-in user and a logout form; `body` inside
    /// `<main>`. `csrf` is placed in a meta tag for the bundled script.
    static func document(
        title: String, active: String, web: WebContext, principal: Principal?, csrf: String?, body: String
    )
        -> String
    {
        var nav = ""
        for (path, label, key) in [
            ("/", "Fleet", "fleet"), ("/energy", "Energy", "energy"), ("/discovery", "Discovery", "discovery"),
        ] {
            nav += "<a href=\"\(path)\"\(key == active ? " class=\"active\"" : "")>\(label)</a>"
        }
        var user = ""
        if let principal {
            user = "<span class=\"who\">\(HTML.escape(principal.name)) · \(principal.role.rawValue)</span>"
            if principal.via == .session {
                user += """
                    <form method="post" action="/logout" class="inline"><input type="hidden" name="csrf" \
                    value="\(HTML.escape(csrf ?? ""))"><button type="submit" class="link">Log out</button></form>
                    """
            }
        }
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="csrf-token" content="\(HTML.escape(csrf ?? ""))">
            <title>\(HTML.escape(title)) · PowerHive</title>
            <link rel="icon" href="/assets/icon.svg" type="image/svg+xml">
            <link rel="stylesheet" href="/assets/app.css?v=\(Assets.version)">
            <script src="/assets/app.js?v=\(Assets.version)" defer></script>
            </head><body>
            <header><a class="brand" href="/">PowerHive</a><nav>\(nav)</nav>\
            <span class="site">\(HTML.escape(web.config.instance.id))</span><div class="user">\(user)</div></header>
            <main>\(body)</main>
            </body></html>
            """
    }

    /// An HTML response.
    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status,
            headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    /// A 303 redirect (after a form post, or to the login page).
    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location, .cacheControl: "no-store"])
    }

    /// An error page.
    static func errorPage(_ error: APIError, web: WebContext, principal: Principal?) -> Response {
        let body = """
            <section class="card error"><h1>\(error.status.code) \(HTML.escape(error.status.reasonPhrase))</h1>
            <p>\(HTML.escape(error.message))</p><p><a href="/">Back to the fleet</a></p></section>
            """
        var response = html(
            document(
                title: "Error", active: "", web: web, principal: principal, csrf: principal?.csrfToken, body: body),
            status: error.status)
        for field in error.headers where field.name == .retryAfter { response.headers.append(field) }
        return response
    }

    /// The CSRF token the page's forms must carry.
    static func csrf(_ context: WebRequestContext) -> String? {
        context.principal?.csrfToken ?? context.cookieCSRF
    }

    /// A hidden CSRF form field.
    static func csrfField(_ context: WebRequestContext) -> String {
        "<input type=\"hidden\" name=\"csrf\" value=\"\(HTML.escape(csrf(context) ?? ""))\">"
    }
}
