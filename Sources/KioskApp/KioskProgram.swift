public import Foundation
public import Logging
import PrinterTransport
public import Printing
public import SyncClient
import SyncProtocol
import SystemIO
import TerminalFront
import TurneroCore
public import TurneroStore

/// What `turnero kiosk` runs with, filled by the executable from its options and files.
public struct KioskConfiguration: Sendable {
    /// Seconds of inactivity before a screen goes back home (10–600).
    public var idleTimeout: TimeInterval = 45
    /// Lets Ctrl-C end the program (development only).
    public var allowQuit = false
    /// How often a printer that cannot announce changes is asked for its status.
    public var printerPollInterval: Duration = .seconds(2)
    /// The software version reported in heartbeats.
    public var appVersion: String
    /// The enrollment and sync settings, when this kiosk is enrolled (nil: an offline kiosk).
    public var sync: Sync?

    /// How the kiosk reaches its centre.
    public struct Sync: Sendable {
        public var credentials: SyncCredentials
        public var configuration: SyncConfiguration

        public init(credentials: SyncCredentials, configuration: SyncConfiguration) {
            self.credentials = credentials
            self.configuration = configuration
        }
    }

    public init(appVersion: String) { self.appVersion = appVersion }
}

extension TerminalProgram where App == KioskFrontApp {
    /// `turnero kiosk`: the customer front, the printer watcher and, when the kiosk is
    /// enrolled, sync and heartbeat, as one ServiceGroup.
    ///
    /// Before anything starts: tickets that never printed are voided, expired call-back numbers
    /// erased, a bill cache downloaded just before the last stop loaded.
    public static func kiosk(
        store: QueueStore, printer: PrintService, device: TerminalDevice, configuration: KioskConfiguration, logger: Logger
    ) -> TerminalProgram<KioskFrontApp> {
        prepare(store: store, logger: logger)
        let sync = configuration.sync.flatMap { makeSync(store: store, printer: printer, settings: $0, version: configuration.appVersion, logger: logger) }
        let recheck = Wakeup()
        let office = store.configuration
        let backend = OfficeBackend(
            store: store, printer: printer, logger: logger, onRecorded: { sync?.upload.poke() },
            onPrinterChange: { sync?.heartbeat.poke() }, onOutOfService: { recheck.poke() })
        let idle = configuration.idleTimeout
        let app = KioskFrontApp(
            backend: backend, officeName: office.officeName, timeZone: office.resolvedTimeZone, services: office.services,
            options: KioskOptions(
                idleTimeout: idle, idleWarning: min(20, idle / 2), couponsEnabled: office.coupons.enabled,
                accountDigits: office.coupons.accountMinimumDigits...office.coupons.accountMaximumDigits,
                contactController: office.rating.contactController ?? (office.companyName.isEmpty ? office.officeName : office.companyName)))
        let front = TerminalService(app: app, device: device, allowQuit: configuration.allowQuit, logger: logger)
        let watcher = PrinterWatcher(
            backend: backend, changes: { [transport = printer.transport] in transport.conditionChanges() },
            pollInterval: configuration.printerPollInterval, recheck: recheck, report: { front.post(.health($0)) })
        var program = TerminalProgram(front: front, services: [watcher], logger: logger)
        if let sync { program.services += [sync.upload, sync.heartbeat] }
        return program
    }

    /// The start-of-run housekeeping of a kiosk's database.
    static func prepare(store: QueueStore, logger: Logger) {
        do {
            for job in try store.voidStalePrintJobs() {
                logger.warning("voided a ticket that never printed", metadata: ["job": "\(job.id)", "label": "\(job.turn?.label ?? "-")"])
            }
        } catch {
            logger.error("stale print jobs not voided", metadata: ["error": "\(error)"])
        }
        do {
            let erased = try store.eraseExpiredContacts()
            if erased > 0 { logger.notice("customers' numbers erased after their retention", metadata: ["count": "\(erased)"]) }
        } catch {
            logger.warning("expired call-back contacts not erased", metadata: ["error": "\(error)"])
        }
        // A cache downloaded just before the last stop may not have been loaded yet.
        loadBills(store, logger: logger)
    }

    /// Sync and heartbeat for an enrolled kiosk; nil (logged) when its credentials do not fit
    /// this database — the kiosk still serves offline.
    static func makeSync(
        store: QueueStore, printer: PrintService, settings: KioskConfiguration.Sync, version: String, logger: Logger
    ) -> (upload: SyncService, heartbeat: HeartbeatService)? {
        let syncLogger = Logger(label: "turnero.sync")
        let sync: KioskSync
        do {
            sync = try KioskSync(
                database: store.database, credentials: settings.credentials, configuration: settings.configuration, logger: syncLogger,
                onDatasetApplied: { name, version in
                    switch name {
                    case "bills": loadBills(store, logger: logger)
                    case "office-config":
                        logger.notice("new office configuration downloaded; it applies when the kiosk restarts", metadata: ["version": "\(version)"])
                    default: break
                    }
                }, office: store)
        } catch {
            logger.notice("sync not started: \(error.message)")
            return nil
        }
        let status: KioskStatusProvider = { [store, printer] in
            let last = try? store.lastIssuedTurn()
            return KioskRuntimeStatus(
                printer: KioskPrinterCondition(printer.lastKnownCondition, reportsStatus: printer.profile.status.dleEot),
                appVersion: version, lastTicket: last.map { KioskRuntimeStatus.LastTicket(label: $0.label, at: $0.issuedAt) })
        }
        return (SyncService(sync: sync, logger: syncLogger), HeartbeatService(sync: sync, status: status, logger: syncLogger))
    }

    private static func loadBills(_ store: QueueStore, logger: Logger) {
        do {
            if let version = try store.loadBillsFromDataset() { logger.info("bill cache loaded", metadata: ["version": "\(version)"]) }
        } catch {
            logger.error("downloaded bill cache not loaded", metadata: ["error": "\(error)"])
        }
    }
}

extension TerminalProgram where App == BoardApp {
    /// `turnero board`: the office TV, the database watch that feeds it and, with `announcer`,
    /// the voice that calls turns aloud.
    public static func board(
        store: QueueStore, device: TerminalDevice, allowQuit: Bool, announcer: VoiceAnnouncer? = nil, logger: Logger
    ) -> TerminalProgram<BoardApp> {
        let front = TerminalService(app: BoardApp(store: store), device: device, allowQuit: allowQuit, logger: logger)
        var program = TerminalProgram(front: front, services: [BoardFeed(store: store, logger: logger) { front.post($0) }], logger: logger)
        if let announcer { program.services.append(announcer) }
        return program
    }
}

extension TerminalProgram where App == RatingTerminalApp {
    /// `turnero rate-terminal`: a counter's rating screen and the database watch that feeds it.
    public static func ratingTerminal(
        store: QueueStore, counter: Int, device: TerminalDevice, allowQuit: Bool, logger: Logger
    ) -> TerminalProgram<RatingTerminalApp> {
        let front = TerminalService(app: RatingTerminalApp(store: store, counter: counter), device: device, allowQuit: allowQuit, logger: logger)
        let feed = RatingFeed(store: store, counter: counter, logger: logger) { front.post($0) }
        return TerminalProgram(front: front, services: [feed], logger: logger)
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
