import CSQLite
import Foundation

/// A prepared SQLite statement, owned by the session that prepared it.
///
/// Statements are cached by the session and reset before each use.
/// See <https://www.sqlite.org/c3ref/stmt.html>.
final class SQLiteStatement {
    let handle: OpaquePointer
    unowned let session: SQLiteSession
    /// The SQL text, for errors.
    let sql: String

    init(session: SQLiteSession, sql: String) throws(DatabaseError) {
        var stmt: OpaquePointer?
        let rc = sqlite3_prepare_v3(session.handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &stmt, nil)
        guard rc == SQLITE_OK, let stmt else {
            sqlite3_finalize(stmt)
            throw session.error(rc, sql: sql)
        }
        self.handle = stmt
        self.session = session
        self.sql = sql
    }

    deinit { sqlite3_finalize(handle) }

    /// Clears earlier bindings and rewinds the statement.
    func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    /// Binds the values to the parameters in order.
    func bind(_ values: [any SQLBindable]) throws(DatabaseError) {
        let expected = Int(sqlite3_bind_parameter_count(handle))
        guard values.count == expected else {
            throw DatabaseError(
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
                rc = bindText(text, at: index)
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
            guard rc == SQLITE_OK else { throw session.error(rc, sql: sql) }
        }
    }

    /// Binds a string's UTF-8 in place (no C string made of it first), up to its first NUL as a C string would be.
    private func bindText(_ text: String, at index: Int32) -> Int32 {
        let bound = text.utf8.withContiguousStorageIfAvailable { bytes -> Int32 in
            guard let start = bytes.baseAddress, !bytes.isEmpty else {
                return sqlite3_bind_text(handle, index, "", 0, csqlite_transient())
            }
            let length = memchr(start, 0, bytes.count).map { UnsafeRawPointer($0) - UnsafeRawPointer(start) }
            return start.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                sqlite3_bind_text(handle, index, $0, Int32(length ?? bytes.count), csqlite_transient())
            }
        }
        return bound ?? sqlite3_bind_text(handle, index, text, -1, csqlite_transient())
    }

    /// Advances to the next row: `true` when a row is ready, `false` when done.
    func step() throws(DatabaseError) -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        case let rc: throw session.error(rc, sql: sql)
        }
    }
}
