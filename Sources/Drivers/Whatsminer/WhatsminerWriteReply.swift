import HiveProtocols

/// How a Whatsminer answered a privileged (write) command.
enum WhatsminerWriteReply: Sendable {
    /// Accepted; the decrypted reply.
    case accepted(JSONValue)
    /// Refused, with the firmware's message.
    case refused(String)
    /// Refused because write access is switched off on the miner (a device setting).
    case writeDisabled(String)

    /// The outcome to report for a reply that is not `.accepted`.
    var failure: CommandOutcome? {
        switch self {
        case .accepted: nil
        case .refused(let message): CommandOutcome(result: .rejected, detail: message)
        case .writeDisabled(let message): CommandOutcome(result: .rejected, detail: Self.writeDisabledDetail(message))
        }
    }

    /// The operator's explanation of a write refused for lack of permission.
    static func writeDisabledDetail(_ message: String) -> String {
        "write access is disabled on this miner (\(message)): it is a device setting; change the admin password "
            + "from its default and enable API write access in WhatsminerTool, then retry"
    }

    /// Whether a firmware message means the write API is off (v2 code 45 "Permission denied",
    /// "can't access write cmd", v3 "no permission", "API not enabled").
    static func meansWriteDisabled(_ message: String, code: Int?) -> Bool {
        let lower = message.lowercased()
        return code == 45 || lower.contains("permission") || lower.contains("can't access write")
            || lower.contains("not enabled") || lower.contains("api disabled")
    }
}
