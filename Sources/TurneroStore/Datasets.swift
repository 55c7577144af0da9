public import Foundation
import GRDB

/// A dataset version held by the kiosk.
public struct DatasetVersion: Sendable, Hashable {
    public var name: String
    public var version: Int64
    public var checksum: String
    public var rowCount: Int
    public var appliedAt: Date
}

// Downloaded datasets (office configuration, bill cache): a new version's rows are written
// beside the current version's, verified, then switched on by one small transaction, so
// readers see either the old version or the new one, never a mixture.
extension TurneroDatabase {
    /// The current version of every dataset held.
    public func datasetVersions() throws(StoreError) -> [String: DatasetVersion] {
        try Self.storage {
            try writer.read { db in
                var versions: [String: DatasetVersion] = [:]
                for row in try db.rows("SELECT name, version, checksum, row_count, applied_at FROM datasets") {
                    let version = DatasetVersion(
                        name: row[0], version: row[1], checksum: row[2], rowCount: row[3],
                        appliedAt: Date(millisecondsSince1970: row[4]))
                    versions[version.name] = version
                }
                return versions
            }
        }
    }

    /// Writes the rows of a version that is not current yet, in transactions of `chunk` rows.
    /// Rows of an earlier interrupted load of the same version are replaced.
    public func stageDatasetRows(name: String, version: Int64, rows: [(key: String, json: String)], chunk: Int = 2000) throws(StoreError) {
        try Self.storage {
            try writer.write { db in
                let current = try db.value(Int64.self, "SELECT version FROM datasets WHERE name = ?", [name])
                guard current != version else { throw StoreError(.invalidArgument, "dataset \(name) v\(version) is already current") }
                try db.run("DELETE FROM dataset_rows WHERE dataset = ? AND version = ?", [name, version])
            }
            var index = 0
            while index < rows.count {
                let slice = rows[index..<min(rows.count, index + max(1, chunk))]
                try writer.write { db in
                    for row in slice {
                        try db.run(
                            "INSERT INTO dataset_rows (dataset, version, key, json) VALUES (?, ?, ?, ?)",
                            [name, version, row.key, row.json])
                    }
                }
                index += slice.count
            }
        }
    }

    /// The staged rows of a version, sorted by key (byte order), for verification.
    public func stagedDatasetRows(name: String, version: Int64) throws(StoreError) -> [(key: String, json: String)] {
        try Self.storage {
            try writer.read { db in
                try db.rows("SELECT key, json FROM dataset_rows WHERE dataset = ? AND version = ? ORDER BY key", [name, version])
                    .map { ($0[0], $0[1]) }
            }
        }
    }

    /// Switches `version` on if it is newer than the current one and its staged row count is
    /// `rowCount`; then deletes the rows of other versions. Returns whether it switched.
    @discardableResult
    public func activateDataset(name: String, version: Int64, checksum: String, rowCount: Int, at date: Date) throws(StoreError) -> Bool {
        try Self.storage {
            let switched = try writer.write { db -> Bool in
                let current = try db.value(Int64.self, "SELECT version FROM datasets WHERE name = ?", [name])
                if let current, current >= version { return false }
                let staged = try db.value(
                    Int.self, "SELECT COUNT(*) FROM dataset_rows WHERE dataset = ? AND version = ?", [name, version]) ?? 0
                guard staged == rowCount else {
                    throw StoreError(.corrupt, "dataset \(name) v\(version): \(staged) rows staged, \(rowCount) expected")
                }
                try db.run("""
                    INSERT INTO datasets (name, version, checksum, row_count, applied_at) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (name) DO UPDATE SET version = excluded.version, checksum = excluded.checksum,
                        row_count = excluded.row_count, applied_at = excluded.applied_at
                    """, [name, version, checksum, rowCount, date.millisecondsSince1970])
                return true
            }
            try writer.write { db in
                // Only older versions: a newer one may be loading beside it in another process.
                try db.run("""
                    DELETE FROM dataset_rows WHERE dataset = ?
                        AND version < COALESCE((SELECT version FROM datasets WHERE name = ?), -1)
                    """, [name, name])
            }
            return switched
        }
    }

    /// The rows of a dataset's current version, sorted by key.
    public func datasetRows(name: String) throws(StoreError) -> [(key: String, json: String)] {
        try Self.storage {
            try writer.read { db in
                try db.rows("""
                    SELECT key, json FROM dataset_rows
                    WHERE dataset = ? AND version = (SELECT version FROM datasets WHERE name = ?) ORDER BY key
                    """, [name, name]).map { ($0[0], $0[1]) }
            }
        }
    }

    /// One row of a dataset's current version (e.g. a bill by account key), or nil.
    public func datasetRow(name: String, key: String) throws(StoreError) -> String? {
        try Self.storage {
            try writer.read { db in
                try db.value(String.self, """
                    SELECT json FROM dataset_rows
                    WHERE dataset = ? AND version = (SELECT version FROM datasets WHERE name = ?) AND key = ?
                    """, [name, name, key])
            }
        }
    }
}
