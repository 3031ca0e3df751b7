import HiveProtocols
import Logging

extension VNishClient {
    /// The API key for reads, provisioned once per miner; `nil` when the miner offers none
    /// (the caller then uses the bearer token).
    ///
    /// Order: the key already in this instance; the credential store (`vnish.apikey.<host>`);
    /// a key described "PowerHive" listed by `GET /api/v1/apikeys`; a new random key created
    /// with `POST /api/v1/apikeys` and stored. Never more than one new key per miner, however
    /// often PowerHive restarts (as long as the credential store or the miner's list keeps it).
    func apiKey() async throws -> Secret? {
        if let key = await session.apiKey { return key }
        if await session.apiKeyUnavailable { return nil }
        return try await exclusively {
            if let key = await session.apiKey { return key }
            if await session.apiKeyUnavailable { return nil }
            if let stored = try await store.secret(for: keyName) {
                await session.setAPIKey(stored)
                return stored
            }
            guard let key = try await provisionKey() else {
                await session.markAPIKeyUnavailable()
                return nil
            }
            try await store.store(key, for: keyName)
            await session.setAPIKey(key)
            return key
        }
    }

    /// Lists the miner's keys and reuses PowerHive's, or creates one. Runs under the lock.
    private func provisionKey() async throws -> Secret? {
        let list = try await lockedBearerSend("GET", "/api/v1/apikeys", body: nil)
        guard list.isSuccess else {
            logger.warning(
                "VNish API keys cannot be listed; reads use the bearer token",
                metadata: ["status": "\(list.status)"])
            return nil
        }
        let keys = (try? Self.json(list, request: "GET /api/v1/apikeys"))?.array ?? []
        for entry in keys where entry["description"]?.string?.lowercased() == Self.keyDescription.lowercased() {
            if let key = entry["key"]?.string, !key.isEmpty { return Secret(key) }
        }
        let key = Secret(Self.randomKey())
        let created = try await lockedBearerSend(
            "POST", "/api/v1/apikeys",
            body: ["key": .string(key.value), "description": .string(Self.keyDescription)])
        if let message = Self.errorText(created) ?? (created.isSuccess ? nil : "HTTP \(created.status)") {
            logger.warning(
                "VNish refused to create an API key; reads use the bearer token", metadata: ["reason": "\(message)"])
            return nil
        }
        logger.info("created the PowerHive API key on the miner")
        return key
    }

    /// A bearer request made while holding the lock: unlocks directly (not through the lock)
    /// when there is no token, and at most once more on a 401/403.
    private func lockedBearerSend(_ method: String, _ path: String, body: JSONValue?) async throws -> HTTPResponse {
        let hadToken = await session.token
        let token: Secret
        if let hadToken { token = hadToken } else { token = try await unlock() }
        let first = try await http.send(Self.request(method, path, body: body, auth: .bearer(token)))
        guard Self.isAuthRefusal(first) else { return first }
        let fresh = try await unlock()
        let second = try await http.send(Self.request(method, path, body: body, auth: .bearer(fresh)))
        guard Self.isAuthRefusal(second) else { return second }
        throw DriverError(
            .authenticationFailed, "VNish refused a fresh token (HTTP \(second.status))",
            request: "\(method) \(path)")
    }

    /// 32 lowercase hexadecimal digits (16 random bytes), the format VNish accepts.
    static func randomKey() -> String {
        var generator = SystemRandomNumberGenerator()
        let digits = Array("0123456789abcdef")
        return String((0..<32).map { _ in digits[Int(generator.next() % 16)] })
    }
}
