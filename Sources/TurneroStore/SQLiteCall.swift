public import Foundation
import GRDB
import GRDBSQLite

/// One cached statement run through SQLite's C API: bound, stepped and read in place.
///
/// GRDB runs every statement through argument arrays of boxed values, row copies and its
/// observation hooks. On the queue's transitions (five to ten statements inside one fsync'd
/// commit) that cost as much CPU as the commit itself, so the statements of issue, call,
/// start and finish go through here. The transaction stays GRDB's (`writer.write`), and so
/// does every statement off those paths. Skipping GRDB's hooks loses nothing: no transaction
/// observer is ever registered on a Turnero connection, and these statements neither open nor
/// end transactions nor change the schema.
///
/// The only place in TurneroStore that calls SQLite's C functions: failures become GRDB's
/// `DatabaseError`, which ``TurneroDatabase`` maps to ``StoreError`` like any other.
struct SQLiteCall {
    private let statement: OpaquePointer
    private let connection: OpaquePointer
    private let sql: String
    private var nextIndex: Int32 = 1

    fileprivate init(statement: OpaquePointer, connection: OpaquePointer, sql: String) {
        self.statement = statement
        self.connection = connection
        self.sql = sql
    }

    // MARK: Binding, in parameter order

    mutating func bind(_ value: Int64?) {
        defer { nextIndex += 1 }
        guard let value else { sqlite3_bind_null(statement, nextIndex); return }
        sqlite3_bind_int64(statement, nextIndex, value)
    }

    mutating func bind(_ value: Int?) { bind(value.map(Int64.init)) }

    mutating func bind(_ value: Bool) { bind(Int64(value ? 1 : 0)) }

    mutating func bind(_ value: String?) {
        defer { nextIndex += 1 }
        guard let value else { sqlite3_bind_null(statement, nextIndex); return }
        var text = value
        text.withUTF8 { bytes in
            _ = sqlite3_bind_text(statement, nextIndex, bytes.baseAddress, Int32(bytes.count), transient)
        }
    }

    mutating func bind(_ values: [any SQLiteBindable]) {
        for value in values { value.bind(to: &self) }
    }

    // MARK: Stepping

    /// Steps once: true when a row is ready to read, false when the statement is done.
    func step() throws -> Bool {
        switch sqlite3_step(statement) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        case let code:
            throw DatabaseError(
                resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(connection)), sql: sql)
        }
    }

    /// Steps to the end (a statement without rows).
    func run() throws { while try step() {} }

    // MARK: Reading the current row, by column position

    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(statement, column) == SQLITE_NULL }

    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(statement, column) }

    func int(_ column: Int32) -> Int { Int(sqlite3_column_int64(statement, column)) }

    func bool(_ column: Int32) -> Bool { sqlite3_column_int64(statement, column) != 0 }

    func optionalInt64(_ column: Int32) -> Int64? { isNull(column) ? nil : int64(column) }

    func optionalInt(_ column: Int32) -> Int? { isNull(column) ? nil : int(column) }

    func text(_ column: Int32) -> String { withText(column) { String(decoding: $0, as: UTF8.self) } }

    func optionalText(_ column: Int32) -> String? { isNull(column) ? nil : text(column) }

    func uuid(_ column: Int32) -> UUID? { withText(column) { UUID(utf8: $0) } }

    /// The column's UTF-8 bytes, valid only inside `body`.
    private func withText<T>(_ column: Int32, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        // Text first, then its length: the order SQLite documents.
        let bytes = sqlite3_column_text(statement, column)
        let count = Int(sqlite3_column_bytes(statement, column))
        return body(UnsafeBufferPointer(start: bytes, count: bytes == nil ? 0 : count))
    }
}

/// SQLite copies bound text at once (`SQLITE_TRANSIENT`), so Swift's buffer may go.
private let transient = unsafeBitCast(-1 as Int, to: sqlite3_destructor_type.self)

/// A value ``SQLiteCall`` can bind, for statements whose parameters vary by call site.
protocol SQLiteBindable {
    func bind(to call: inout SQLiteCall)
}

extension Int: SQLiteBindable { func bind(to call: inout SQLiteCall) { call.bind(self) } }
extension Int64: SQLiteBindable { func bind(to call: inout SQLiteCall) { call.bind(self) } }
extension Bool: SQLiteBindable { func bind(to call: inout SQLiteCall) { call.bind(self) } }
extension String: SQLiteBindable { func bind(to call: inout SQLiteCall) { call.bind(self) } }
extension Optional: SQLiteBindable where Wrapped: SQLiteBindable {
    func bind(to call: inout SQLiteCall) {
        switch self {
        case .some(let value): value.bind(to: &call)
        case .none: call.bind(nil as Int64?)
        }
    }
}

extension Database {
    /// Runs `body` with the cached statement for `sql`, reset and unbound afterwards so the
    /// next use starts clean (also after a failure).
    func withCall<T>(_ sql: String, _ body: (inout SQLiteCall) throws -> T) throws -> T {
        guard let connection = sqliteConnection else {
            throw DatabaseError(resultCode: .SQLITE_MISUSE, message: "the connection is closed", sql: sql)
        }
        let statement = try cachedStatement(sql: sql).sqliteStatement
        var call = SQLiteCall(statement: statement, connection: connection, sql: sql)
        defer {
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
        }
        return try body(&call)
    }

    /// Runs a statement without rows.
    func call(_ sql: String, _ arguments: [any SQLiteBindable] = []) throws {
        try withCall(sql) { call in
            call.bind(arguments)
            try call.run()
        }
    }

    /// The first column of the first row as an integer, nil when there is no row or it is NULL.
    func callInt64(_ sql: String, _ arguments: [any SQLiteBindable] = []) throws -> Int64? {
        try withCall(sql) { call in
            call.bind(arguments)
            return try call.step() ? call.optionalInt64(0) : nil
        }
    }
}
