import HiveProtocols

/// The GraphQL documents this driver sends to Braiins OS 21.09–25.05 (`POST /graphql`).
enum BraiinsGraphQL {
    /// One read that answers identification, identity, power limits and read-backs:
    /// hostname, MAC, fault light, build string, model, autotuning config and its limits.
    /// No login is needed for it.
    static let stateQuery =
        "{bos{hostname macAddress faultLight info{version{full}}}"
        + " bosminer{info{modelName} config{... on BosminerConfig{autotuning{enabled mode powerTarget}}}"
        + " metadata{autotuning{powerTarget{default min max}}}}}"

    /// The state query as a request (also the identification probe).
    static let stateRequest = HTTPRequest.json("POST", "/graphql", body: ["query": .string(stateQuery)])

    /// Logs in; the session arrives as a `session_id` cookie.
    static let login =
        "mutation($username:String!,$password:String!){auth{login(username:$username,password:$password)"
        + "{... on VoidResult{void} ... on AuthError{message}}}}"

    /// Sets the tuner's power target and applies it.
    static let setPowerTarget =
        "mutation($watts:Int!){bosminer{config{updateAutotuning(input:{powerTarget:$watts},apply:true)"
        + "{... on AutotuningOut{autotuning{powerTarget}} ... on AutotuningError{message}"
        + " ... on AttributeError{message}}}}}"

    /// Stops bosminer (hashing stops, the control board stays up).
    static let stop = "mutation{bosminer{stop{... on VoidResult{void} ... on BosminerError{message}}}}"
    /// Starts bosminer.
    static let start = "mutation{bosminer{start{... on VoidResult{void} ... on BosminerError{message}}}}"
    /// Reboots the control board.
    static let reboot = "mutation{bos{reboot{... on VoidResult{void} ... on BosError{message}}}}"
    /// Turns the fault light on or off.
    static let setFaultLight = "mutation($enable:Boolean!){bos{setFaultLight(enable:$enable){enabled}}}"
}

/// Sends GraphQL requests to one Braiins OS miner, logging in for mutations.
///
/// `auth.login` answers with a `session_id` cookie, kept in the instance and sent as
/// `Cookie: session_id=…`. A mutation refused as unauthenticated (HTTP 401/403, or an error
/// naming authentication) logs in once more and retries once.
struct BraiinsGraphQLClient: Sendable {
    let http: any HTTPTransport
    let credentials: Credentials
    let session = LoginSession()

    /// The `data` of the state query (no login).
    func state() async throws -> JSONValue {
        let response = try await http.send(BraiinsGraphQL.stateRequest)
        guard response.isSuccess else {
            throw DriverError(
                .unexpectedResponse, "HTTP \(response.status)", request: "POST /graphql", response: response.text)
        }
        let reply = try BraiinsReader.json(response.body, request: "POST /graphql")
        guard let data = reply["data"], data.object != nil else {
            throw DriverError(
                .unexpectedResponse, "GraphQL reply has no data: \(Self.errorText(reply) ?? "no message")",
                request: "POST /graphql")
        }
        return data
    }

    /// Runs a mutation with the session cookie. GraphQL errors come back as `.refused`.
    func mutate(_ document: String, variables: JSONValue? = nil) async throws -> BraiinsWriteReply {
        let cookie = try await currentCookie()
        let first = try await send(document, variables: variables, cookie: cookie)
        guard Self.isAuthRefusal(first) else { return try Self.reply(first) }
        let fresh = try await session.exclusively { [self] in
            if let current = await session.secret, current != cookie { return current }
            return try await login()
        }
        let second = try await send(document, variables: variables, cookie: fresh)
        guard Self.isAuthRefusal(second) else { return try Self.reply(second) }
        throw DriverError(.authenticationFailed, "Braiins OS refused a fresh session", request: "POST /graphql")
    }

    private func send(_ document: String, variables: JSONValue?, cookie: Secret) async throws -> HTTPResponse {
        var body: [String: JSONValue] = ["query": .string(document)]
        if let variables { body["variables"] = variables }
        var request = HTTPRequest.json("POST", "/graphql", body: .object(body))
        request.headers.append(HTTPHeader("Cookie", "session_id=\(cookie.value)"))
        return try await http.send(request)
    }

    /// The session cookie, logging in first if there is none.
    func currentCookie() async throws -> Secret {
        if let cookie = await session.secret { return cookie }
        return try await session.exclusively { [self] in
            if let cookie = await session.secret { return cookie }
            return try await login()
        }
    }

    /// `auth.login`; the cookie comes from `Set-Cookie`. Callers hold the session lock.
    func login() async throws -> Secret {
        let variables: JSONValue = [
            "username": .string(credentials.username), "password": .string(credentials.password.value),
        ]
        let request = HTTPRequest.json(
            "POST", "/graphql", body: ["query": .string(BraiinsGraphQL.login), "variables": variables])
        let response = try await http.send(request)
        let reply = try? TolerantJSONReader.parse(response.body)
        if let message = reply.flatMap({ BraiinsReader.text($0["data"]?["auth"]?["login"]?["message"]) }) {
            throw DriverError(
                .authenticationFailed, "Braiins OS refused the credentials for \(credentials.username): \(message)",
                request: "POST /graphql (login)")
        }
        guard response.isSuccess, let cookie = Self.sessionCookie(response) else {
            throw DriverError(
                response.status == 401 || response.status == 403 ? .authenticationFailed : .unexpectedResponse,
                "GraphQL login gave no session cookie (HTTP \(response.status))", request: "POST /graphql (login)")
        }
        await session.set(cookie)
        return cookie
    }

    /// The `session_id` value of the response's `Set-Cookie` headers.
    static func sessionCookie(_ response: HTTPResponse) -> Secret? {
        for header in response.headers where header.name.lowercased() == "set-cookie" {
            for part in header.value.split(separator: ";") {
                let pair = part.drop(while: { $0 == " " })
                if pair.hasPrefix("session_id="), pair.count > "session_id=".count {
                    return Secret(String(pair.dropFirst("session_id=".count)))
                }
            }
        }
        return nil
    }

    /// 401/403, or a GraphQL error about authentication.
    static func isAuthRefusal(_ response: HTTPResponse) -> Bool {
        if response.status == 401 || response.status == 403 { return true }
        guard let reply = try? TolerantJSONReader.parse(response.body), let text = errorText(reply)?.lowercased()
        else { return false }
        return text.contains("unauthenticated") || text.contains("unauthorized") || text.contains("not logged")
    }

    /// A mutation reply: `errors`, or a `message` anywhere in `data`, is a refusal.
    static func reply(_ response: HTTPResponse) throws -> BraiinsWriteReply {
        guard response.isSuccess else { return .refused("HTTP \(response.status)") }
        let reply = try BraiinsReader.json(response.body, request: "POST /graphql")
        if let error = errorText(reply) { return .refused(error) }
        let data = reply["data"] ?? .null
        if let message = firstMessage(in: data) { return .refused(message) }
        return .accepted(data)
    }

    /// The first `errors[].message`.
    static func errorText(_ reply: JSONValue) -> String? {
        reply["errors"]?.array?.compactMap { BraiinsReader.text($0["message"]) }.first
    }

    /// The first `message` member anywhere in a value (the error arms of result unions).
    static func firstMessage(in value: JSONValue) -> String? {
        if let message = BraiinsReader.text(value["message"]) { return message }
        for child in value.object.map({ Array($0.values) }) ?? value.array ?? [] {
            if let found = firstMessage(in: child) { return found }
        }
        return nil
    }
}
