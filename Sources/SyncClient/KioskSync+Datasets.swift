import Foundation
import SyncProtocol
import TurneroCore
import TurneroStore

extension KioskSync {
    /// Downloads every dataset whose advertised version differs from the one held, verifies it
    /// and switches it on. `advertised` nil: ask for every dataset. Returns the versions applied.
    @discardableResult
    public func refreshDatasets(advertised: [String: Int64]? = nil) async throws(SyncError) -> [String: Int64] {
        let held = try await store { [self] in try database.datasetVersions() }
        var applied: [String: Int64] = [:]
        for name in DatasetName.all {
            let have = held[name]?.version
            if let advertised {
                guard let offered = advertised[name], offered != have else { continue }
            }
            let response = try await signedSend("GET", SyncPaths.dataset(name, have: have), body: [], gzip: false)
            switch response.status {
            case 304, 404:
                continue
            case 200:
                let snapshot: DatasetSnapshot = try decode(response)
                guard snapshot.name == name, snapshot.isIntact else {
                    throw SyncError(.dataset, "dataset \(name) v\(snapshot.version) failed its checksum; not applied")
                }
                guard snapshot.version > (have ?? 0) else { continue }
                try await apply(snapshot)
                applied[name] = snapshot.version
            default:
                throw failure(response)
            }
        }
        return applied
    }

    /// Stages, re-verifies from the database, writes `office.json` for the office
    /// configuration, and switches the version on.
    func apply(_ snapshot: DatasetSnapshot) async throws(SyncError) {
        let rows = snapshot.rows.map { (key: $0.key, json: $0.value) }
        try await store { [self] in try database.stageDatasetRows(name: snapshot.name, version: snapshot.version, rows: rows) }
        let staged = try await store { [self] in try database.stagedDatasetRows(name: snapshot.name, version: snapshot.version) }
        guard staged.count == snapshot.rowCount,
            DatasetSnapshot.checksum(of: staged.map { DatasetRow(key: $0.key, value: $0.json) }) == snapshot.checksum
        else { throw SyncError(.dataset, "dataset \(snapshot.name) v\(snapshot.version) changed while staging; not applied") }

        if snapshot.name == DatasetName.officeConfig {
            guard let document = staged.first(where: { $0.key == "office" })?.json else {
                throw SyncError(.dataset, "office-config v\(snapshot.version) has no 'office' row")
            }
            let office: OfficeConfiguration
            do {
                office = try OfficeConfiguration.load(json: Data(document.utf8))
            } catch {
                throw SyncError(.dataset, "office-config v\(snapshot.version) is invalid (\(error.field): \(error.reason))")
            }
            // Another office's services, counters and coupon settings would mislabel every ticket.
            guard office.officeId == credentials.officeId else {
                throw SyncError(
                    .dataset,
                    "office-config v\(snapshot.version) is the configuration of office '\(office.officeId)', but this kiosk "
                        + "belongs to '\(credentials.officeId)'; not applied (the centre should publish it with --office \(credentials.officeId))")
            }
            // The file first: if the kiosk dies before the switch, the version is fetched again.
            let path = (configuration.stateDirectory as NSString).appendingPathComponent("office.json")
            try AtomicFile.write(Array(document.utf8), to: path, mode: 0o644)
        }
        let switched = try await store { [self] in
            try database.activateDataset(
                name: snapshot.name, version: snapshot.version, checksum: snapshot.checksum, rowCount: snapshot.rowCount,
                at: clock())
        }
        if switched {
            logger.notice("dataset applied", metadata: ["dataset": "\(snapshot.name)", "version": "\(snapshot.version)", "rows": "\(snapshot.rowCount)"])
            onDatasetApplied(snapshot.name, snapshot.version)
        }
    }
}
