import HiveProtocols
import NIOCore
import PostgresNIO

/// SQL text with its bound values, built piece by piece: ``bind(_:)`` appends a value and
/// returns its `$n` placeholder. Multi-row inserts use ``values(_:_:)``.
///
/// Values are always bound, never spliced into the text; only identifiers this code chose
/// (table and partition names) are written into it.
struct PostgresStatement {
    var sql: String
    var bindings = PostgresBindings()

    init(_ sql: String = "") {
        self.sql = sql
    }

    /// A statement with its values in order, for `$1`, `$2`, … in `sql`.
    init(_ sql: String, _ values: [PostgresValue]) {
        self.sql = sql
        for value in values { value.append(to: &bindings) }
    }

    var query: PostgresQuery { PostgresQuery(unsafeSQL: sql, binds: bindings) }

    /// Appends `value` and returns its placeholder.
    mutating func bind(_ value: PostgresValue) -> String {
        value.append(to: &bindings)
        return "$\(bindings.count)"
    }

    /// Appends `(…), (…)` rows of placeholders for `rows`.
    mutating func values(_ rows: [[PostgresValue]], cast: [String?] = []) {
        var first = true
        for row in rows {
            sql += first ? "(" : ", ("
            first = false
            for (index, value) in row.enumerated() {
                if index > 0 { sql += ", " }
                let mark = bind(value)
                sql += mark
                if index < cast.count, let type = cast[index] { sql += "::\(type)" }
            }
            sql += ")"
        }
    }
}

/// A value to bind: the column types this store uses.
enum PostgresValue {
    case int(Int64?)
    case double(Double?)
    case text(String?)
    case bool(Bool?)
    case bytes([UInt8]?)
    case ints([Int64])
    case texts([String])

    static func int(_ value: Int?) -> PostgresValue { .int(value.map(Int64.init)) }

    func append(to bindings: inout PostgresBindings) {
        switch self {
        case .int(let value): bindings.append(value)
        case .double(let value): bindings.append(value.flatMap { $0.isFinite ? $0 : nil })
        case .text(let value): bindings.append(value)
        case .bool(let value): bindings.append(value)
        case .bytes(let value): bindings.append(value.map { ByteBuffer(bytes: $0) })
        case .ints(let value): bindings.append(value)
        case .texts(let value): bindings.append(value)
        }
    }
}

extension PostgresRandomAccessRow {
    func string(_ column: String) throws -> String { try self[column].decode(String.self) }
    func optionalString(_ column: String) throws -> String? { try self[column].decode(String?.self) }
    func int64(_ column: String) throws -> Int64 { try self[column].decode(Int64.self) }
    func optionalInt64(_ column: String) throws -> Int64? { try self[column].decode(Int64?.self) }
    func int(_ column: String) throws -> Int { try self[column].decode(Int.self) }
    func optionalInt(_ column: String) throws -> Int? { try self[column].decode(Int?.self) }
    func bool(_ column: String) throws -> Bool { try self[column].decode(Bool.self) }
    func optionalBool(_ column: String) throws -> Bool? { try self[column].decode(Bool?.self) }
    func optionalDouble(_ column: String) throws -> Double? { try self[column].decode(Double?.self) }

    /// A `double precision` column as a quantity; NULL as `nil`.
    func quantity<Q: PhysicalQuantity>(_ column: String) throws -> Q? {
        try optionalDouble(column).map { Q($0) }
    }

    /// A `bytea` column as bytes; NULL as `nil`.
    func bytes(_ column: String) throws -> [UInt8]? {
        try self[column].decode(ByteBuffer?.self).map { Array($0.readableBytesView) }
    }
}
