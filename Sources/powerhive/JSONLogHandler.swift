import Foundation
import HiveProtocols
import Logging

/// One JSON object per line on stdout: `ts`, `level`, `label`, `msg`, and the metadata.
struct JSONLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var object: [String: JSONValue] = [
            "ts": .string(Date().ISO8601Format(.iso8601.time(includingFractionalSeconds: true).year().month().day())),
            "level": .string(event.level.rawValue), "label": .string(label), "msg": .string("\(event.message)"),
        ]
        for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }) {
            object[key] = .string("\(value)")
        }
        let line = JSONValue.object(object).serialized() + "\n"
        FileHandle.standardOutput.write(Data(line.utf8))
    }
}
