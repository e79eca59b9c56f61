import CSQLite

/// The rows of one running statement, read in order: an SQLite statement stepped, or a PostgreSQL result walked.
struct RowCursor {
    private enum Source {
        case sqlite(SQLiteStatement)
        case postgres(PostgresResult)
    }

    private let source: Source
    private var nextRow: Int32 = 0

    init(sqlite statement: SQLiteStatement) {
        source = .sqlite(statement)
    }

    init(postgres result: PostgresResult) {
        source = .postgres(result)
    }

    /// The next row, or nil when there is none.
    mutating func next() throws(DatabaseError) -> Row? {
        switch source {
        case .sqlite(let statement):
            return try statement.step() ? Row(sqlite: statement.handle) : nil
        case .postgres(let result):
            guard nextRow < result.rowCount else { return nil }
            defer { nextRow += 1 }
            return Row(postgres: result.handle, row: nextRow)
        }
    }

    /// Rows the statement inserted, updated or deleted, once it ran to its end.
    var changes: Int {
        switch source {
        case .sqlite(let statement): statement.session.changes
        case .postgres(let result): result.changes
        }
    }

    /// Releases the statement for its next use (SQLite); a PostgreSQL result is cleared with its last reference.
    func finish() {
        if case .sqlite(let statement) = source { statement.reset() }
    }
}
