/// The login form.
enum LoginPage {
    static func render(web: WebContext, context: WebRequestContext, next: String, message: String?) -> String {
        let alert = message.map { "<p class=\"alert\">\(HTML.escape($0))</p>" } ?? ""
        let body = """
            <section class="card login"><h1>Sign in</h1>\(alert)
            <form method="post" action="/login">\(Pages.csrfField(context))
            <input type="hidden" name="next" value="\(HTML.escape(next))">
            <label>User name <input name="username" autocomplete="username" required autofocus></label>
            <label>Password <input name="password" type="password" autocomplete="current-password" required></label>
            <button type="submit">Sign in</button></form></section>
            """
        return Pages.document(title: "Sign in", active: "", web: web, principal: nil, csrf: nil, body: body)
    }
}
