import Foundation
import Logging
import SyncClient
import TurneroStore

/// The sync service running inside a kiosk process (`turnero kiosk`), when the kiosk is enrolled.
enum KioskSync {
    struct Running {
        let service: SyncService
        let task: Task<Void, Never>
    }

    /// Starts background sync if the kiosk is enrolled; nil (offline kiosk) otherwise. New bill
    /// caches downloaded by sync are loaded into the coupon cache as they arrive.
    static func start(stateDirectory: String, store: QueueStore, logger: Logger) -> Running? {
        // A cache downloaded just before the last stop may not have been loaded yet.
        do {
            if let version = try store.loadBillsFromDataset() { logger.info("bill cache loaded", metadata: ["version": "\(version)"]) }
        } catch {
            logger.error("downloaded bill cache not loaded", metadata: ["error": "\(error)"])
        }
        let service: SyncService
        do {
            service = try SyncService.fromStateDirectory(
                stateDirectory, logger: Logger(label: "turnero.sync"),
                onDatasetApplied: { name, version in
                    switch name {
                    case "bills":
                        do {
                            try store.loadBillsFromDataset()
                        } catch {
                            logger.error("downloaded bill cache not loaded", metadata: ["error": "\(error)"])
                        }
                    case "office-config":
                        logger.notice("new office configuration downloaded; it applies when the kiosk restarts", metadata: ["version": "\(version)"])
                    default:
                        break
                    }
                })
        } catch {
            logger.notice("sync not started: \(error.message)")
            return nil
        }
        let task = Task {
            do {
                try await service.run()
            } catch {
                logger.error("sync stopped", metadata: ["error": "\(error)"])
            }
        }
        return Running(service: service, task: task)
    }
}
