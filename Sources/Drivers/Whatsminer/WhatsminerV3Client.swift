import Foundation
import HiveProtocols
import Logging

/// Speaks Whatsminer API v3 (firmware from late 2024): TCP 4433, each message a 4-byte
/// little-endian length and JSON `{"cmd":…,"param":…}`; replies `{"code":0,"msg":…}`.
///
/// Writes (`set.*`) carry `account`, `ts` and `token` = the first 8 characters of
/// base64(SHA-256(cmd + password + salt + ts)), with the salt from `get.device.info`. `ts` is
/// the miner's own clock (`when` of that reply), so a miner with a wrong clock still accepts
/// it. The firmware allows few concurrent clients: one request at a time, each on its own
/// connection.
struct WhatsminerV3Client: Sendable {
    /// The v3 API port.
    static let port = 4433

    let cgminer: any CGMinerTransport
    let account: String
    let password: String
    let logger: Logger

    /// The request for a read (or the payload of a write).
    static func request(_ cmd: String, param: JSONValue? = nil, extra: [String: JSONValue] = [:]) -> CGMinerRequest {
        var object = extra
        object["cmd"] = .string(cmd)
        if let param { object["param"] = param }
        return CGMinerRequest(
            command: cmd, parameter: param?.string, port: port, framing: .lengthPrefixed,
            payload: Array(JSONValue.object(object).serialized().utf8))
    }

    /// A read; a non-zero `code` throws `.unexpectedResponse` with the firmware's message.
    func read(_ cmd: String, param: JSONValue? = nil) async throws -> JSONValue {
        let request = Self.request(cmd, param: param)
        let reply = try WhatsminerV2Client.parse(try await cgminer.send(request), request: request.description)
        guard let code = reply["code"]?.int else {
            throw DriverError(.unexpectedResponse, "reply has no code", request: request.description)
        }
        guard code == 0 else {
            throw DriverError(
                .unexpectedResponse, "code \(code): \(reply["msg"]?.string ?? "error")", request: request.description)
        }
        return reply
    }

    /// A write with its salted token; the salt and time come from a fresh `get.device.info`.
    func write(_ cmd: String, param: JSONValue?) async throws -> WhatsminerWriteReply {
        let info = try await read("get.device.info")
        guard let salt = info["msg"]?["salt"]?.string, let ts = info["when"]?.int else {
            throw DriverError(.unexpectedResponse, "get.device.info has no salt or when", request: cmd)
        }
        var extra: [String: JSONValue] = [
            "account": .string(account), "ts": .number(Double(ts)),
            "token": .string(Self.token(cmd, password, salt, ts)),
        ]
        let request = Self.request(cmd, param: param, extra: extra)
        let reply = try WhatsminerV2Client.parse(try await cgminer.send(request), request: request.description)
        let code = reply["code"]?.int
        if code == 0 { return .accepted(reply) }
        let message = reply["msg"]?.string ?? reply["desc"]?.string ?? "error"
        if WhatsminerWriteReply.meansWriteDisabled(message, code: nil) { return .writeDisabled(message) }
        if code == -1, message.lowercased().contains("password") || message.lowercased().contains("token") {
            throw DriverError(
                .authenticationFailed, "the miner refused the token for account \(account)",
                request: request.description,
                response: message)
        }
        return .refused("code \(code.map(String.init) ?? "?"): \(message)")
    }

    /// The first 8 characters of base64(SHA-256(cmd + password + salt + ts)).
    static func token(_ cmd: String, _ password: String, _ salt: String, _ ts: Int) -> String {
        let digest = SHA256Digest.hash(Array("\(cmd)\(password)\(salt)\(ts)".utf8))
        return String(Data(digest).base64EncodedString().prefix(8))
    }
}
