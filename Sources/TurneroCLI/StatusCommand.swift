import ArgumentParser
import Foundation
import SyncClient
import TurneroStore

/// `turnero status`: sync health at a glance (pending events, last sync, dataset versions).
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show pending events, the oldest pending age, the last sync and dataset versions.")
    @OptionGroup var global: GlobalOptions
    @Flag(help: "Print as JSON.") var json = false

    struct Status: Encodable {
        var kioskId: String
        var dbEpoch: String
        var enrolled: Bool
        var server: String?
        var officeId: String?
        var credentialExpiresAt: Date?
        var lastSeq: Int64
        var pending: Int64
        var oldestPendingAt: Date?
        var oldestPendingAgeSeconds: Int?
        var acceptedThrough: Int64
        var archivedThrough: Int64
        var lastSyncAt: Date?
        var lastAttemptAt: Date?
        var lastError: String?
        var blocked: String?
        var clockOffsetMs: Int64?
        var deadLetters: Int64
        var declaredLost: Int64
        var signing: String?
        var datasets: [String: Int64]
        var serverDatasets: [String: Int64]
    }

    mutating func run() async throws {
        let global = self.global
        let json = self.json
        try await reportingFailures {
            global.bootstrapLogging()
            let database = try global.openDatabase()
            let record = try database.syncRecord()
            let credentials = try? SyncCredentials.load(stateDirectory: global.stateDirectoryPath)
            let datasets = try database.datasetVersions().mapValues(\.version)
            let now = Date()
            let status = Status(
                kioskId: database.identity.kioskId, dbEpoch: database.identity.dbEpoch, enrolled: credentials != nil,
                server: credentials?.server, officeId: credentials?.officeId,
                credentialExpiresAt: credentials.map { Date(millisecondsSince1970: $0.expiresAt) }, lastSeq: record.lastSeq,
                pending: record.pending, oldestPendingAt: record.oldestPendingAt,
                oldestPendingAgeSeconds: record.oldestPendingAt.map { max(0, Int(now.timeIntervalSince($0))) },
                acceptedThrough: record.marks.acceptedThrough, archivedThrough: record.marks.archivedThrough,
                lastSyncAt: record.lastSyncAt, lastAttemptAt: record.lastAttemptAt, lastError: record.lastError,
                blocked: record.blockedReason, clockOffsetMs: record.clockOffsetMs, deadLetters: record.rejectedEvents,
                declaredLost: record.declaredLost,
                signing: credentials.map { $0.privateKey != nil ? "ed25519" : "hmac" }, datasets: datasets, serverDatasets: record.serverDatasetVersions)
            if json {
                try printJSON(status)
                return
            }
            func ago(_ date: Date?) -> String {
                guard let date else { return "never" }
                let seconds = max(0, Int(now.timeIntervalSince(date)))
                if seconds < 120 { return "\(seconds) s ago" }
                if seconds < 7200 { return "\(seconds / 60) min ago" }
                return "\(seconds / 3600) h ago"
            }
            print("kiosk:          \(status.kioskId)  epoch \(status.dbEpoch)")
            print("central:        \(credentials.map { "\($0.server) (office \($0.officeId))" } ?? "not enrolled")")
            print("pending events: \(status.pending)" + (record.oldestPendingAt.map { ", oldest \(ago($0))" } ?? ""))
            print("acknowledged:   through seq \(status.acceptedThrough) (archived through \(status.archivedThrough)) of \(status.lastSeq)")
            print("last sync:      \(ago(record.lastSyncAt))" + (record.clockOffsetMs.map { ", clock offset \($0) ms" } ?? ""))
            if let error = record.lastError { print("last error:     \(error)") }
            if let blocked = record.blockedReason { print("BLOCKED:        \(blocked)") }
            if record.rejectedEvents > 0 { print("dead letters:   \(record.rejectedEvents) event(s) refused by the centre") }
            if record.declaredLost > 0 {
                print("LOST AT CENTRE: \(record.declaredLost) event(s) deleted here before the centre was restored from an older backup")
            }
            if let credentials, credentials.privateKey == nil {
                print("signing:        shared secret; move to a key with `turnero sync rekey`")
            }
            let names = Set(datasets.keys).union(record.serverDatasetVersions.keys).sorted()
            let versions = names.map { name in
                let held = datasets[name].map { "v\($0)" } ?? "none"
                let offered = record.serverDatasetVersions[name].map { " (centre v\($0))" } ?? ""
                return "\(name) \(held)\(offered)"
            }
            print("datasets:       \(versions.isEmpty ? "none" : versions.joined(separator: ", "))")
        }
    }
}
