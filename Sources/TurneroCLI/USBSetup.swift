import ESCPOS
import PrinterTransport
import TurneroCore

/// USB printers through libusb: `usb` (the first printer found) or `usb:VID:PID`.
enum USBSetup {
    /// The transport for a `usb` connection, paced by the profile's speed.
    ///
    /// Printer-class devices are always recognised; vendor-class ones when `profile` (or, for
    /// technician commands, any profile of `catalog`) names their ids.
    static func transport(
        _ connection: PrinterConnection, profile: PrinterProfile, catalog: ProfileCatalog? = nil
    ) throws -> any PrinterTransport {
        guard let selector = selector(connection) else {
            throw CLIFailure(status: ExitStatus.usage, message: "\(connection) is not a USB connection")
        }
        return USBTransport(selector: selector, configuration: configuration(for: profile, catalog: catalog))
    }

    /// `.firstPrinter` for `usb`, `.device` for `usb:VID:PID`, nil for other connections.
    static func selector(_ connection: PrinterConnection) -> USBSelector? {
        guard case .usb(let vendor, let product) = connection else { return nil }
        guard let vendor, let product else { return .firstPrinter }
        return .device(vendorID: vendor, productID: product, serial: nil)
    }

    /// Pacing from the profile; known identities from the profile (and the catalog).
    static func configuration(for profile: PrinterProfile, catalog: ProfileCatalog?) -> USBTransport.Configuration {
        USBTransport.Configuration(
            known: matches(profile.usb + (catalog?.profiles.flatMap(\.usb) ?? [])),
            speedMmPerSecond: profile.speedMmPerSecond)
    }

    /// Profile USB identities as transport matches, without duplicates.
    static func matches(_ usb: [PrinterProfile.USBMatch]) -> [USBPrinterMatch] {
        var seen = Set<USBPrinterMatch>()
        return usb.compactMap { match in
            let value = USBPrinterMatch(vendorID: match.vendorID, productID: match.productID, interfaceClass: match.interfaceClass)
            return seen.insert(value).inserted ? value : nil
        }
    }
}
