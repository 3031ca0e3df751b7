import HiveProtocols

/// The reply to a Braiins write: accepted (with its JSON body, `.null` when empty) or refused.
enum BraiinsWriteReply: Sendable {
    /// 2xx (REST) or a result without an error (GraphQL).
    case accepted(JSONValue)
    /// The firmware's refusal, for the operator.
    case refused(String)
}
