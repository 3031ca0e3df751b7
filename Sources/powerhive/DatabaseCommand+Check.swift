import ArgumentParser
import HiveHost
import HiveProtocols

extension DatabaseCommand {
    /// `powerhive db check`: SQLite's `integrity_check`, and the status polls stored (how many,
    /// over which span, rows per poll). Exits 1 when the file is damaged.
    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the database's integrity and summarise the status polls it holds.")
        @OptionGroup var database: DatabaseOptions
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            if let url = try database.postgres() {
                throw CommandFailure(
                    "db check runs SQLite's integrity_check; \(url.masked) is PostgreSQL (use its own tools, e.g. amcheck)"
                )
            }
            let (store, path) = try database.open()
            defer { try? store.close() }
            let integrity = try await store.integrityCheck()
            let polls = try await store.statusPolls()
            let sound = integrity == ["ok"]
            if json {
                let object: JSONValue = .object([
                    "path": .string(path), "ok": .bool(sound), "integrity": .array(integrity.map { .string($0) }),
                    "status_polls": .object([
                        "polls": .number(Double(polls.polls)), "rows": .number(Double(polls.rows)),
                        "first_ms": polls.first.map { .number(Double($0.rawValue)) } ?? .null,
                        "last_ms": polls.last.map { .number(Double($0.rawValue)) } ?? .null,
                        "fewest_rows": polls.fewestRows.map { .number(Double($0)) } ?? .null,
                        "most_rows": polls.mostRows.map { .number(Double($0)) } ?? .null,
                    ]),
                ])
                print(object.serialized())
            } else {
                print("\(path): integrity \(sound ? "ok" : "FAILED")")
                for message in integrity where !sound { print("  \(message)") }
                if let first = polls.first, let last = polls.last {
                    print(
                        "statuses: \(polls.polls) polls, \(polls.rows) rows, from \(first) to \(last), "
                            + "\(polls.fewestRows ?? 0)–\(polls.mostRows ?? 0) rows per poll")
                } else {
                    print("statuses: no polls stored")
                }
            }
            if !sound { throw CommandFailure("\(path) failed integrity_check") }
        }
    }
}
