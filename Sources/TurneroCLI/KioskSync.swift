import Foundation
import Logging
import Printing
import SyncProtocol
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
    static func start(stateDirectory: String, store: QueueStore, logger: Logger, status: KioskStatusProvider? = nil) -> Running? {
        // A cache downloaded just before the last stop may not have been loaded yet.
        do {
            if let version = try store.loadBillsFromDataset() { logger.info("bill cache loaded", metadata: ["version": "\(version)"]) }
        } catch {
            logger.error("downloaded bill cache not loaded", metadata: ["error": "\(error)"])
        }
        let service: SyncService
        do {
            service = try SyncService.fromStateDirectory(
                stateDirectory, logger: Logger(label: "turnero.sync"), statusProvider: status, office: store,
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

    /// What the running kiosk tells the centre in its heartbeats: the printer as last read (no
    /// extra query), the software version, the last ticket handed out.
    static func statusProvider(store: QueueStore, printer: PrintService) -> KioskStatusProvider {
        { [store, printer] in
            let last = try? store.lastIssuedTurn()
            return KioskRuntimeStatus(
                printer: KioskPrinterCondition(printer.lastKnownCondition, reportsStatus: printer.profile.status.dleEot),
                appVersion: Turnero.version, lastTicket: last.map { KioskRuntimeStatus.LastTicket(label: $0.label, at: $0.issuedAt) })
        }
    }
}

extension KioskPrinterCondition {
    /// The centre's name for what the kiosk knows of its printer.
    init(_ condition: PrinterCondition?, reportsStatus: Bool) {
        switch condition {
        case .ready(let nearEnd)?: self = nearEnd ? .paperNearEnd : .ok
        case .notReady(.paperOut, _)?: self = .paperOut
        case .notReady(.coverOpen, _)?: self = .coverOpen
        case .notReady(.printerOffline, _)?: self = .offline
        case .notReady(.database, _)?: self = .error
        case .unknown?, nil: self = .unknown
        }
    }
}
