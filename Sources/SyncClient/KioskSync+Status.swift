public import Foundation
public import SyncProtocol

/// What the kiosk reports about itself beside its events (printer, version).
public struct KioskRuntimeStatus: Sendable, Hashable {
    /// The ticket printer's condition.
    public var printer: KioskPrinterCondition
    /// The kiosk software version.
    public var appVersion: String?
    /// The last ticket handed out.
    public var lastTicket: LastTicket?

    /// A ticket's label and when it was handed out.
    public struct LastTicket: Sendable, Hashable {
        public var label: String
        public var at: Date

        public init(label: String, at: Date) {
            self.label = label
            self.at = at
        }
    }

    public init(printer: KioskPrinterCondition, appVersion: String? = nil, lastTicket: LastTicket? = nil) {
        self.printer = printer
        self.appVersion = appVersion
        self.lastTicket = lastTicket
    }
}

/// Gives the sync loop the kiosk's current status for its heartbeats (the kiosk front injects it).
public typealias KioskStatusProvider = @Sendable () async -> KioskRuntimeStatus

extension KioskSync {
    /// What the centre made of a heartbeat.
    public enum StatusDelivery: Sendable, Hashable {
        /// Stored.
        case delivered
        /// The centre does not know heartbeats (an older centre): try again much later.
        case unsupported
    }

    /// Sends a heartbeat: the printer, the pending events and the age of the oldest one.
    /// - Throws: `SyncError` when nothing (valid) came back or the centre refused it.
    @discardableResult
    public func sendStatus(_ runtime: KioskRuntimeStatus) async throws(SyncError) -> StatusDelivery {
        let record = try await store { [database] in try database.syncRecord() }
        let now = clock()
        let age = record.pending > 0 ? record.oldestPendingAt.map { Int64(max(0, now.timeIntervalSince($0)).rounded()) } : nil
        let versions = try await store { [database] in try database.datasetVersions() }
        let status = KioskStatus(
            sentAt: now.millisecondsSince1970, appVersion: runtime.appVersion.map { String($0.prefix(64)) }, printer: runtime.printer,
            pendingEvents: record.pending, oldestPendingAgeSeconds: age, dbEpoch: database.identity.dbEpoch,
            lastTicketAt: runtime.lastTicket?.at.millisecondsSince1970, lastTicketLabel: runtime.lastTicket.map { String($0.label.prefix(32)) },
            datasetVersions: versions.isEmpty ? nil : Dictionary(versions.prefix(20).map { ($0.key, $0.value.version) }) { a, _ in a })
        let body: [UInt8]
        do { body = try SyncJSON.encode(status) } catch { throw SyncError(.protocolViolation, "cannot encode the status") }
        let response = try await signedSend("POST", SyncPaths.status(kioskId: credentials.kioskId), body: body, gzip: false)
        switch response.status {
        case 200: return .delivered
        case 404, 405: return .unsupported
        default: throw failure(response)
        }
    }
}
