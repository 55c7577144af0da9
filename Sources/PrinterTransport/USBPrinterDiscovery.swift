import CLibUSB
import SystemIO

/// Finds USB printers: devices with a printer-class interface (7), or whose vendor:product a
/// profile names (vendor-class models such as Epson's 04b8:0202).
///
/// For each it reads the descriptors (interface, bulk endpoints), the strings and the kernel
/// driver from sysfs (readable by everyone), then tries to open the device: that tells whether
/// this user may use it, and when the interface is free, the IEEE 1284 device id is read.
/// Nothing is detached or reconfigured. All libusb work runs on a blocking executor of its own.
public struct USBPrinterDiscovery: Sendable {
    /// Identities from the printer profiles.
    public var known: [USBPrinterMatch]
    /// Whether to open devices (access check, device id). Off: descriptors and sysfs only.
    public var probe: Bool

    /// A discovery for these known identities.
    public init(known: [USBPrinterMatch], probe: Bool = true) {
        self.known = known
        self.probe = probe
    }

    /// Scans the buses now.
    ///
    /// - Throws: `TransportError` when libusb cannot start (no USB support at all).
    public func scan() async throws(TransportError) -> USBScan {
        do throws(USBError) {
            return try await BlockingExecutor(label: "turnero.usb.discovery").run { () throws(USBError) in try self.scanNow() }
        } catch {
            throw error.transportError(endpoint: "usb")
        }
    }

    /// The blocking scan (call it off the cooperative pool).
    func scanNow() throws(USBError) -> USBScan {
        let context = try USBContext()
        return try context.withDevices { devices throws(USBError) in
            var printers: [USBPrinterDevice] = []
            var others: [USBOtherDevice] = []
            for device in devices {
                switch describe(device, context: context) {
                case .printer(let printer): printers.append(printer)
                case .other(let other): others.append(other)
                case nil: continue
                }
            }
            printers.sort { $0.bus != $1.bus ? $0.bus < $1.bus : $0.ports.lexicographicallyPrecedes($1.ports) }
            return USBScan(printers: printers, others: others)
        }
    }

    private enum Found {
        case printer(USBPrinterDevice)
        case other(USBOtherDevice)
    }

    private func describe(_ device: OpaquePointer, context: USBContext) -> Found? {
        guard let located = USBLocatedDevice(device, known: known) else { return nil }
        let sysfs = USBSysfs()
        guard let (interface, reason) = located.printerInterface else {
            let possible = located.interfaces.contains { $0.interfaceClass == 0xFF && $0.bulkOut != nil }
            return .other(
                USBOtherDevice(
                    vendorID: located.vendorID, productID: located.productID,
                    interfaceClasses: Array(Set(located.interfaces.map(\.interfaceClass))).sorted(),
                    possiblePrinter: possible,
                    product: located.sysfsName.flatMap { sysfs.attribute("product", device: $0) }))
        }
        var printer = USBPrinterDevice(
            bus: located.bus, address: located.address, ports: located.ports, vendorID: located.vendorID,
            productID: located.productID,
            manufacturer: located.sysfsName.flatMap { sysfs.attribute("manufacturer", device: $0) },
            product: located.sysfsName.flatMap { sysfs.attribute("product", device: $0) },
            serial: located.sysfsName.flatMap { sysfs.attribute("serial", device: $0) },
            interface: interface, reason: reason, access: .failed("not opened (scan without probing)"),
            kernelDriver: located.sysfsName.flatMap {
                sysfs.driver(device: $0, configuration: interface.configuration, interface: interface.number)
            },
            deviceID: nil, devicePath: located.devicePath,
            devicePermissions: DeviceNode.permissions(of: located.devicePath), sysfsName: located.sysfsName)
        if probe { inspect(&printer, device: device, located: located, context: context) }
        return .printer(printer)
    }

    /// Opens the device to learn whether this user may, and asks a free interface who it is.
    private func inspect(_ printer: inout USBPrinterDevice, device: OpaquePointer, located: USBLocatedDevice, context: USBContext) {
        let handle: USBDeviceHandle
        do throws(USBError) {
            handle = try USBDeviceHandle(context: context, device: device)
        } catch {
            printer.access = error.code == .access ? .permissionDenied(error.description) : .failed(error.description)
            return
        }
        if printer.manufacturer == nil { printer.manufacturer = try? handle.string(at: located.stringIndexes.manufacturer) }
        if printer.product == nil { printer.product = try? handle.string(at: located.stringIndexes.product) }
        if printer.serial == nil { printer.serial = try? handle.string(at: located.stringIndexes.serial) }
        let number = Int32(printer.interface.number)
        if (try? handle.kernelDriverActive(number)) == true {
            printer.kernelDriver = printer.kernelDriver ?? "usblp"  // sysfs unreadable: printer-class interfaces get usblp
            printer.access = .heldByKernelDriver(printer.kernelDriver ?? "usblp")
            return
        }
        if let driver = printer.kernelDriver {
            // sysfs says bound though usbfs says not: trust the stricter answer.
            printer.access = .heldByKernelDriver(driver)
            return
        }
        do throws(USBError) {
            try handle.claimInterface(number)
        } catch {
            printer.access = error.code == .busy ? .busy(error.description) : .failed(error.description)
            return
        }
        printer.access = .available
        printer.deviceID = try? handle.deviceID(interface: printer.interface.number, alternateSetting: printer.interface.alternateSetting)
    }
}

/// The descriptor facts of one libusb device, read without opening it.
struct USBLocatedDevice {
    let vendorID: UInt16
    let productID: UInt16
    let bus: UInt8
    let address: UInt8
    let ports: [UInt8]
    let interfaces: [USBInterfaceInfo]
    let printerInterface: (USBInterfaceInfo, USBPrinterReason)?
    let stringIndexes: (manufacturer: UInt8, product: UInt8, serial: UInt8)

    /// Nil when the descriptors cannot be read (a device going away mid-scan).
    init?(_ device: OpaquePointer, known: [USBPrinterMatch]) {
        var descriptor = libusb_device_descriptor()
        guard (try? usb("libusb_get_device_descriptor") { libusb_get_device_descriptor(device, &descriptor) }) != nil else {
            return nil
        }
        vendorID = descriptor.idVendor
        productID = descriptor.idProduct
        bus = libusb_get_bus_number(device)
        address = libusb_get_device_address(device)
        var portNumbers = [UInt8](repeating: 0, count: 8)
        let count = (try? usb("libusb_get_port_numbers") {
            libusb_get_port_numbers(device, &portNumbers, Int32(portNumbers.count))
        }) ?? 0
        ports = Array(portNumbers.prefix(Int(count)))
        interfaces = (try? USBDescriptors.interfaces(of: device, configurations: descriptor.bNumConfigurations)) ?? []
        printerInterface = USBDescriptors.printerInterface(
            in: interfaces, vendorID: descriptor.idVendor, productID: descriptor.idProduct, known: known)
        stringIndexes = (descriptor.iManufacturer, descriptor.iProduct, descriptor.iSerialNumber)
    }

    /// `/dev/bus/usb/001/002`.
    var devicePath: String {
        func three(_ value: UInt8) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, 3 - digits.count)) + digits
        }
        return "/dev/bus/usb/\(three(bus))/\(three(address))"
    }

    /// `1-1.4`.
    var sysfsName: String? { USBSysfs.deviceName(bus: bus, ports: ports) }
}
