import ArgumentParser
import EmulatorTransport
import ESCPOS
import Foundation
import Logging
import PrinterTransport
import Printing
import TurneroCore
import TurneroStore

/// `--printer` and `--printer-profile`: override the office configuration's printer section
/// for this kiosk (technicians and tests).
struct PrinterSelection: ParsableArguments {
    @Option(
        name: .customLong("printer"),
        help: ArgumentHelp(
            "Printer connection: virtual[:DIR], tcp://HOST[:PORT], /dev/usb/lpN or usb[:VID:PID] (default: the office configuration's, else virtual).",
            valueName: "connection"))
    var connection: String?

    @Option(name: .customLong("printer-profile"), help: ArgumentHelp("Printer profile id from devices/.", valueName: "id"))
    var profile: String?

    /// The effective settings: command line over office configuration.
    func settings(_ office: OfficeConfiguration) throws -> (PrinterConnection, String) {
        var settings = office.printer
        if let connection { settings.connection = connection }
        if let profile { settings.profile = profile }
        do {
            return (try settings.parsedConnection(), settings.profile)
        } catch {
            throw CLIFailure(status: ExitStatus.usage, message: "\(error.field): \(error.reason)")
        }
    }
}

/// `--printer` and `--printer-profile` of the technician commands (`status`, `test`,
/// `doctor`), which work before `turnero init` and so default to the first USB printer.
struct TechnicianPrinterSelection: ParsableArguments {
    @Option(
        name: .customLong("printer"),
        help: ArgumentHelp(
            "Printer connection: usb[:VID:PID], tcp://HOST[:PORT], /dev/usb/lpN or virtual[:DIR] (default: the office configuration's, else the first USB printer).",
            valueName: "connection"))
    var connection: String?

    @Option(
        name: .customLong("printer-profile"),
        help: ArgumentHelp(
            "Printer profile id from devices/ (default: the office configuration's, else the profile naming the USB device, else generic-80mm).",
            valueName: "id"))
    var profile: String?

    /// The same choice as a kiosk selection, for `PrinterTarget.resolve`.
    var selection: PrinterSelection {
        var selection = PrinterSelection()
        selection.connection = connection
        selection.profile = profile
        return selection
    }
}

/// Builds the transport and print service for a kiosk from its settings.
enum PrinterSetup {
    /// The transport for `connection`; `catalog` widens USB recognition to every profile's ids
    /// (technician commands).
    static func transport(
        _ connection: PrinterConnection, profile: PrinterProfile, stateDirectory: String, catalog: ProfileCatalog? = nil
    ) throws -> any PrinterTransport {
        switch connection {
        case .virtual(let directory):
            let folder = directory ?? (stateDirectory as NSString).appendingPathComponent("tickets")
            do {
                return try VirtualPrinterTransport(profile: profile, directory: URL(fileURLWithPath: folder))
            } catch {
                throw CLIFailure(
                    status: ExitStatus.unavailable, message: "the virtual printer cannot start: \(error)",
                    hint: "install the Debian package fonts-dejavu-core")
            }
        case .tcp(let host, let port):
            return TCPTransport(host: host, port: port)
        case .deviceFile(let path):
            return DeviceFileTransport(path: path)
        case .usb:
            return try USBSetup.transport(connection, profile: profile, catalog: catalog)
        }
    }

    static func printService(
        global: GlobalOptions, devices: DevicesOption, selection: PrinterSelection, store: QueueStore
    ) throws -> PrintService {
        let (connection, profileID) = try selection.settings(store.configuration)
        let profile = try devices.profile(profileID)
        let transport = try transport(connection, profile: profile, stateDirectory: global.stateDirectoryPath)
        return PrintService(transport: transport, profile: profile, store: store, logger: Logger(label: "turnero.printer"))
    }
}
