import CPostgres
import CSQLite
import Foundation

/// The current row of a running statement; valid only inside the closure that received it.
///
/// SQLite hands typed values; PostgreSQL (text result format) hands text, read here into the same Swift types: an
/// integer column reads as `Int`, a boolean (`t`/`f`) as 1 or 0, `bytea` from its hex form.
public struct Row {
    enum Source {
        case sqlite(OpaquePointer)
        case postgres(OpaquePointer, row: Int32)
    }

    let source: Source

    init(sqlite statement: OpaquePointer) {
        source = .sqlite(statement)
    }

    init(postgres result: OpaquePointer, row: Int32) {
        source = .postgres(result, row: row)
    }

    /// The number of columns.
    public var count: Int {
        switch source {
        case .sqlite(let statement): Int(sqlite3_column_count(statement))
        case .postgres(let result, _): Int(PQnfields(result))
        }
    }

    /// Whether the column holds NULL.
    public func isNull(_ column: Int) -> Bool {
        switch source {
        case .sqlite(let statement): sqlite3_column_type(statement, Int32(column)) == SQLITE_NULL
        case .postgres(let result, let row): PQgetisnull(result, row, Int32(column)) == 1
        }
    }

    /// The column's text as bytes (not checked as UTF-8), or nil for NULL.
    public func utf8(_ column: Int) -> [UInt8]? {
        guard !isNull(column) else { return nil }
        return withText(column) { Array($0) }
    }

    /// Calls `body` with the column's text bytes (empty for NULL), valid only during the call.
    private func withText<T>(_ column: Int, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        switch source {
        case .sqlite(let statement):
            let pointer = sqlite3_column_text(statement, Int32(column))
            let length = Int(sqlite3_column_bytes(statement, Int32(column)))
            return body(UnsafeBufferPointer(start: pointer, count: pointer == nil ? 0 : length))
        case .postgres(let result, let row):
            let length = Int(PQgetlength(result, row, Int32(column)))
            return PQgetvalue(result, row, Int32(column)).withMemoryRebound(to: UInt8.self, capacity: length) {
                body(UnsafeBufferPointer(start: $0, count: length))
            }
        }
    }

    /// The column as text; NULL reads as the empty string.
    public func text(_ column: Int) -> String {
        withText(column) { String(decoding: $0, as: UTF8.self) }
    }

    /// The column as text, or nil for NULL.
    public func optionalText(_ column: Int) -> String? {
        isNull(column) ? nil : text(column)
    }

    /// The column as an integer (0 for NULL or what is not one).
    public func int(_ column: Int) -> Int {
        switch source {
        case .sqlite(let statement):
            return Int(sqlite3_column_int64(statement, Int32(column)))
        case .postgres:
            return withText(column) { bytes in
                switch bytes.first {
                case UInt8(ascii: "t"): return 1
                case UInt8(ascii: "f"): return 0
                default: return Int(String(decoding: bytes, as: UTF8.self)) ?? 0
                }
            }
        }
    }

    /// The column as an integer, or nil for NULL.
    public func optionalInt(_ column: Int) -> Int? {
        isNull(column) ? nil : int(column)
    }

    /// The column as a double.
    public func double(_ column: Int) -> Double {
        switch source {
        case .sqlite(let statement): sqlite3_column_double(statement, Int32(column))
        case .postgres: withText(column) { Double(String(decoding: $0, as: UTF8.self)) ?? 0 }
        }
    }

    /// The column as bytes.
    public func data(_ column: Int) -> Data {
        switch source {
        case .sqlite(let statement):
            let length = Int(sqlite3_column_bytes(statement, Int32(column)))
            guard length > 0, let pointer = sqlite3_column_blob(statement, Int32(column)) else { return Data() }
            return Data(bytes: pointer, count: length)
        case .postgres:
            return withText(column) { PostgresText.bytea($0) }
        }
    }
}
