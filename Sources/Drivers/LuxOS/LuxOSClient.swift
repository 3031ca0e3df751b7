import HiveProtocols
import Logging

/// Speaks LUXminer's CGMiner-compatible API on port 4028: reads, and privileged commands that
/// take a session id as their first parameter (docs.luxor.tech/firmware/api/sessions).
///
/// - A privileged command is sent as an exact payload `{"command":…,"parameter":"<id>,…"}`, so
///   the id never appears in a request's description (errors and logs show the command name
///   only).
/// - The id comes from ``LuxOSSession``; without one, `logon` creates it. When another client
///   holds the miner's only session, `logon` answers code 402 "Another session is active" and
///   `session` names the active id, which is shared: LUXminer sessions coordinate writers,
///   they do not authenticate (as the public LuxOS clients do).
/// - A command refused for its session (an error whose message mentions the session, e.g.
///   after the one-minute idle expiry) forgets the id, acquires a fresh one and is sent once
///   more.
/// - No `logoff` is sent: the id is reused for the next command, and the firmware drops it
///   one minute after its last use.
struct LuxOSClient: Sendable {
    let cgminer: any CGMinerTransport
    let session: LuxOSSession
    let logger: Logger

    /// A read; an `E`/`F` status throws `.unexpectedResponse` with the firmware's message.
    func read(_ command: String, parameter: String? = nil) async throws -> JSONValue {
        let request = CGMinerRequest(command: command, parameter: parameter)
        let reply = try Self.parse(try await cgminer.send(request), request: request.description)
        if let status = LuxOSStatus(reply), status.isError {
            throw DriverError(.unexpectedResponse, status.message ?? "error status", request: request.description)
        }
        return reply
    }

    /// A read whose refusal by the firmware is an answer (`nil`), e.g. `healthchipget` for a
    /// board that does not answer; transport failures still throw.
    func readIfAnswered(_ command: String, parameter: String? = nil) async throws -> JSONValue? {
        let request = CGMinerRequest(command: command, parameter: parameter)
        let reply = try Self.parse(try await cgminer.send(request), request: request.description)
        if let status = LuxOSStatus(reply), status.isError { return nil }
        return reply
    }

    /// A privileged command with its arguments after the session id. With `allowsEmptyReply`
    /// (`rebootdevice`), a connection closed without a reply counts as accepted.
    func privileged(
        _ command: String, _ arguments: [String] = [], allowsEmptyReply: Bool = false
    ) async throws -> LuxOSWriteReply {
        var refusal = "the miner refused its session"
        for attempt in 0..<2 {
            let id = try await session.id { try await acquire() }
            let parameter = ([id] + arguments).joined(separator: ",")
            let payload = JSONValue.object(["command": .string(command), "parameter": .string(parameter)])
            let request = CGMinerRequest(
                command: command, payload: Array(payload.serialized().utf8), allowsEmptyReply: allowsEmptyReply)
            let bytes = try await cgminer.send(request)
            if bytes.isEmpty && allowsEmptyReply { return .accepted(.null) }
            let reply = try Self.parse(bytes, request: command)
            guard let status = LuxOSStatus(reply), status.isError else { return .accepted(reply) }
            let message = (status.message ?? "error status").replacingOccurrences(of: id, with: "***")
            guard status.refusesSession else { return .refused(message) }
            refusal = message
            await session.invalidate(id)
            if attempt == 0 {
                logger.debug("LuxOS refused the session; acquiring a new one", metadata: ["command": "\(command)"])
            }
        }
        return .refused("\(refusal) (twice, with a fresh session)")
    }

    /// A new session from `logon`, or the active one from `session` when another client holds it.
    func acquire() async throws -> String {
        let logon = try Self.parse(try await cgminer.send(CGMinerRequest(command: "logon")), request: "logon")
        if let id = Self.sessionID(logon) { return id }
        let active = try Self.parse(try await cgminer.send(CGMinerRequest(command: "session")), request: "session")
        if let id = Self.sessionID(active) { return id }
        throw DriverError(
            .rejected, "LuxOS gave no session: \(LuxOSStatus(logon)?.message ?? "logon refused"), and none is active",
            request: "logon")
    }

    /// `SESSION[0].SessionID` when non-empty.
    static func sessionID(_ reply: JSONValue) -> String? {
        guard let id = reply["SESSION"]?[0]?["SessionID"]?.string, !id.isEmpty else { return nil }
        return id
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

/// The `STATUS[0]` entry of a LUXminer reply.
struct LuxOSStatus: Sendable, Equatable {
    /// `S` (success), `I` (info), `W` (warning), `E` (error) or `F` (fatal).
    var kind: String
    /// The status code.
    var code: Int?
    /// `Msg`.
    var message: String?

    /// Reads `STATUS[0]`; `nil` when the reply has none.
    init?(_ reply: JSONValue) {
        guard let entry = reply["STATUS"]?[0], let kind = entry["STATUS"]?.string else { return nil }
        self.kind = kind
        self.code = entry["Code"]?.int
        self.message = entry["Msg"]?.string
    }

    /// An error or fatal status.
    var isError: Bool { kind == "E" || kind == "F" }

    /// Whether the firmware refused the session id (its wording is not documented; every such
    /// message names the session).
    var refusesSession: Bool { isError && (message?.lowercased().contains("session") ?? false) }
}

/// How LUXminer answered a privileged command.
enum LuxOSWriteReply: Sendable {
    /// Accepted; the reply (`.null` when the connection closed without one).
    case accepted(JSONValue)
    /// Refused, with the firmware's message (the session id blanked).
    case refused(String)

    /// The firmware's message when refused.
    var refusal: String? {
        if case .refused(let message) = self { return message }
        return nil
    }
}
