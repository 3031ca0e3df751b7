import Foundation
import HiveProtocols

/// What ``FixtureServer``'s sockets serve: one case's recordings, matched as
/// ``ReplayTransport`` matches them (it is one underneath), behind the case's authentication.
struct FixtureEndpoint: ServedEndpoint {
    let replay: ReplayTransport
    let authenticator: FixtureAuthenticator

    func admits(_ address: String) -> Bool { true }

    func nextReply() -> ReplyPlan { ReplyPlan() }

    /// The recorded response for method, target (path and query) and port; 401 while the
    /// recording's authentication is not satisfied; 404 when nothing is recorded (a miss).
    func respond(to request: SimulatedHTTPRequest, address: String, port: Int) -> HTTPResponse {
        let key = Exchange.Key.http(method: request.method.uppercased(), path: request.target, port: port)
        if let upcoming = replay.upcoming(key),
            case .refused(let response, let problem) = authenticator.check(request, expected: upcoming.expectedAuth)
        {
            if let problem { replay.note("\(replay.label): \(problem)") }
            return response
        }
        let served = replay.serve(
            key, body: request.body.isEmpty ? nil : request.body, auth: FixtureAuthenticator.kind(of: request))
        guard case .success(let exchange) = served else {
            return HTTPResponse(
                status: 404, headers: [HTTPHeader("Content-Type", "text/html")],
                body: Array("<html><body><h1>404 Not Found</h1></body></html>".utf8))
        }
        let framing: Set<String> = ["content-length", "connection", "transfer-encoding"]
        return HTTPResponse(
            status: exchange.status, headers: exchange.headers.filter { !framing.contains($0.name.lowercased()) },
            body: exchange.body)
    }

    /// The recorded reply bytes (the socket adds the framing: a NUL terminator, so a recorded
    /// trailing NUL is not doubled, or a length prefix); CGMiner's "Invalid command" error for
    /// a miss.
    func respond(toCGMiner call: CGMinerCall, address: String, port: Int) -> [UInt8] {
        let key = Exchange.Key.cgminer(command: call.command, parameter: call.parameter, port: port)
        let served = replay.serve(key, body: call.bytes.isEmpty ? nil : call.bytes, auth: nil)
        guard case .success(let exchange) = served else {
            let when = Int(Date().timeIntervalSince1970)
            return Array(
                (#"{"STATUS":[{"STATUS":"E","When":\#(when),"Code":14,"Msg":"Invalid command","#
                    + #""Description":"PowerHive fixture server"}],"id":1}"#).utf8)
        }
        var body = exchange.body
        if body.last == 0 { body.removeLast() }
        return body
    }
}
