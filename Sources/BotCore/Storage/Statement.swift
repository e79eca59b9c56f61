import CSQLite
import Foundation

/// A prepared statement, owned by the connection that prepared it.
///
/// Statements are cached by the connection and reset before each use.
/// See <https://www.sqlite.org/c3ref/stmt.html>.
public final class Statement {
    let handle: OpaquePointer
    unowned let connection: Connection
    /// The SQL text, for errors.
    public let sql: String

    init(connection: Connection, sql: String) throws(SQLiteError) {
        var stmt: OpaquePointer?
        let rc = sqlite3_prepare_v3(connection.handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &stmt, nil)
        guard rc == SQLITE_OK, let stmt else {
            sqlite3_finalize(stmt)
            throw connection.error(rc, sql: sql)
        }
        self.handle = stmt
        self.connection = connection
        self.sql = sql
    }

    deinit { sqlite3_finalize(handle) }

    /// Clears earlier bindings and rewinds the statement.
    func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    /// Binds the values to the parameters in order.
    func bind(_ values: [any SQLBindable]) throws(SQLiteError) {
        let expected = Int(sqlite3_bind_parameter_count(handle))
        guard values.count == expected else {
            throw SQLiteError(
                code: SQLITE_RANGE, message: "expected \(expected) arguments, got \(values.count)", sql: sql)
        }
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)  // SQLite parameters are 1-based
            let rc: Int32
            switch value.sqlValue {
            case .null:
                rc = sqlite3_bind_null(handle, index)
            case .integer(let number):
                rc = sqlite3_bind_int64(handle, index, number)
            case .real(let number):
                rc = sqlite3_bind_double(handle, index, number)
            case .text(let text):
                rc = sqlite3_bind_text(handle, index, text, -1, csqlite_transient())
            case .utf8Text(let bytes):
                rc = bytes.withUnsafeBytes { buffer in
                    // An empty buffer may have no address, which SQLite would take for NULL: bind "" then.
                    let text = buffer.baseAddress?.assumingMemoryBound(to: CChar.self)
                    return text.map { sqlite3_bind_text(handle, index, $0, Int32(buffer.count), csqlite_transient()) }
                        ?? sqlite3_bind_text(handle, index, "", 0, csqlite_transient())
                }
            case .blob(let bytes):
                rc = bytes.withUnsafeBytes { buffer in
                    sqlite3_bind_blob(handle, index, buffer.baseAddress, Int32(buffer.count), csqlite_transient())
                }
            }
            guard rc == SQLITE_OK else { throw connection.error(rc, sql: sql) }
        }
    }

    /// Advances to the next row: `true` when a row is ready, `false` when done.
    func step() throws(SQLiteError) -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        case let rc: throw connection.error(rc, sql: sql)
        }
    }
}

/// The current row of a running statement; valid only inside the closure that received it.
public struct Row {
    let handle: OpaquePointer

    /// The number of columns.
    public var count: Int { Int(sqlite3_column_count(handle)) }

    /// Whether the column holds NULL.
    public func isNull(_ column: Int) -> Bool {
        sqlite3_column_type(handle, Int32(column)) == SQLITE_NULL
    }

    /// The column as text; NULL reads as the empty string.
    public func text(_ column: Int) -> String {
        guard let pointer = sqlite3_column_text(handle, Int32(column)) else { return "" }
        let length = Int(sqlite3_column_bytes(handle, Int32(column)))
        return String(decoding: UnsafeBufferPointer(start: pointer, count: length), as: UTF8.self)
    }

    /// The column as text, or nil for NULL.
    public func optionalText(_ column: Int) -> String? {
        isNull(column) ? nil : text(column)
    }

    /// The column as an integer.
    public func int(_ column: Int) -> Int {
        Int(sqlite3_column_int64(handle, Int32(column)))
    }

    /// The column as an integer, or nil for NULL.
    public func optionalInt(_ column: Int) -> Int? {
        isNull(column) ? nil : int(column)
    }

    /// The column as a double.
    public func double(_ column: Int) -> Double {
        sqlite3_column_double(handle, Int32(column))
    }

    /// The column as bytes.
    public func data(_ column: Int) -> Data {
        let length = Int(sqlite3_column_bytes(handle, Int32(column)))
        guard length > 0, let pointer = sqlite3_column_blob(handle, Int32(column)) else { return Data() }
        return Data(bytes: pointer, count: length)
    }
}
