public import Foundation
import GRDB

/// What the kiosk knows about its sync with the centre, for `turnero status` and the service.
public struct SyncRecord: Sendable, Hashable {
    public var marks: SyncMarks
    /// Last sequence number issued here.
    public var lastSeq: Int64
    /// Events not yet acknowledged by the centre.
    public var pending: Int64
    /// When the oldest pending event happened (kiosk clock).
    public var oldestPendingAt: Date?
    /// Last exchange the centre answered (any answer that was applied).
    public var lastSyncAt: Date?
    /// Last attempt, successful or not.
    public var lastAttemptAt: Date?
    /// Why the last attempt failed, if it did (no secrets, no personal data).
    public var lastError: String?
    /// Last measured `centre − kiosk` clock offset in milliseconds.
    public var clockOffsetMs: Int64?
    /// Set when sync must stop for a person (e.g. `seq_conflict`); cleared by a clean exchange.
    public var blockedReason: String?
    /// Events the centre stored as dead letters (invalid), in total.
    public var rejectedEvents: Int64
    /// The dataset versions the centre advertised last.
    public var serverDatasetVersions: [String: Int64]
    /// Events this kiosk declared lost to the centre (it was restored from an older backup
    /// after they were compacted here), in total.
    public var declaredLost: Int64 = 0
}

/// Keys of `sync_meta`.
enum SyncMeta {
    static let accepted = "server.accepted_through"
    static let archived = "server.archived_through"
    static let lastSync = "last_sync_at"
    static let lastAttempt = "last_attempt_at"
    static let lastError = "last_error"
    static let offset = "clock_offset_ms"
    static let blocked = "blocked_reason"
    static let rejected = "rejected_events"
    static let serverDatasets = "server.dataset_versions"
    static let declaredLost = "declared_lost_events"

    static func get(_ key: String, _ db: Database) throws -> String? {
        try db.value(String.self, "SELECT value FROM sync_meta WHERE key = ?", [key])
    }

    static func set(_ key: String, _ value: String?, _ db: Database) throws {
        if let value {
            try db.run(
                "INSERT INTO sync_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [key, value])
        } else {
            try db.run("DELETE FROM sync_meta WHERE key = ?", [key])
        }
    }

    static func int(_ key: String, _ db: Database) throws -> Int64? { try get(key, db).flatMap { Int64($0) } }

    static func marks(_ db: Database) throws -> SyncMarks {
        SyncMarks(acceptedThrough: try int(accepted, db) ?? 0, archivedThrough: try int(archived, db) ?? 0)
    }

    static func saveMarks(_ marks: SyncMarks, _ db: Database) throws {
        try set(accepted, String(marks.acceptedThrough), db)
        try set(archived, String(marks.archivedThrough), db)
    }
}

extension TurneroDatabase {
    /// The sync facts, read in one transaction.
    public func syncRecord() throws(StoreError) -> SyncRecord {
        try Self.storage {
            try writer.read { db in
                let marks = try SyncMeta.marks(db)
                let last = try Outbox.lastSeq(db)
                let oldest = try db.value(
                    Int64.self, "SELECT occurred_at FROM outbox WHERE seq > ? ORDER BY seq LIMIT 1", [marks.acceptedThrough])
                let versions = try SyncMeta.get(SyncMeta.serverDatasets, db).flatMap {
                    try? JSONDecoder().decode([String: Int64].self, from: Data($0.utf8))
                } ?? [:]
                return SyncRecord(
                    marks: marks, lastSeq: last, pending: max(0, last - marks.acceptedThrough),
                    oldestPendingAt: oldest.map(Date.init(millisecondsSince1970:)),
                    lastSyncAt: try SyncMeta.int(SyncMeta.lastSync, db).map(Date.init(millisecondsSince1970:)),
                    lastAttemptAt: try SyncMeta.int(SyncMeta.lastAttempt, db).map(Date.init(millisecondsSince1970:)),
                    lastError: try SyncMeta.get(SyncMeta.lastError, db),
                    clockOffsetMs: try SyncMeta.int(SyncMeta.offset, db),
                    blockedReason: try SyncMeta.get(SyncMeta.blocked, db),
                    rejectedEvents: try SyncMeta.int(SyncMeta.rejected, db) ?? 0,
                    serverDatasetVersions: versions, declaredLost: try SyncMeta.int(SyncMeta.declaredLost, db) ?? 0)
            }
        }
    }

    /// Records an exchange the centre answered: time, clock offset, dead letters, versions.
    public func recordSyncExchange(
        at date: Date, clockOffsetMs: Int64?, newlyRejected: Int = 0, serverDatasetVersions: [String: Int64]? = nil
    ) throws(StoreError) {
        try Self.storage {
            try writer.write { db in
                let now = String(date.millisecondsSince1970)
                try SyncMeta.set(SyncMeta.lastSync, now, db)
                try SyncMeta.set(SyncMeta.lastAttempt, now, db)
                try SyncMeta.set(SyncMeta.lastError, nil, db)
                try SyncMeta.set(SyncMeta.blocked, nil, db)
                if let clockOffsetMs { try SyncMeta.set(SyncMeta.offset, String(clockOffsetMs), db) }
                if newlyRejected > 0 {
                    let total = (try SyncMeta.int(SyncMeta.rejected, db) ?? 0) + Int64(newlyRejected)
                    try SyncMeta.set(SyncMeta.rejected, String(total), db)
                }
                if let serverDatasetVersions {
                    let json = String(decoding: try JSONEncoder().encode(serverDatasetVersions), as: UTF8.self)
                    try SyncMeta.set(SyncMeta.serverDatasets, json, db)
                }
            }
        }
    }

    /// Records a failed attempt; `blocked` marks failures that need a person (sync stops).
    public func recordSyncFailure(at date: Date, error: String, blocked: Bool = false) throws(StoreError) {
        try Self.storage {
            try writer.write { db in
                try SyncMeta.set(SyncMeta.lastAttempt, String(date.millisecondsSince1970), db)
                try SyncMeta.set(SyncMeta.lastError, String(error.prefix(300)), db)
                if blocked { try SyncMeta.set(SyncMeta.blocked, String(error.prefix(300)), db) }
            }
        }
    }

    /// Clears a block after a person dealt with it (`turnero sync unblock`).
    public func clearSyncBlock() throws(StoreError) {
        try Self.storage { try writer.write { db in try SyncMeta.set(SyncMeta.blocked, nil, db) } }
    }

    /// After the centre recorded `lost` as a gap: counts them and applies its marks (they only
    /// move up, as with any acknowledgement), in one transaction.
    @discardableResult
    public func recordDeclaredGap(
        _ lost: ClosedRange<Int64>, acceptedThrough: Int64, archivedThrough: Int64
    ) throws(StoreError) -> SyncMarks {
        let marks = try applySyncAcknowledgement(acceptedThrough: acceptedThrough, archivedThrough: archivedThrough)
        try Self.storage {
            try writer.write { db in
                let total = (try SyncMeta.int(SyncMeta.declaredLost, db) ?? 0) + Int64(lost.count)
                try SyncMeta.set(SyncMeta.declaredLost, String(total), db)
            }
        }
        return marks
    }
}
