public import Foundation
import GRDB
import TurneroCore

/// The kiosk's SQLite database: one file shared safely by the kiosk, counters and terminals.
///
/// Durability settings are not negotiable: WAL with `synchronous=FULL` (with NORMAL a committed
/// transaction may roll back after power loss, and a printed label could be reused),
/// `auto_vacuum=INCREMENTAL` from creation, foreign keys on, and a busy timeout so several
/// processes wait for each other instead of failing.
public final class TurneroDatabase: Sendable {
    /// The database file.
    public let path: String
    /// This kiosk's id and the random epoch created with the database (sync identity).
    public let identity: KioskIdentity
    let writer: DatabaseQueue

    /// Options for opening.
    public struct Options: Sendable {
        /// How long to wait for another process's write lock before failing with `.busy`.
        public var busyTimeout: TimeInterval = 5

        public init(busyTimeout: TimeInterval = 5) { self.busyTimeout = busyTimeout }
    }

    private init(path: String, writer: DatabaseQueue, identity: KioskIdentity) {
        self.path = path
        self.writer = writer
        self.identity = identity
    }

    /// Opens an existing database, applying pending migrations.
    ///
    /// - Throws: `StoreError` `.notInitialized` when there is no file, `.corrupt` when it is not
    ///   a Turnero database, `.busy` or `.io` when SQLite cannot get to it.
    public static func open(at path: String, options: Options = .init()) throws(StoreError) -> TurneroDatabase {
        guard FileManager.default.fileExists(atPath: path) else {
            throw StoreError(.notInitialized, "no database at \(path); run `turnero init` first")
        }
        return try storage {
            let writer = try DatabaseQueue(path: path, configuration: configuration(options))
            let identity = try writer.read { db -> KioskIdentity? in
                guard try db.tableExists("meta") else { return nil }
                return try KioskIdentity.load(db)
            }
            guard let identity else {
                throw StoreError(.corrupt, "\(path) is an SQLite file but not a Turnero database")
            }
            try Schema.migrator().migrate(writer)
            return TurneroDatabase(path: path, writer: writer, identity: identity)
        }
    }

    /// Creates the database (and its directory) if missing, or opens the existing one.
    ///
    /// - Parameter kioskId: the id this kiosk uses with the central server; kept if the
    ///   database already exists.
    public static func create(at path: String, kioskId: String, options: Options = .init()) throws(StoreError) -> TurneroDatabase {
        if FileManager.default.fileExists(atPath: path) { return try open(at: path, options: options) }
        return try storage {
            let directory = (path as NSString).deletingLastPathComponent
            if !directory.isEmpty {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            }
            let writer = try DatabaseQueue(path: path, configuration: configuration(options))
            let identity = KioskIdentity(kioskId: kioskId, dbEpoch: UUID().uuidString.lowercased())
            try Schema.migrator(creating: identity).migrate(writer)
            return TurneroDatabase(path: path, writer: writer, identity: identity)
        }
    }

    /// Runs SQLite's `PRAGMA integrity_check`; returns its findings (`["ok"]` when sound).
    public func integrityCheck() throws(StoreError) -> [String] {
        try Self.storage { try writer.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") } }
    }

    /// The connection's durability settings, for diagnostics and tests.
    public func durabilitySettings() throws(StoreError) -> (journalMode: String, synchronous: Int, autoVacuum: Int) {
        try Self.storage {
            try writer.read { db in
                (
                    try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "",
                    try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1,
                    try Int.fetchOne(db, sql: "PRAGMA auto_vacuum") ?? -1
                )
            }
        }
    }

    private static func configuration(_ options: Options) -> Configuration {
        var configuration = Configuration()
        configuration.label = "turnero"
        configuration.busyMode = .timeout(options.busyTimeout)
        configuration.foreignKeysEnabled = true
        // GRDB's own `.wal` setup lowers synchronous to NORMAL, so WAL is set up here instead.
        configuration.prepareDatabase { db in
            // auto_vacuum only takes effect before the file's first page is written, which
            // switching to WAL does; on an existing database it changes nothing.
            try db.execute(sql: "PRAGMA auto_vacuum = INCREMENTAL")
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        return configuration
    }

    /// Runs `body`, translating SQLite and file-system errors into `StoreError`.
    static func storage<T>(_ body: () throws -> T) throws(StoreError) -> T {
        do {
            return try body()
        } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError {
            throw StoreError(sqlite: error)
        } catch {
            throw StoreError(.io, "\(error.localizedDescription)")
        }
    }
}

extension StoreError {
    init(sqlite error: DatabaseError) {
        let detail = error.message ?? "SQLite error \(error.extendedResultCode.rawValue)"
        switch error.resultCode {
        case .SQLITE_NOTADB, .SQLITE_CORRUPT, .SQLITE_FORMAT:
            self.init(.corrupt, "the database file is damaged or not a database (\(detail))")
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            self.init(.busy, "the database is locked by another process (\(detail)); try again")
        case .SQLITE_FULL:
            self.init(.io, "the disk is full (\(detail))")
        case .SQLITE_READONLY, .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_IOERR, .SQLITE_AUTH:
            self.init(.io, "cannot read or write the database file (\(detail))")
        default:
            self.init(.io, "database error: \(detail)")
        }
    }
}

/// Who this database belongs to, for sync: the kiosk id and the epoch created with the file.
public struct KioskIdentity: Sendable, Hashable, Codable {
    public var kioskId: String
    /// Random id created with the database: a restored or re-imaged kiosk starts a new stream.
    public var dbEpoch: String

    public init(kioskId: String, dbEpoch: String) {
        self.kioskId = kioskId
        self.dbEpoch = dbEpoch
    }

    static func load(_ db: Database) throws -> KioskIdentity? {
        let rows = try db.rows("SELECT key, value FROM meta WHERE key IN ('kiosk_id', 'db_epoch')")
        var values: [String: String] = [:]
        for row in rows { values[row["key"]] = row["value"] }
        guard let kiosk = values["kiosk_id"], let epoch = values["db_epoch"] else { return nil }
        return KioskIdentity(kioskId: kiosk, dbEpoch: epoch)
    }

    func save(_ db: Database) throws {
        try db.run("INSERT INTO meta (key, value) VALUES ('kiosk_id', ?), ('db_epoch', ?)", [kioskId, dbEpoch])
    }
}
