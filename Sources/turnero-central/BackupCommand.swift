import ArgumentParser
import CentralPostgres
import CentralSQLite
import CentralServer
import Foundation

struct Backup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Copy the database to FILE, then let kiosks delete what the copy holds (archived marks).",
        discussion: """
            SQLite: an online copy of the file (the centre may be running). PostgreSQL: pg_dump (custom \
            format) of one snapshot. Restore with `turnero-central restore FILE`; see docs/sync.md.
            """)
    @OptionGroup var database: DatabaseOption
    @Argument(help: "Destination file (replaced).") var destination: String

    func run() async throws {
        let destination = destination
        let moved = try await database.withStorage { storage in try await storage.backup(to: destination) }
        print("backup written to \(destination); archived marks raised for \(moved) stream(s)")
    }
}

struct Restore: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Restore a backup into --database (stop the centre first).",
        discussion: """
            SQLite: FILE is checked (integrity_check) and copied into --database, which must not exist \
            unless --replace. PostgreSQL: FILE is restored with pg_restore into --database, which must be \
            empty unless --replace. Then start the centre: kiosks resend what the backup lacks; a kiosk that \
            already deleted some of it declares them lost (a gap the dashboard shows).
            """)
    @OptionGroup var database: DatabaseOption
    @Argument(help: "The backup file (turnero-central backup).") var backup: String
    @Flag(help: "Replace an existing database.") var replace = false

    func run() async throws {
        guard FileManager.default.fileExists(atPath: backup) else { throw ValidationError("no backup at \(backup)") }
        let summary: String
        do {
            if database.isPostgres {
                summary = try await PostgresCentralStorage.restore(
                    from: backup, into: try database.postgresConfiguration(), replace: replace)
            } else {
                summary = try SQLiteCentralStorage.restore(from: backup, to: database.database, replace: replace)
            }
        } catch let error as CentralError {
            throw ValidationError(error.description)
        }
        // Opening migrates a backup made by an older version.
        let (events, _) = try await database.withStorage { storage in try await storage.eventTotals(kioskId: nil) }
        print("restored \(backup): \(summary); \(events) event(s); start the centre and the kiosks catch up")
    }
}
