import ESCPOS
import Foundation
import Logging
import PrinterTransport
import Printing
import TurneroCore
import TurneroStore

/// The printer a technician command talks to: `--printer`, else the office configuration's
/// printer section, else the first USB printer; the profile from `--printer-profile`, else the
/// configuration, else the profile that names the USB device, else `generic-80mm`.
///
/// Unlike the kiosk commands it works without a database or an office configuration: a
/// technician goes from "plugged in" to "test page printed" before `turnero init`.
struct PrinterTarget {
    var connection: PrinterConnection
    /// Where the connection came from, for the output.
    var connectionSource: String
    var profile: PrinterProfile
    var profileSource: String
    /// The profile the operator or the configuration asked for (nil: chosen automatically).
    var configuredProfile: String?
    var catalog: ProfileCatalog
    /// The office configuration, when one was found.
    var office: OfficeConfiguration?

    static func resolve(global: GlobalOptions, devices: DevicesOption, selection: PrinterSelection) async throws -> PrinterTarget {
        global.bootstrapLogging()
        let catalog = try devices.loadCatalog()
        let office = try officeIfPresent(global)
        var connectionSource = "--printer"
        let connection: PrinterConnection
        if let text = selection.connection {
            guard let parsed = PrinterConnection(text) else {
                throw CLIFailure(
                    status: ExitStatus.usage,
                    message: "--printer '\(text.prefix(60))' is not virtual[:DIR], tcp://HOST[:PORT], /dev/usb/lpN or usb[:VID:PID]")
            }
            connection = parsed
        } else if let office {
            do {
                connection = try office.printer.parsedConnection()
            } catch {
                throw CLIFailure(status: ExitStatus.configuration, message: "\(error.field): \(error.reason)")
            }
            connectionSource = "office configuration \(global.configPath)"
        } else {
            connection = .usb(vendorID: nil, productID: nil)
            connectionSource = "default (no --printer, no office configuration)"
        }

        let configured = selection.profile ?? office?.printer.profile
        let profile: PrinterProfile
        let profileSource: String
        if let id = selection.profile {
            profile = try devices.profile(id)
            profileSource = "--printer-profile"
        } else if let id = office?.printer.profile {
            profile = try devices.profile(id)
            profileSource = "office configuration"
        } else if let device = await attachedPrinter(connection, catalog: catalog),
            let match = catalog.profile(
                vendorID: device.vendorID, productID: device.productID, interfaceClass: Int(device.interface.interfaceClass))
        {
            profile = match
            profileSource = "matches USB id \(device.idPair)"
        } else if let fallback = catalog.profile(id: "generic-80mm") ?? catalog.profiles.first {
            profile = fallback
            profileSource = "default"
        } else {
            throw CLIFailure(
                status: ExitStatus.configuration, message: "no printer profiles in \(catalog.directory)",
                hint: "pass --devices DIR or set TURNERO_DEVICES")
        }
        return PrinterTarget(
            connection: connection, connectionSource: connectionSource, profile: profile, profileSource: profileSource,
            configuredProfile: configured, catalog: catalog, office: office)
    }

    /// The USB printer a `usb` connection designates, from descriptors and sysfs only (nothing
    /// is opened); nil for other connections or when none is attached.
    static func attachedPrinter(_ connection: PrinterConnection, catalog: ProfileCatalog) async -> USBPrinterDevice? {
        guard let selector = USBSetup.selector(connection) else { return nil }
        let discovery = USBPrinterDiscovery(known: USBSetup.matches(catalog.profiles.flatMap(\.usb)), probe: false)
        return (try? await discovery.scan())?.printers.first { $0.matches(selector) }
    }

    /// The office configuration if its file exists (an invalid one is an error: exit 78).
    static func officeIfPresent(_ global: GlobalOptions) throws -> OfficeConfiguration? {
        guard FileManager.default.fileExists(atPath: global.configPath) else { return nil }
        return try global.loadConfiguration()
    }

    /// The transport for the target (USB recognises every profile's ids).
    func transport(stateDirectory: String) throws -> any PrinterTransport {
        try PrinterSetup.transport(connection, profile: profile, stateDirectory: stateDirectory, catalog: catalog)
    }

    /// A print service over the target; it records jobs when `store` is given.
    func printService(stateDirectory: String, store: QueueStore?) throws -> PrintService {
        let transport = try transport(stateDirectory: stateDirectory)
        let logger = Logger(label: "turnero.printer")
        if let store { return PrintService(transport: transport, profile: profile, store: store, logger: logger) }
        return PrintService(transport: transport, profile: profile, logger: logger)
    }

    /// "usb:04b8:0e28 (office configuration /etc/turnero/office.json)".
    var connectionLine: String { "\(connection) (\(connectionSource))" }
    /// "epson-tm-t20iii, Epson TM-T20III (--printer-profile)".
    var profileLine: String { "\(profile.id), \(profile.vendor) \(profile.model) (\(profileSource))" }
}

/// The kiosk's database when it exists and opens; nil otherwise (technician commands then
/// print without recording a job).
func storeIfPresent(_ global: GlobalOptions) -> QueueStore? {
    guard FileManager.default.fileExists(atPath: global.databasePath),
        FileManager.default.fileExists(atPath: global.configPath)
    else { return nil }
    return try? global.openStore()
}
