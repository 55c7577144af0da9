import CentralServer
import Foundation
import Logging
import PostgresNIO

extension PostgresCentralStorage {
    /// `pg_dump` of the database (custom format, `pg_restore` reads it) taken from one exported
    /// snapshot, then every stream's archived mark raised to the high-water mark *in that
    /// snapshot*: the same promise as the SQLite backup (a restore of the latest backup loses
    /// nothing a kiosk may have deleted).
    public func backup(to path: String) async throws -> Int {
        let held: [(kiosk: String, epoch: String, mark: Int64)] = try await client.withConnection { connection in
            try await connection.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: self.logger)
            do {
                let snapshotId = try await connection.query("SELECT pg_export_snapshot()", logger: self.logger)
                    .collect().first?.decode(String.self) ?? ""
                let marks = try await connection.query("SELECT kiosk_id, db_epoch, high_water FROM streams", logger: self.logger)
                    .collect().map { row in
                        let (kiosk, epoch, mark) = try row.decode((String, String, Int64).self)
                        return (kiosk: kiosk, epoch: epoch, mark: mark)
                    }
                // The snapshot lives as long as this transaction: dump while it is open.
                try await Self.dump(snapshot: snapshotId, to: path, configuration: configuration)
                try await connection.query("COMMIT", logger: self.logger)
                return marks
            } catch {
                _ = try? await connection.query("ROLLBACK", logger: self.logger)
                throw error
            }
        }
        guard !held.isEmpty else { return 0 }
        return try await transaction { connection in
            try await connection.query("""
                WITH raised AS (
                    UPDATE streams SET archived_through = v.mark
                    FROM unnest(\(held.map(\.kiosk))::text[], \(held.map(\.epoch))::text[], \(held.map(\.mark))::bigint[])
                        AS v(kiosk_id, db_epoch, mark)
                    WHERE streams.kiosk_id = v.kiosk_id AND streams.db_epoch = v.db_epoch AND streams.archived_through < v.mark
                    RETURNING 1)
                SELECT COUNT(*)::bigint FROM raised
                """, logger: self.logger).collect().first.map { Int(try $0.decode(Int64.self)) } ?? 0
        }
    }

    /// Runs `pg_dump --snapshot` off the cooperative pool; the password goes in the environment.
    static func dump(snapshot: String, to path: String, configuration: PostgresStorageConfiguration) async throws {
        var arguments = ["--snapshot=\(snapshot)", "--format=custom", "--file=\(path)", "--no-password"]
        if let schema = configuration.schema { arguments.append("--schema=\(schema)") }
        try await runTool("pg_dump", arguments, configuration: configuration)
    }

    /// Restores a `turnero-central backup` file into the configured database with `pg_restore`
    /// (one transaction). The database (or the configured schema) must hold no centre tables
    /// unless `replace`, which drops them first. The centre must be stopped.
    /// - Returns: a summary for the operator.
    public static func restore(from path: String, into configuration: PostgresStorageConfiguration, replace: Bool) async throws -> String {
        let logger = Logger(label: "turnero-central.restore")
        let tables = try await withClient(configuration, logger: logger) { client in
            let schema = configuration.schema ?? "public"
            return try await client.query("""
                SELECT COUNT(*)::bigint FROM information_schema.tables WHERE table_schema = \(schema) AND table_name = 'schema_migrations'
                """, logger: logger).collect().first?.decode(Int64.self) ?? 0
        }
        if tables > 0, !replace {
            throw CentralError(.invalidArgument, "\(configuration.redacted) already holds a centre; stop it and pass --replace to overwrite it")
        }
        var arguments = ["--dbname=\(configuration.database)", "--no-owner", "--exit-on-error", "--single-transaction", "--no-password"]
        if replace { arguments += ["--clean", "--if-exists"] }
        arguments.append(path)
        try await runTool("pg_restore", arguments, configuration: configuration)
        return "into \(configuration.redacted)"
    }

    /// A pool for one short job (no migration).
    static func withClient<T: Sendable>(
        _ configuration: PostgresStorageConfiguration, logger: Logger, _ body: @Sendable (PostgresClient) async throws -> T
    ) async throws -> T {
        let client = PostgresClient(configuration: configuration.client(), backgroundLogger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            return try await body(client)
        }
    }

    /// Runs a PostgreSQL client tool off the cooperative pool; the password goes in the environment.
    static func runTool(_ name: String, _ arguments: [String], configuration: PostgresStorageConfiguration) async throws {
        guard let executable = pgTool(name) else {
            throw CentralError(.storage, "\(name) not found (install postgresql-client)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(configuration.libpqEnvironment) { $1 }
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: CentralError(.storage, "cannot start \(name): \(error)"))
            }
        }
        guard status == 0 else {
            let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile().prefix(400), as: UTF8.self)
            throw CentralError(.storage, "\(name) failed (\(status)): \(message)")
        }
    }

    /// A PostgreSQL tool on the PATH, else the newest in Debian's `/usr/lib/postgresql/*/bin`.
    static func pgTool(_ name: String) -> String? {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
        for directory in paths where FileManager.default.isExecutableFile(atPath: directory + "/" + name) {
            return directory + "/" + name
        }
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        for version in versions.sorted(by: { (Int($0) ?? 0) > (Int($1) ?? 0) }) {
            let candidate = "/usr/lib/postgresql/\(version)/bin/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}
