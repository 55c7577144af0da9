import CentralServer
import Foundation
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
        guard let executable = pgDump() else {
            throw CentralError(.storage, "pg_dump not found (install postgresql-client)")
        }
        var arguments = ["--snapshot=\(snapshot)", "--format=custom", "--file=\(path)", "--no-password"]
        if let schema = configuration.schema { arguments.append("--schema=\(schema)") }
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
                continuation.resume(throwing: CentralError(.storage, "cannot start pg_dump: \(error)"))
            }
        }
        guard status == 0 else {
            let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile().prefix(400), as: UTF8.self)
            throw CentralError(.storage, "pg_dump failed (\(status)): \(message)")
        }
    }

    /// `pg_dump` on the PATH, else the newest in Debian's `/usr/lib/postgresql/*/bin`.
    static func pgDump() -> String? {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
        for directory in paths where FileManager.default.isExecutableFile(atPath: directory + "/pg_dump") {
            return directory + "/pg_dump"
        }
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        for version in versions.sorted(by: { (Int($0) ?? 0) > (Int($1) ?? 0) }) {
            let candidate = "/usr/lib/postgresql/\(version)/bin/pg_dump"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}
