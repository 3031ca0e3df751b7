import Foundation
import HiveProtocols

@testable import Drivers

/// A fake LUXminer for session and write-flow tests: one session at a time (ids "s1", "s2", …),
/// a profile, ATM, curtail mode and red LED it changes on command, and knobs to make it refuse
/// or fail. Every request is logged as "command" or "command(parameter)" (the parameter of a
/// privileged command includes its session id).
final class LuxOSScriptedMiner: CGMinerTransport, Sendable {
    /// What the miner does and has done.
    struct State: Sendable {
        var log: [String] = []
        /// `CGMinerRequest.description` of every request (what transports put in errors and logs).
        var descriptions: [String] = []
        var issued = 0
        /// The active session; `nil` when none.
        var session: String?
        var profile = "290MHz"
        var atm = true
        var curtailed = false
        var led = "auto"
        /// `profileset` leaves the profile unchanged (acknowledged, not applied).
        var profilesetIgnored = false
        /// `profileset` answers an error.
        var profilesetRefused = false
        /// `profileset` fails in the transport (no reply).
        var profilesetThrows = false
        /// `atmset enabled=true` answers an error.
        var atmRestoreRefused = false
        /// Boards report `IsRamping` after a profile change.
        var rampsAfterChange = false
        var ramping = false
        /// Every session id is refused.
        var refusesEverySession = false
        /// `ledset` fails in the transport.
        var ledsetThrows = false
    }

    private let state: Locked<State>

    init(_ configure: (inout State) -> Void = { _ in }) {
        var initial = State()
        configure(&initial)
        state = Locked(initial)
    }

    /// The state now.
    var snapshot: State { state.read { $0 } }

    /// Changes the state (e.g. to expire the session, as one minute without use does).
    func update(_ body: (inout State) -> Void) { state.write(body) }

    /// A driver bound to this miner.
    func driver() -> LuxOSDriver {
        LuxOSDriver(
            context: DriverContext(
                host: "192.0.2.44", http: NoHTTP(), cgminer: self,
                match: DriverMatch(
                    driver: "luxos", model: "Antminer S19k Pro", firmwareVersion: "2025.4.8.220305-57b389c7",
                    confidence: .high, isStock: false)))
    }

    struct NoHTTP: HTTPTransport {
        func send(_ request: HTTPRequest) async throws -> HTTPResponse { throw DriverError(.unreachable, "none") }
    }

    func send(_ request: CGMinerRequest) async throws -> [UInt8] {
        let sent = request.payload.flatMap { try? TolerantJSONReader.parse($0) }
        let command = sent?["command"]?.string ?? request.command
        let parameter = sent?["parameter"]?.string ?? request.parameter
        let reply = try state.write { state -> String in
            state.log.append(command + (parameter.map { "(\($0))" } ?? ""))
            state.descriptions.append(request.description)
            return try Self.answer(command, parameter, &state, request: request.description)
        }
        return Array(reply.utf8)
    }

    private static func ok(_ code: Int = 300) -> String {
        #"{"STATUS":[{"STATUS":"S","Code":\#(code),"Msg":"ok","Description":"LUXminer test"}],"id":1}"#
    }

    private static func error(_ message: String) -> String {
        #"{"STATUS":[{"STATUS":"E","Code":400,"Msg":"\#(message)","Description":"LUXminer test"}],"id":1}"#
    }

    private static func answer(
        _ command: String, _ parameter: String?, _ state: inout State, request: String
    ) throws -> String {
        let arguments = parameter?.split(separator: ",", omittingEmptySubsequences: false).map(String.init) ?? []
        switch command {
        case "logon":
            guard state.session == nil else {
                return #"{"STATUS":[{"STATUS":"E","Code":402,"Msg":"Another session is active"}],"id":1}"#
            }
            state.issued += 1
            state.session = "s\(state.issued)"
            return #"{"SESSION":[{"SessionID":"\#(state.session ?? "")"}],"STATUS":[{"STATUS":"S","Code":316}],"id":1}"#
        case "session":
            return #"{"SESSION":[{"SessionID":"\#(state.session ?? "")"}],"STATUS":[{"STATUS":"S","Code":319}],"id":1}"#
        case "config":
            return #"{"CONFIG":[{"Profile":"\#(state.profile)","IsAtmEnabled":\#(state.atm),"#
                + #""CurtailMode":"\#(state.curtailed ? "Sleep" : "None")","RedLed":"\#(state.led)"}],"id":1}"#
        case "devs":
            return #"{"DEVS":[{"ID":0,"IsRamping":\#(state.ramping),"Status":"Alive"}],"id":1}"#
        case "summary":
            return #"{"SUMMARY":[{"GHS 5s":\#(state.curtailed ? 0 : 59756.06),"Elapsed":3453}],"id":1}"#
        case "profiles":
            return #"{"PROFILES":[{"Profile Name":"240MHz","Step":"-14","Watts":978,"Hashrate":49.5},"#
                + #"{"Profile Name":"290MHz","Step":"-12","Watts":1188,"Hashrate":59.8},"#
                + #"{"Profile Name":"default","Step":"0","Watts":2794,"Hashrate":121.8},"#
                + #"{"Profile Name":"615MHz","Step":"1","Watts":2954,"Hashrate":127.0}],"id":1}"#
        default:
            break
        }
        // Privileged: the first argument must be the active session.
        guard !state.refusesEverySession, let id = arguments.first, id == state.session else {
            return error("Invalid session id \(arguments.first ?? "")")
        }
        let rest = arguments.dropFirst().joined(separator: ",")
        switch (command, rest) {
        case ("atmset", "enabled=false"):
            state.atm = false
            return ok(340)
        case ("atmset", "enabled=true"):
            if state.atmRestoreRefused { return error("ATM is locked") }
            state.atm = true
            return ok(340)
        case ("profileset", _) where !rest.isEmpty && !rest.contains(","):
            if state.profilesetThrows { throw DriverError(.timedOut, "no reply within 10 s", request: request) }
            if state.profilesetRefused { return error("Profile could not be set") }
            if !state.profilesetIgnored {
                state.profile = rest
                state.ramping = state.rampsAfterChange
            }
            return ok(321)
        case ("curtail", "sleep"):
            state.curtailed = true
            return ok(335)
        case ("curtail", "wakeup"):
            state.curtailed = false
            return ok(335)
        case ("ledset", "red,blink"), ("ledset", "red,auto"):
            if state.ledsetThrows { throw DriverError(.timedOut, "no reply within 10 s", request: request) }
            state.led = String(rest.dropFirst("red,".count))
            return ok(336)
        case ("rebootdevice", ""):
            state.session = nil
            return ""
        default:
            return error("Invalid command")
        }
    }
}

/// A value behind a lock (tests only).
final class Locked<Value: Sendable>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()

    init(_ value: Value) { self.value = value }

    func read<T>(_ body: (Value) -> T) -> T { lock.withLock { body(value) } }

    func write<T>(_ body: (inout Value) throws -> T) rethrows -> T { try lock.withLock { try body(&value) } }
}
