import KioskApp
import Logging
import SyncClient
import TurneroStore

/// Where the executable reads what sync needs: the enrollment in the state directory and the
/// kiosk's database. Libraries receive the values.
enum SyncSetup {
    /// The credentials written at enrollment; `.notEnrolled` when there are none.
    static func credentials(_ global: GlobalOptions) throws(SyncError) -> SyncCredentials {
        guard let credentials = try SyncCredentials.load(stateDirectory: global.stateDirectoryPath) else {
            throw SyncError(.notEnrolled, "this kiosk is not enrolled; run `turnero sync enroll --server URL --code CODE`")
        }
        return credentials
    }

    /// The sync of this state directory, for `turnero sync once|run|rekey`.
    ///
    /// - Parameter office: the office's store, when there is one (call-back closures made at
    ///   the centre are recorded in it, detractors' numbers sent from it).
    static func kioskSync(
        _ global: GlobalOptions, configuration: SyncConfiguration? = nil, office: QueueStore? = nil
    ) throws(SyncError) -> KioskSync {
        let credentials = try credentials(global)
        let database: TurneroDatabase
        if let office {
            database = office.database
        } else {
            do { database = try TurneroDatabase.open(at: global.databasePath, options: global.databaseOptions) } catch {
                throw SyncError(.store, error.message)
            }
        }
        return try KioskSync(
            database: database, credentials: credentials,
            configuration: configuration ?? SyncConfiguration(stateDirectory: global.stateDirectoryPath),
            logger: Logger(label: "turnero.sync"), office: office)
    }

    /// What `turnero kiosk` syncs with; nil (logged) for a kiosk that is not enrolled or whose
    /// enrollment cannot be read — it serves offline.
    static func kioskSettings(global: GlobalOptions, logger: Logger) -> KioskConfiguration.Sync? {
        do {
            return KioskConfiguration.Sync(
                credentials: try credentials(global), configuration: SyncConfiguration(stateDirectory: global.stateDirectoryPath))
        } catch {
            logger.notice("sync not started: \(error.message)")
            return nil
        }
    }
}
