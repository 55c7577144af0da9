import CentralServer
public import Foundation
import GRDB
public import SyncProtocol

extension SQLiteCentralStorage {
    public func publishDataset(name: String, officeId: String?, rows: [DatasetRow], now: Date) async throws -> DatasetSnapshot {
        let scope = officeId ?? ""
        return try await pool.write { db in
            let last = try Int64.fetchOne(
                db, sql: "SELECT MAX(version) FROM dataset_versions WHERE name = ? AND office_id = ?",
                arguments: [name, scope]) ?? 0
            let snapshot = DatasetSnapshot(name: name, version: last + 1, rows: rows)
            try db.execute(sql: """
                INSERT INTO dataset_versions (name, office_id, version, checksum, row_count, published_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [name, scope, snapshot.version, snapshot.checksum, snapshot.rowCount, now.milliseconds])
            let insert = try db.cachedStatement(
                sql: "INSERT INTO dataset_rows (name, office_id, version, key, value) VALUES (?, ?, ?, ?, ?)")
            for row in snapshot.rows {
                try insert.execute(arguments: [name, scope, snapshot.version, row.key, row.value])
            }
            // Older versions are no longer served.
            try db.execute(
                sql: "DELETE FROM dataset_rows WHERE name = ? AND office_id = ? AND version < ?",
                arguments: [name, scope, snapshot.version])
            return snapshot
        }
    }

    public func datasetVersions(officeId: String) async throws -> [String: Int64] {
        try await pool.read { db in
            var versions: [String: Int64] = [:]
            // Office-specific versions win over global ones ('' sorts first, so it is overwritten).
            let rows = try Row.fetchAll(
                db.cachedStatement(sql: """
                    SELECT name, office_id, MAX(version) FROM dataset_versions
                    WHERE office_id IN ('', ?) GROUP BY name, office_id ORDER BY name, office_id
                    """), arguments: [officeId])
            for row in rows { versions[row[0]] = row[2] }
            return versions
        }
    }

    public func dataset(name: String, officeId: String) async throws -> DatasetSnapshot? {
        try await pool.read { db in
            guard let head = try Row.fetchOne(db, sql: """
                SELECT office_id, version, checksum, row_count FROM dataset_versions
                WHERE name = ? AND office_id IN ('', ?) ORDER BY office_id DESC, version DESC LIMIT 1
                """, arguments: [name, officeId])
            else { return nil }
            let scope: String = head[0]
            let version: Int64 = head[1]
            let rows = try Row.fetchAll(
                db, sql: "SELECT key, value FROM dataset_rows WHERE name = ? AND office_id = ? AND version = ?",
                arguments: [name, scope, version]
            ).map { DatasetRow(key: $0[0], value: $0[1]) }
            let snapshot = DatasetSnapshot(name: name, version: version, rows: rows)
            guard snapshot.checksum == (head[2] as String) else {
                throw CentralError(.storage, "dataset \(name) v\(version) fails its checksum in storage")
            }
            return snapshot
        }
    }
}
