import ArgumentParser
import CentralPostgres
import CentralSQLite
import CentralServer
import Foundation
import Logging

/// `--database`: a SQLite file path, or a `postgres://` URL. Every command reads it.
struct DatabaseOption: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The central database: a SQLite file (created if missing), or postgres://USER[:PASSWORD]@HOST[:PORT]/DB.",
            valueName: "file|url"))
    var database: String = Self.defaultDatabase

    /// `$TURNERO_CENTRAL_DATABASE`, else the packaged service's file where the package made its
    /// state directory, else `turnero-central.sqlite` here.
    static var defaultDatabase: String {
        if let value = ProcessInfo.processInfo.environment["TURNERO_CENTRAL_DATABASE"], !value.isEmpty { return value }
        if FileManager.default.fileExists(atPath: "/var/lib/turnero-central") { return "/var/lib/turnero-central/central.sqlite" }
        return "turnero-central.sqlite"
    }

    var isPostgres: Bool { database.hasPrefix("postgres://") || database.hasPrefix("postgresql://") }

    /// Opens the storage for `body` (for PostgreSQL: runs the pool and migrates first).
    func withStorage<T: Sendable>(
        logger: Logger = Logger(label: "turnero-central", factory: { _ in SwiftLogNoOpLogHandler() }),
        _ body: @Sendable (any CentralStorage) async throws -> T
    ) async throws -> T {
        if isPostgres {
            let configuration = try postgresConfiguration()
            do {
                return try await PostgresCentralStorage.withStorage(configuration, logger: logger) { try await body($0) }
            } catch let error as ValidationError {
                throw error
            } catch {
                throw ValidationError("PostgreSQL \(configuration.redacted): \(error)")
            }
        }
        let storage: SQLiteCentralStorage
        do {
            storage = try SQLiteCentralStorage(path: database)
        } catch {
            throw ValidationError("cannot open \(database): \(error)")
        }
        return try await body(storage)
    }

    func postgresConfiguration() throws -> PostgresStorageConfiguration {
        do {
            return try PostgresStorageConfiguration(url: database)
        } catch {
            throw ValidationError(error.description)
        }
    }
}
