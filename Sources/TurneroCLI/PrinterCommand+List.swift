import ArgumentParser
import ESCPOS
import Foundation
import PrinterTransport
import Printing

extension PrinterCommand {
    /// `turnero printer list`: USB devices that look like printers and the usblp device files.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List USB printers: ids, endpoints, matching profile, and whether this user can open them.",
            discussion: """
                A device counts as a printer when it has a USB printer-class interface or a profile \
                in the devices directory names its vendor:product. Each printer is opened briefly \
                (nothing is detached or reconfigured) to tell whether this user may use it and to \
                read its IEEE 1284 device id. `turnero printer doctor` explains any problem.
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var devices: DevicesOption
        @Flag(help: "Print JSON.") var json = false

        mutating func run() async throws {
            let (global, devices, json) = (self.global, self.devices, self.json)
            try await reportingFailures {
                global.bootstrapLogging()
                let catalog = try devices.loadCatalog()
                let discovery = USBPrinterDiscovery(known: USBSetup.matches(catalog.profiles.flatMap(\.usb)))
                let scan: USBScan
                do throws(TransportError) {
                    scan = try await discovery.scan()
                } catch {
                    throw CLIFailure(status: ExitStatus.unavailable, message: "USB cannot be scanned: \(error.message)")
                }
                let files = DeviceFileRow.all()
                if json {
                    try printJSON(ListJSON(
                        printers: scan.printers.map { PrinterRow($0, catalog: catalog) }, others: scan.others.map(OtherRow.init),
                        deviceFiles: files))
                    return
                }
                print(ListText.render(scan: scan, catalog: catalog, files: files))
            }
        }
    }
}

/// The human listing.
enum ListText {
    static func render(scan: USBScan, catalog: ProfileCatalog, files: [DeviceFileRow]) -> String {
        var lines: [String] = []
        if scan.printers.isEmpty {
            lines.append(
                scan.others.isEmpty
                    ? "No USB printer found (libusb sees no USB devices at all)."
                    : "No USB printer found among \(scan.others.count) USB device(s).")
        } else {
            lines.append("USB printers:")
        }
        for (index, printer) in scan.printers.enumerated() {
            let row = PrinterRow(printer, catalog: catalog)
            lines.append("  \(index + 1). \(printer.displayName)  \(printer.idPair)\(printer.serial.map { "  serial \($0)" } ?? "")")
            lines.append(
                "     bus \(printer.bus) device \(printer.address), \(printer.devicePath)\(printer.devicePermissions.map { " [\($0)]" } ?? "")\(printer.sysfsName.map { ", port \($0)" } ?? "")")
            lines.append("     \(PrinterDiagnosis.endpointText(printer.interface))")
            lines.append("     profile: \(row.profiles.isEmpty ? "none names this id (try generic-80mm or generic-58mm)" : row.profiles.joined(separator: ", "))")
            lines.append("     this user can open it: \(row.canOpen ? "yes" : "no") (\(row.accessText)); kernel driver: \(printer.kernelDriver ?? "none")")
            if let id = printer.deviceID { lines.append("     device id: \(id.text)") }
            lines.append("     use: --printer \(printer.connection)\(row.profiles.first.map { " --printer-profile \($0)" } ?? "")")
        }
        let possible = scan.others.filter(\.possiblePrinter)
        if !possible.isEmpty {
            lines.append("Other USB devices with a vendor-specific bulk OUT interface (a printer in vendor mode?):")
            for other in possible { lines.append("  \(other.idPair)\(other.product.map { "  \($0)" } ?? "")") }
        }
        if !files.isEmpty {
            lines.append("Device files (kernel usblp driver):")
            for file in files {
                lines.append("  \(file.path) [\(file.permissions ?? "?")], \(file.writable ? "writable by this user" : "not writable by this user")")
            }
        }
        if scan.printers.isEmpty { lines.append("Next: `turnero printer doctor` explains what to check.") }
        return lines.joined(separator: "\n")
    }
}

/// `printer list --json`.
struct ListJSON: Encodable {
    var printers: [PrinterRow]
    var others: [OtherRow]
    var deviceFiles: [DeviceFileRow]
}

/// One USB printer in `printer list --json`.
struct PrinterRow: Encodable {
    struct Interface: Encodable {
        var configuration: Int
        var number: Int
        var alternateSetting: Int
        var interfaceClass: Int
        var subclass: Int
        var `protocol`: Int
        var bulkOut: String?
        var bulkIn: String?
        var maxPacketSize: Int?
    }

    var bus: Int
    var address: Int
    var vendorId: String
    var productId: String
    var manufacturer: String?
    var product: String?
    var serial: String?
    var devicePath: String
    var devicePermissions: String?
    var sysfsName: String?
    var interface: Interface
    var reason: String
    var profiles: [String]
    var canOpen: Bool
    var access: String
    var accessText: String
    var kernelDriver: String?
    var deviceId: String?
    var connection: String

    init(_ printer: USBPrinterDevice, catalog: ProfileCatalog) {
        func hex(_ value: UInt8) -> String { "0x" + (value < 16 ? "0" : "") + String(value, radix: 16) }
        bus = Int(printer.bus)
        address = Int(printer.address)
        vendorId = USBID.hex(printer.vendorID)
        productId = USBID.hex(printer.productID)
        manufacturer = printer.manufacturer
        product = printer.product
        serial = printer.serial
        devicePath = printer.devicePath
        devicePermissions = printer.devicePermissions
        sysfsName = printer.sysfsName
        let i = printer.interface
        interface = Interface(
            configuration: Int(i.configuration), number: Int(i.number), alternateSetting: Int(i.alternateSetting),
            interfaceClass: Int(i.interfaceClass), subclass: Int(i.subclass), protocol: Int(i.protocolCode),
            bulkOut: i.bulkOut.map { hex($0.address) }, bulkIn: i.bulkIn.map { hex($0.address) },
            maxPacketSize: i.bulkOut?.maxPacketSize)
        reason = printer.reason.rawValue
        profiles = catalog.profiles(vendorID: printer.vendorID, productID: printer.productID, interfaceClass: Int(i.interfaceClass))
            .map(\.id)
        canOpen = printer.access.canOpen
        (access, accessText) =
            switch printer.access {
            case .available: ("available", "free")
            case .heldByKernelDriver(let driver): ("heldByKernelDriver", "held by the kernel driver \(driver); detached when printing over usb")
            case .busy(let detail): ("busy", "in use by another process: \(detail)")
            case .permissionDenied(let detail): ("permissionDenied", "permission denied: \(detail)")
            case .failed(let detail): ("failed", detail)
            }
        kernelDriver = printer.kernelDriver
        deviceId = printer.deviceID?.text
        connection = printer.connection
    }
}

/// A non-printer USB device in `printer list --json`.
struct OtherRow: Encodable {
    var vendorId: String
    var productId: String
    var interfaceClasses: [Int]
    var possiblePrinter: Bool
    var product: String?

    init(_ other: USBOtherDevice) {
        vendorId = USBID.hex(other.vendorID)
        productId = USBID.hex(other.productID)
        interfaceClasses = other.interfaceClasses.map(Int.init)
        possiblePrinter = other.possiblePrinter
        product = other.product
    }
}

/// A `/dev/usb/lp*` device file.
struct DeviceFileRow: Encodable {
    var path: String
    var permissions: String?
    var writable: Bool

    /// Every usblp device file present.
    static func all(directory: String = "/dev/usb") -> [DeviceFileRow] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasPrefix("lp") }.sorted().map { name in
            let path = (directory as NSString).appendingPathComponent(name)
            return DeviceFileRow(path: path, permissions: DeviceNode.permissions(of: path), writable: DeviceNode.isWritable(path))
        }
    }
}
