import ArgumentParser
import Drivers
import HiveProtocols

/// `powerhive drivers`: the compiled-in drivers.
struct DriversCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drivers", abstract: "List the registered drivers, their ports and capabilities.")

    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        let registry = try DriverRegistry.builtIn
        if json {
            let list: [JSONValue] = registry.drivers.map { driver in
                let d = driver.descriptor
                return .object([
                    "id": .string(d.id.rawValue), "name": .string(d.displayName),
                    "makes": .array(d.makes.map(JSONValue.string)), "stock": .bool(d.isStock),
                    "ports": .array(d.ports.map { .number(Double($0)) }),
                    "capabilities": .array(d.capabilities.names.map(JSONValue.string)),
                ])
            }
            print(JSONValue.array(list).serialized())
            return
        }
        var rows = [["ID", "FIRMWARE", "KIND", "PORTS", "CAPABILITIES"]]
        for driver in registry.drivers {
            let d = driver.descriptor
            rows.append([
                d.id.rawValue, d.displayName, d.isStock ? "stock" : "custom",
                d.ports.map(String.init).joined(separator: ","), d.capabilities.names.joined(separator: ","),
            ])
        }
        print(Table.render(rows))
    }
}

/// Plain-text table rendering for the CLI.
enum Table {
    static func render(_ rows: [[String]]) -> String {
        guard let header = rows.first else { return "" }
        let widths = header.indices.map { column in
            rows.map { $0.indices.contains(column) ? $0[column].count : 0 }.max() ?? 0
        }
        return rows.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
