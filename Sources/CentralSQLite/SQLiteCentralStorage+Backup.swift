import CentralServer
import Foundation
import GRDB

// Shutdown checkpoint and restore on SQLite (the backup itself is in SQLiteCentralStorage).
extension SQLiteCentralStorage {
    /// Moves every committed page from the WAL into the main file and closes the database:
    /// after a graceful stop, a copy of `central.sqlite` alone holds everything.
    public func checkpointAndClose() throws {
        _ = try pool.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
        try pool.close()
    }

    /// Copies a backup into `destination` (which must not exist unless `replace`), after an
    /// integrity check, through a temporary file renamed into place; a stale `-wal`/`-shm` of
    /// the replaced database is removed first. The centre must be stopped.
    /// - Returns: a summary for the operator.
    public static func restore(from backup: String, to destination: String, replace: Bool) throws -> String {
        let manager = FileManager.default
        if manager.fileExists(atPath: destination), !replace {
            throw CentralError(.invalidArgument, "\(destination) exists; stop the centre and pass --replace to overwrite it")
        }
        var configuration = Configuration()
        configuration.readonly = true
        let source: DatabaseQueue
        do { source = try DatabaseQueue(path: backup, configuration: configuration) } catch {
            throw CentralError(.invalidArgument, "\(backup) is not a SQLite database: \(error)")
        }
        let (check, streams) = try source.read { db in
            (try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "", try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM streams") ?? 0)
        }
        guard check == "ok" else { throw CentralError(.storage, "\(backup) fails integrity_check: \(check.prefix(200))") }
        let temporary = destination + ".restoring"
        try? manager.removeItem(atPath: temporary)
        let copy = try DatabaseQueue(path: temporary)
        try source.backup(to: copy)
        try copy.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = WAL") }
        try copy.close()
        try source.close()
        for suffix in ["-wal", "-shm"] { try? manager.removeItem(atPath: destination + suffix) }
        guard rename(temporary, destination) == 0 else {
            throw CentralError(.storage, "cannot move the restored copy into \(destination): \(String(cString: strerror(errno)))")
        }
        for suffix in ["-wal", "-shm"] { try? manager.removeItem(atPath: temporary + suffix) }
        return "\(streams) stream(s) into \(destination)"
    }
}
