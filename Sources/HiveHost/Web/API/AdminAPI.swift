import HiveProtocols
import Hummingbird

/// `/api/v1/me`, `/api/v1/users…`, `/api/v1/tokens…` and `/api/v1/settings`.
struct AdminAPI {
    let web: WebContext

    func register(_ router: Router<WebRequestContext>) {
        router.get("/api/v1/me") { _, context in try me(context) }
        router.post("/api/v1/me/password") { request, context in try await changeOwnPassword(request, context) }
        router.get("/api/v1/users") { _, context in try await users(context) }
        router.post("/api/v1/users") { request, context in try await createUser(request, context) }
        router.patch("/api/v1/users/:id") { request, context in try await updateUser(request, context) }
        router.delete("/api/v1/users/:id") { request, context in try await deleteUser(request, context) }
        router.get("/api/v1/tokens") { _, context in try await tokens(context) }
        router.post("/api/v1/tokens") { request, context in try await createToken(request, context) }
        router.delete("/api/v1/tokens/:id") { request, context in try await deleteToken(request, context) }
        router.get("/api/v1/settings") { _, context in try settings(context) }
    }

    private func me(_ context: WebRequestContext) throws -> Response {
        let principal = try Guard.require(.viewer, context)
        return JSONResponse.make([
            "name": .string(principal.name), "role": .string(principal.role.rawValue),
            "via": .string(principal.via.rawValue), "csrf_token": .text(principal.csrfToken ?? context.cookieCSRF),
        ])
    }

    private func changeOwnPassword(_ request: Request, _ context: WebRequestContext) async throws -> Response {
        let principal = try Guard.requireWrite(.viewer, request, context)
        guard principal.via == .session, let userID = principal.userID,
            let user = try await web.users.user(userID)
        else { throw APIError(.conflict, code: "not_a_user", message: "only a logged-in user has a password") }
        let body = try await RequestInput.jsonObject(request, context)
        let current = try RequestInput.string(body, "current_password", maxLength: 1024)
        let new = try newPassword(body, "new_password")
        guard web.web.passwordHasher.verify(current, against: user.passwordHash) else {
            throw APIError.invalid("current_password", "does not match")
        }
        _ = try await web.users.updateUser(
            userID, role: nil, passwordHash: web.web.passwordHasher.hash(new), disabled: nil, at: web.now())
        try await record(principal, request, context, "password_change", ["user": user.username])
        return Response(status: .noContent)
    }

    private func users(_ context: WebRequestContext) async throws -> Response {
        _ = try Guard.require(.admin, context)
        return JSONResponse.make(["items": .array(try await web.users.users().map(APIJSON.user))])
    }

    private func createUser(_ request: Request, _ context: WebRequestContext) async throws -> Response {
        let principal = try Guard.requireWrite(.admin, request, context)
        let body = try await RequestInput.jsonObject(request, context)
        let username = try RequestInput.string(body, "username", maxLength: 64)
        guard username.allSatisfy({ $0.isLetter || $0.isNumber || "._-@".contains($0) }) else {
            throw APIError.invalid("username", "letters, digits and . _ - @ only")
        }
        let password = try newPassword(body, "password")
        let role = try RequestInput.role(body) ?? .viewer
        let user: UserRecord
        do {
            user = try await web.users.createUser(
                username: username, passwordHash: web.web.passwordHasher.hash(password), role: role, at: web.now())
        } catch let error as WebStoreError where error.kind == .conflict {
            throw APIError(.conflict, code: "conflict", message: "username: \(username) is taken", field: "username")
        }
        try await record(principal, request, context, "user_create", ["user": username, "role": role.rawValue])
        return JSONResponse.make(APIJSON.user(user), status: .created)
    }

    private func updateUser(_ request: Request, _ context: WebRequestContext) async throws -> Response {
        let principal = try Guard.requireWrite(.admin, request, context)
        let id = UserRecord.ID(rawValue: try RequestInput.positiveID(context))
        let body = try await RequestInput.jsonObject(request, context)
        let role = try RequestInput.role(body)
        let disabled = try RequestInput.bool(body, "disabled")
        let password = body["password"] == nil ? nil : try newPassword(body, "password")
        guard let existing = try await web.users.user(id) else { throw APIError.notFound("user \(id)") }
        if existing.role == .admin, role.map({ $0 != .admin }) == true || disabled == true {
            try await requireAnotherAdmin(besides: id)
        }
        guard
            let user = try await web.users.updateUser(
                id, role: role, passwordHash: password.map(web.web.passwordHasher.hash), disabled: disabled,
                at: web.now())
        else { throw APIError.notFound("user \(id)") }
        var parameters = ["user": user.username]
        if let role { parameters["role"] = role.rawValue }
        if let disabled { parameters["disabled"] = String(disabled) }
        if password != nil { parameters["password"] = "changed" }
        try await record(principal, request, context, "user_update", parameters)
        return JSONResponse.make(APIJSON.user(user))
    }

    private func deleteUser(_ request: Request, _ context: WebRequestContext) async throws -> Response {
        let principal = try Guard.requireWrite(.admin, request, context)
        let id = UserRecord.ID(rawValue: try RequestInput.positiveID(context))
        guard let user = try await web.users.user(id) else { throw APIError.notFound("user \(id)") }
        if user.role == .admin { try await requireAnotherAdmin(besides: id) }
        _ = try await web.users.deleteUser(id)
        try await record(principal, request, context, "user_delete", ["user": user.username])
        return Response(status: .noContent)
    }

    private func tokens(_ context: WebRequestContext) async throws -> Response {
        _ = try Guard.require(.admin, context)
        return JSONResponse.make(["items": .array(try await web.users.tokens().map(APIJSON.token))])
    }

    /// Creates a token and shows it once; only its SHA-256 is stored.
    private func createToken(_ request: Request, _ context: WebRequestContext) async throws -> Response {
        let principal = try Guard.requireWrite(.admin, request, context)
        let body = try await RequestInput.jsonObject(request, context)
        let name = try RequestInput.string(body, "name", maxLength: 64)
        let role = try RequestInput.role(body) ?? .viewer
        let days = try RequestInput.number(body, "expires_in_days", in: 1...3650)
        let now = web.now()
        let token = SecretToken.newAPIToken()
        let record = try await web.users.createToken(
            name: name, tokenHash: SecretToken.hash(token), prefix: String(token.prefix(8)), role: role,
            createdBy: principal.name, at: now, expiresAt: days.map { now.adding(milliseconds: Int64($0 * 86_400_000)) }
        )
        try await self.record(principal, request, context, "token_create", ["token": name, "role": role.rawValue])
        var json = APIJSON.token(record)
        if case .object(var object) = json {
            object["token"] = .string(token)
            json = .object(object)
        }
        return JSONResponse.make(json, status: .created)
    }

    private func deleteToken(_ request: Request, _ context: WebRequestContext) async throws -> Response {
        let principal = try Guard.requireWrite(.admin, request, context)
        let id = APITokenRecord.ID(rawValue: try RequestInput.positiveID(context))
        guard try await web.users.deleteToken(id) else { throw APIError.notFound("token \(id)") }
        try await record(principal, request, context, "token_delete", ["token_id": id.description])
        return Response(status: .noContent)
    }

    private func settings(_ context: WebRequestContext) throws -> Response {
        _ = try Guard.require(.admin, context)
        return JSONResponse.make(web.config.maskedJSON)
    }

    private func newPassword(_ body: [String: JSONValue], _ field: String) throws(APIError) -> String {
        guard case .string(let password)? = body[field] else { throw .invalid(field, "required") }
        guard password.count >= web.web.minimumPasswordLength, password.count <= 1024 else {
            throw .invalid(field, "\(web.web.minimumPasswordLength) to 1024 characters")
        }
        return password
    }

    private func requireAnotherAdmin(besides id: UserRecord.ID) async throws {
        let admins = try await web.users.users().filter { $0.role == .admin && !$0.disabled && $0.id != id }
        guard !admins.isEmpty else {
            throw APIError(
                .conflict, code: "last_admin", message: "the last enabled admin cannot be removed or demoted")
        }
    }

    private func record(
        _ principal: Principal, _ request: Request, _ context: WebRequestContext, _ action: String,
        _ parameters: [String: String]
    ) async throws {
        try await web.audit.append(
            ControlAuditEntry(
                time: web.now(), actor: principal.actor, remoteIP: web.clientIP(request, context), action: action,
                parameters: parameters, outcome: "ok"))
    }
}
