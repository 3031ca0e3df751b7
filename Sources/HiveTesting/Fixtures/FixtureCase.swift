public import Foundation
public import HiveProtocols

/// One recorded fixture case: `DriverFixtures/<driver-id>/<case>/` (see `DriverFixtures/README.md`).
public struct FixtureCase: Sendable, CustomStringConvertible {
    /// The folder.
    public var url: URL
    /// The driver id the case belongs to (its parent folder's name).
    public var driverID: DriverID
    /// The case name (its folder's name).
    public var name: String
    /// The parsed `manifest.json`.
    public var manifest: JSONValue
    /// The case's exchanges, in file-name order.
    public var exchanges: [Exchange]
    /// The commands to run, by folder name.
    public var commands: [Command]

    /// One command folder.
    public struct Command: Sendable {
        /// Folder name.
        public var name: String
        /// The command.
        public var command: MinerCommand
        /// Exchanges that replace the case's own (by key) while the command runs.
        public var exchanges: [Exchange]
        /// The parsed `expected.json`.
        public var expected: JSONValue
    }

    public var description: String { "\(driverID)/\(name)" }

    /// Credentials from the manifest, if any.
    public var credentials: Credentials? {
        guard let user = manifest["credentials"]?["username"]?.string,
            let password = manifest["credentials"]?["password"]?.string
        else { return nil }
        return Credentials(username: user, password: password)
    }

    /// Ports the manifest declares closed (requests to them fail as unreachable).
    public var closedPorts: Set<Int> {
        Set(manifest["closed_ports"]?.array?.compactMap(\.int) ?? [])
    }

    /// The parsed `expected/<name>.json`, if present.
    public func expected(_ name: String) throws -> JSONValue? {
        let file = url.appendingPathComponent("expected/\(name).json")
        guard FileManager.default.fileExists(atPath: file.path) else { return nil }
        return try FixtureCase.readJSON(file)
    }

    /// Loads one case folder.
    public init(url: URL) throws {
        self.url = url
        self.name = url.lastPathComponent
        self.driverID = DriverID(url.deletingLastPathComponent().lastPathComponent)
        self.manifest = try FixtureCase.readJSON(url.appendingPathComponent("manifest.json"))
        self.exchanges = try Exchange.loadFolder(url.appendingPathComponent("exchanges"))
        var commands: [Command] = []
        let commandsURL = url.appendingPathComponent("commands")
        for folder in FixtureCase.subfolders(of: commandsURL) {
            let raw = try FixtureCase.readJSON(folder.appendingPathComponent("command.json"))
            let command = try JSONDecoder().decode(MinerCommand.self, from: Data(raw.serialized().utf8))
            commands.append(
                Command(
                    name: folder.lastPathComponent, command: command,
                    exchanges: try Exchange.loadFolder(folder.appendingPathComponent("exchanges")),
                    expected: try FixtureCase.readJSON(folder.appendingPathComponent("expected.json"))))
        }
        self.commands = commands
    }

    /// Every case under a fixtures root (`DriverFixtures/`), optionally for one driver.
    public static func all(in root: URL, driver: DriverID? = nil) throws -> [FixtureCase] {
        var cases: [FixtureCase] = []
        for driverFolder in subfolders(of: root)
        where driver == nil || driverFolder.lastPathComponent == driver?.rawValue {
            for caseFolder in subfolders(of: driverFolder) {
                cases.append(try FixtureCase(url: caseFolder))
            }
        }
        return cases
    }

    static func subfolders(of url: URL) -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        return names.sorted().compactMap { name in
            var isDirectory: ObjCBool = false
            let child = url.appendingPathComponent(name)
            guard !name.hasPrefix("."), FileManager.default.fileExists(atPath: child.path, isDirectory: &isDirectory),
                isDirectory.boolValue
            else { return nil }
            return child
        }
    }

    static func readJSON(_ url: URL) throws -> JSONValue {
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw FixtureError("cannot read \(url.path): \(error)") }
        do { return try TolerantJSONReader.parse(data) } catch {
            throw FixtureError("\(url.path) is not JSON: \(error)")
        }
    }
}

/// A malformed fixture.
public struct FixtureError: Error, CustomStringConvertible, Sendable {
    /// What is wrong, naming the file.
    public var description: String
    init(_ description: String) { self.description = description }
}
