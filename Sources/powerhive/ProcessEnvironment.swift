import Foundation

/// Reads environment variables (one place, so tests and docs can list them).
enum ProcessEnvironment {
    static func value(_ name: String) -> String? {
        guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else { return nil }
        return value
    }
}
