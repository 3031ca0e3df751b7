import Foundation
import HiveProtocols

/// The key material of one Whatsminer API v2 token, derived from a `get_token` reply.
///
/// `get_token` answers `{"Msg":{"time":…,"salt":…,"newsalt":…}}`. The **key** is the hash part
/// of md5-crypt(admin password, `salt`); the **sign** is the hash part of md5-crypt(key +
/// `time`, `newsalt`). A privileged command is the command JSON plus `"token": sign`,
/// NUL-padded to 16 bytes, AES-256-ECB-encrypted with SHA-256(key), base64-encoded and sent as
/// `{"enc":1,"data":…}`; the reply `{"enc":…}` is encrypted the same way. Never printed.
struct WhatsminerV2Token: Sendable, CustomStringConvertible {
    /// The sign sent as `token` inside each encrypted command.
    let sign: String
    private let cipher: AES256
    /// When it was derived (tokens expire on the miner; see ``WhatsminerV2Client``).
    let issued: ContinuousClock.Instant

    /// Derives the token from a `get_token` reply's `Msg`; `nil` when a field is missing.
    init?(tokenReply message: JSONValue, password: String, issued: ContinuousClock.Instant) {
        guard let salt = message["salt"]?.string, let newSalt = message["newsalt"]?.string,
            let time = message["time"]?.string
        else { return nil }
        let key = MD5Crypt.hashPart(password: password, salt: salt)
        guard let cipher = AES256(key: SHA256Digest.hash(Array(key.utf8))) else { return nil }
        self.sign = MD5Crypt.hashPart(password: key + time, salt: newSalt)
        self.cipher = cipher
        self.issued = issued
    }

    var description: String { "WhatsminerV2Token(***)" }

    /// The wire bytes of a privileged command: `{"enc":1,"data":base64(AES-ECB(json))}`, where
    /// the JSON is `{"cmd": command, …parameters, "token": sign}` with sorted keys.
    func envelope(command: String, parameters: [String: JSONValue]) -> [UInt8] {
        var object = parameters
        object["cmd"] = .string(command)
        object["token"] = .string(sign)
        let data = Data(cipher.encryptECB(Array(JSONValue.object(object).serialized().utf8))).base64EncodedString()
        return Array(#"{"enc":1,"data":"\#(data)"}"#.utf8)
    }

    /// Decrypts the `enc` member of a privileged reply; `nil` when it is not base64 of whole
    /// AES blocks.
    func decrypt(_ encoded: String) -> [UInt8]? {
        guard let data = Data(base64Encoded: encoded, options: .ignoreUnknownCharacters) else { return nil }
        return cipher.decryptECB(Array(data))
    }
}
