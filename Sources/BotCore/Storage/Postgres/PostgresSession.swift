import CPostgres
import CSQLite
import Foundation

/// One connection to a PostgreSQL server through libpq: statements prepared once per server session and cached by
/// their SQL text, every value sent as a parameter (`PQexecPrepared`), never formatted into the SQL.
///
/// The SQL the stores write (SQLite's `?` placeholders) is turned into PostgreSQL's by `PostgresSQL` when a
/// statement is first prepared. A lost connection is made again at the next transaction's start (`reconnect`);
/// statements prepared on the old one are forgotten.
/// See <https://www.postgresql.org/docs/current/libpq-exec.html>.
///
/// Not `Sendable`: it belongs to one `Connection`, on one thread.
final class PostgresSession {
    private(set) var handle: OpaquePointer
    private let conninfo: String
    /// Prepared statements by the SQL the caller wrote and the types of its arguments: the server-side name.
    private var prepared: [PreparedKey: String] = [:]
    /// How many times the connection was made again: what the server held for the old one (prepared statements,
    /// advisory locks) is gone.
    private(set) var generation = 0

    private let durability: Durability

    /// Connects to the server `conninfo` names (a `postgres://` URL or `key=value` pairs).
    ///
    /// With `.normal` durability a commit does not wait for the server's disk (`synchronous_commit = off`: a crash
    /// of the server may lose the last commits, never corrupt), as SQLite's `synchronous = NORMAL`.
    init(conninfo: String, durability: Durability = .full) throws(DatabaseError) {
        self.conninfo = conninfo
        self.durability = durability
        handle = try Self.connect(conninfo, durability: durability)
    }

    deinit { PQfinish(handle) }

    private static func connect(_ conninfo: String, durability: Durability) throws(DatabaseError) -> OpaquePointer {
        guard let connection = PQconnectdb(conninfo) else {
            throw DatabaseError(
                code: SQLITE_CANTOPEN, message: "libpq could not allocate a connection", sqlState: "08001")
        }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = String(cString: PQerrorMessage(connection)).trimmingCharacters(in: .whitespacesAndNewlines)
            PQfinish(connection)
            throw DatabaseError(
                code: SQLITE_CANTOPEN, message: "cannot connect to PostgreSQL: \(message)", sqlState: "08001")
        }
        // Notices (an index that already exists, say) are not errors; libpq would print them on stderr.
        PQsetNoticeProcessor(connection, { _, _ in }, nil)
        let commits = durability == .full ? "on" : "off"
        let setup = PQexec(
            connection,
            "SET client_encoding = 'UTF8'; SET TIME ZONE 'UTC'; SET client_min_messages = warning; "
                + "SET synchronous_commit = \(commits)")
        defer { PQclear(setup) }
        guard PQresultStatus(setup) == PGRES_COMMAND_OK else {
            let message = String(cString: PQerrorMessage(connection))
            PQfinish(connection)
            throw DatabaseError(
                code: SQLITE_CANTOPEN, message: "cannot set up the session: \(message)", sqlState: "08001")
        }
        return connection
    }

    /// Whether the connection is usable.
    var isConnected: Bool { PQstatus(handle) == CONNECTION_OK }

    /// Makes the connection again when it was lost (the server restarted, the network failed).
    func reconnect() throws(DatabaseError) {
        guard !isConnected else { return }
        let fresh = try Self.connect(conninfo, durability: durability)
        PQfinish(handle)
        handle = fresh
        prepared.removeAll()
        generation += 1
    }

    /// The server's transaction state for this connection.
    var transactionStatus: PGTransactionStatusType { PQtransactionStatus(handle) }

    /// Runs SQL that takes no arguments, possibly several statements (schema scripts, transaction control).
    func execute(_ sql: String) throws(DatabaseError) {
        let result = PQexec(handle, sql)
        defer { PQclear(result) }
        try check(result, sql: sql)
    }

    /// Runs `sql` (prepared the first time) with `arguments`; its rows are read from the cursor.
    func cursor(_ sql: String, _ arguments: [any SQLBindable]) throws(DatabaseError) -> RowCursor {
        let values = PostgresParameters(arguments)
        let name = try statementName(sql, types: values.types)
        let result = values.withPointers { pointers, lengths, formats in
            PQexecPrepared(handle, name, Int32(arguments.count), pointers, lengths, formats, 0)
        }
        do {
            try check(result, sql: sql)
        } catch {
            PQclear(result)
            throw error
        }
        return RowCursor(postgres: PostgresResult(result!))
    }

    /// The prepared statement for `sql` with arguments of `types`, prepared the first time.
    ///
    /// The types are the arguments' own (a Swift `Int` is a `bigint`, a `String` is `text`), so that a parameter
    /// used twice (`? IS NULL OR x = ?1`) has one; a NULL leaves its type to the statement, and where the statement
    /// cannot tell (`? IS NULL` alone) it is `text`.
    private func statementName(_ sql: String, types: [UInt32]) throws(DatabaseError) -> String {
        let key = PreparedKey(sql: sql, types: types)
        if let name = prepared[key] { return name }
        let translated = PostgresSQL.statement(sql)
        guard translated.parameters == types.count else {
            throw DatabaseError(
                code: SQLITE_RANGE, message: "expected \(translated.parameters) arguments, got \(types.count)", sql: sql
            )
        }
        let name = "s\(prepared.count + 1)"
        if types.contains(0) {
            // The statement may not tell a NULL's type: try, in a savepoint inside a transaction (a failed PREPARE
            // would end it); then again with `text`. A statement is prepared once per types, so this is rare.
            let guarded = transactionStatus == PQTRANS_INTRANS
            if guarded { try execute("SAVEPOINT prepare_types") }
            do {
                try prepare(name, translated.text, types: types, sql: sql)
                if guarded { try execute("RELEASE prepare_types") }
            } catch  where error.sqlState == "42P18" || error.sqlState == "42P08" {
                if guarded { try execute("ROLLBACK TO prepare_types; RELEASE prepare_types") }
                let typed = types.map { $0 == 0 ? PostgresParameters.textType : $0 }
                try prepare(name, translated.text, types: typed, sql: sql)
            }
        } else {
            try prepare(name, translated.text, types: types, sql: sql)
        }
        prepared[key] = name
        return name
    }

    private func prepare(_ name: String, _ text: String, types: [UInt32], sql: String) throws(DatabaseError) {
        let result = types.withUnsafeBufferPointer { types in
            PQprepare(handle, name, text, Int32(types.count), types.baseAddress)
        }
        defer { PQclear(result) }
        try check(result, sql: sql)
    }

    private struct PreparedKey: Hashable {
        var sql: String
        var types: [UInt32]
    }

    /// Throws unless `result` is a success.
    private func check(_ result: OpaquePointer?, sql: String) throws(DatabaseError) {
        switch result.map(PQresultStatus) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY: return
        default: throw error(result, sql: sql)
        }
    }

    /// The error a failed result (or a lost connection) stands for.
    private func error(_ result: OpaquePointer?, sql: String) -> DatabaseError {
        let field = { (code: UInt8) -> String? in
            guard let result, let value = PQresultErrorField(result, Int32(code)) else { return nil }
            return String(cString: value)
        }
        let state = field(UInt8(ascii: "C")) ?? (isConnected ? "XX000" : "08006")
        let message =
            field(UInt8(ascii: "M"))
            ?? String(cString: PQerrorMessage(handle)).trimmingCharacters(in: .whitespacesAndNewlines)
        return DatabaseError(code: PostgresSQL.sqliteCode(forState: state), message: message, sql: sql, sqlState: state)
    }
}

/// A query's result; cleared when the last reference goes.
final class PostgresResult {
    let handle: OpaquePointer

    init(_ handle: OpaquePointer) {
        self.handle = handle
    }

    deinit { PQclear(handle) }

    var rowCount: Int32 { PQntuples(handle) }

    /// Rows inserted, updated or deleted (`PQcmdTuples`), 0 for other commands.
    var changes: Int { Int(String(cString: PQcmdTuples(handle))) ?? 0 }
}

/// Arguments as libpq takes them: text for numbers and strings (the server gives each parameter the type its
/// place in the statement asks for), binary for bytes.
struct PostgresParameters {
    private var values: [[UInt8]?] = []
    private var binary: [Bool] = []
    /// Each argument's type (an OID of `pg_type`), 0 for a NULL: the statement decides.
    private(set) var types: [UInt32] = []

    static let bigintType: UInt32 = 20
    static let textType: UInt32 = 25
    static let doubleType: UInt32 = 701
    static let byteaType: UInt32 = 17

    init(_ arguments: [any SQLBindable]) {
        values.reserveCapacity(arguments.count)
        for argument in arguments {
            // Text stops at a NUL, as SQLite's binding of a C string does.
            switch argument.sqlValue {
            case .null: append(nil, 0)
            case .integer(let number): append(Array(String(number).utf8) + [0], Self.bigintType)
            case .real(let number): append(Array(String(number).utf8) + [0], Self.doubleType)
            case .text(let text): append(Array(text.utf8.prefix { $0 != 0 }) + [0], Self.textType)
            case .utf8Text(let bytes): append(Array(bytes.prefix { $0 != 0 }) + [0], Self.textType)
            case .blob(let bytes): append(bytes, Self.byteaType, binary: true)
            }
        }
    }

    private mutating func append(_ value: [UInt8]?, _ type: UInt32, binary isBinary: Bool = false) {
        values.append(value)
        types.append(type)
        binary.append(isBinary)
    }

    /// Calls `body` with the C arrays `PQexecPrepared` takes, valid during the call.
    func withPointers<T>(
        _ body: (UnsafePointer<UnsafePointer<CChar>?>?, UnsafePointer<Int32>?, UnsafePointer<Int32>?) -> T
    ) -> T {
        let buffers = values.map { value -> UnsafeMutableBufferPointer<CChar>? in
            guard let value else { return nil }
            let buffer = UnsafeMutableBufferPointer<CChar>.allocate(capacity: max(1, value.count))
            for (index, byte) in value.enumerated() { buffer[index] = CChar(bitPattern: byte) }
            return buffer
        }
        defer { buffers.forEach { $0?.deallocate() } }
        let pointers: [UnsafePointer<CChar>?] = buffers.map { $0.map { UnsafePointer($0.baseAddress!) } }
        let lengths = values.map { Int32($0?.count ?? 0) }
        let formats = binary.map { Int32($0 ? 1 : 0) }
        return pointers.withUnsafeBufferPointer { pointers in
            lengths.withUnsafeBufferPointer { lengths in
                formats.withUnsafeBufferPointer { formats in
                    body(pointers.baseAddress, lengths.baseAddress, formats.baseAddress)
                }
            }
        }
    }
}
