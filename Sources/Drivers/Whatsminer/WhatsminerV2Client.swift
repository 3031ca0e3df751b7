import HiveProtocols
import Logging

/// Speaks Whatsminer API v2 (btminer on port 4028): plain reads, and privileged writes
/// encrypted with a token from `get_token` (see ``WhatsminerV2Token``).
///
/// The token is kept in ``WhatsminerTokenCache`` and reused for up to ``tokenLifetime``; a
/// write the miner refuses as a token error (codes 135 "check token error", 136 "token over
/// max times") gets one fresh token and one retry. Requests are
/// `{"command":…}` for reads and `{"enc":1,"data":…}` for writes; replies are parsed with
/// `TolerantJSONReader`.
struct WhatsminerV2Client: Sendable {
    /// How long a token is reused (the firmware's tokens last 30 minutes).
    static let tokenLifetime: Duration = .seconds(29 * 60)

    let cgminer: any CGMinerTransport
    let password: String
    let tokens: WhatsminerTokenCache
    let logger: Logger

    /// A read command; an `E` status throws `.unexpectedResponse` with the firmware's message.
    func read(_ command: String) async throws -> JSONValue {
        let request = CGMinerRequest(command: command)
        let reply = try Self.parse(try await cgminer.send(request), request: request.description)
        if let status = Self.status(reply), status.kind == "E" {
            throw DriverError(.unexpectedResponse, status.message ?? "error status", request: request.description)
        }
        return reply
    }

    /// A privileged command with its parameters (`{"power_limit":"3000"}`), encrypted.
    /// With `allowsEmptyReply` (reboot), a connection closed without a reply counts as accepted.
    func write(
        _ command: String, _ parameters: [String: JSONValue] = [:], allowsEmptyReply: Bool = false
    ) async throws -> WhatsminerWriteReply {
        for attempt in 0..<2 {
            let token: WhatsminerV2Token
            switch try await currentToken() {
            case .success(let fresh): token = fresh
            case .failure(let refusal): return refusal.reply
            }
            let envelope = token.envelope(command: command, parameters: parameters)
            let request = CGMinerRequest(command: command, payload: envelope, allowsEmptyReply: allowsEmptyReply)
            let bytes = try await cgminer.send(request)
            if bytes.isEmpty && allowsEmptyReply { return .accepted(.null) }
            let reply = try decode(bytes, token: token, request: request.description)
            guard let status = Self.status(reply), status.kind == "E" || status.kind == "F" else {
                return .accepted(reply)
            }
            let message = status.message ?? "error status"
            if WhatsminerWriteReply.meansWriteDisabled(message, code: status.code) { return .writeDisabled(message) }
            guard Self.isTokenError(status) else { return .refused(message) }
            guard attempt == 0 else {
                throw DriverError(
                    .authenticationFailed, "the miner refused the token derived from the admin password",
                    request: request.description, response: message)
            }
            logger.debug("Whatsminer token refused, fetching a new one", metadata: ["code": "\(status.code ?? 0)"])
            await tokens.clear()
        }
        return .refused("token refused")
    }

    /// A `get_token` refusal, carried as the write's reply.
    struct TokenRefusal: Error {
        var reply: WhatsminerWriteReply
    }

    /// The cached token, or a new one from `get_token`; a refused `get_token` is returned as
    /// the reply to report (write access disabled, or the firmware's message).
    func currentToken() async throws -> Result<WhatsminerV2Token, TokenRefusal> {
        let now = ContinuousClock.now
        if let token = await tokens.token, token.issued.duration(to: now) < Self.tokenLifetime {
            return .success(token)
        }
        let request = CGMinerRequest(command: "get_token")
        let reply = try Self.parse(try await cgminer.send(request), request: request.description)
        if let status = Self.status(reply), status.kind != "S" {
            let message = status.message ?? "get_token refused"
            return .failure(
                TokenRefusal(
                    reply: WhatsminerWriteReply.meansWriteDisabled(message, code: status.code)
                        ? .writeDisabled(message) : .refused("get_token: \(message)")))
        }
        guard let message = reply["Msg"],
            let token = WhatsminerV2Token(tokenReply: message, password: password, issued: now)
        else {
            throw DriverError(
                .unexpectedResponse, "get_token reply has no salt, newsalt and time", request: "get_token")
        }
        await tokens.store(token)
        return .success(token)
    }

    /// A privileged reply: `{"enc":…}` decrypted, or a plain reply (errors come unencrypted).
    private func decode(_ bytes: [UInt8], token: WhatsminerV2Token, request: String) throws -> JSONValue {
        let reply = try Self.parse(bytes, request: request)
        guard let encoded = reply["enc"]?.string else { return reply }
        guard let plain = token.decrypt(encoded) else {
            throw DriverError(.unexpectedResponse, "encrypted reply is not base64 AES blocks", request: request)
        }
        do {
            return try TolerantJSONReader.parse(plain)
        } catch {
            throw DriverError(
                .authenticationFailed, "the encrypted reply does not decrypt with the admin password's key",
                request: request, underlying: error)
        }
    }

    /// The `STATUS` of a reply: the first entry of a `STATUS` array, or the flat form of `get_*`.
    static func status(_ reply: JSONValue) -> (kind: String, code: Int?, message: String?)? {
        let entry = reply["STATUS"]?[0] ?? reply
        guard let kind = (entry["STATUS"] ?? reply["STATUS"])?.string else { return nil }
        return (kind, entry["Code"]?.int, entry["Msg"]?.string)
    }

    /// Codes 135 (check token error) and 136 (token over max times), or the words.
    static func isTokenError(_ status: (kind: String, code: Int?, message: String?)) -> Bool {
        status.code == 135 || status.code == 136 || (status.message?.lowercased().contains("token") ?? false)
    }

    /// Parses reply bytes tolerantly.
    static func parse(_ bytes: [UInt8], request: String) throws -> JSONValue {
        do {
            return try TolerantJSONReader.parse(bytes)
        } catch {
            throw DriverError(
                .unexpectedResponse, "reply is not JSON", request: request,
                response: String(decoding: bytes.prefix(160), as: UTF8.self), underlying: error)
        }
    }
}

/// The token one driver instance reuses across writes.
actor WhatsminerTokenCache {
    /// The current token, if any.
    private(set) var token: WhatsminerV2Token?
    /// Creates an empty cache.
    init() {}
    /// Keeps `token`.
    func store(_ token: WhatsminerV2Token) { self.token = token }
    /// Forgets the token.
    func clear() { token = nil }
}
