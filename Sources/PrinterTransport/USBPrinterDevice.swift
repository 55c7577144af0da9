/// A USB device that looks like a printer, as `turnero printer list` shows it.
public struct USBPrinterDevice: Sendable, Hashable {
    /// Bus number.
    public var bus: UInt8
    /// Device address on the bus (changes at every plug).
    public var address: UInt8
    /// Port path from the root hub (`[1, 4]` is port 4 of the hub on port 1).
    public var ports: [UInt8]
    /// USB vendor id.
    public var vendorID: UInt16
    /// USB product id.
    public var productID: UInt16
    /// Manufacturer string (sysfs, else the descriptor when the device could be opened).
    public var manufacturer: String?
    /// Product string.
    public var product: String?
    /// Serial number string: tells identical printers apart (`usb:VID:PID:SERIAL`).
    public var serial: String?
    /// The interface the kiosk prints on, with its endpoints from the descriptors.
    public var interface: USBInterfaceInfo
    /// Why it counts as a printer.
    public var reason: USBPrinterReason
    /// Whether this user can use it, and if not, why.
    public var access: USBAccess
    /// The kernel driver bound to the printer interface (`usblp`), if any.
    public var kernelDriver: String?
    /// What the firmware says it is (GET_DEVICE_ID), when the interface was free to ask.
    public var deviceID: IEEE1284DeviceID?
    /// The device node libusb opens: `/dev/bus/usb/001/002`.
    public var devicePath: String
    /// Mode and owner of the device node (`crw-rw---- root:lp`); nil when it is missing.
    public var devicePermissions: String?
    /// The kernel's name (`1-1.4`), for sysfs and usblp unbinding; nil for root hubs.
    public var sysfsName: String?

    /// A printer description (discovery makes them; tests and tools may too).
    public init(
        bus: UInt8, address: UInt8, ports: [UInt8], vendorID: UInt16, productID: UInt16, manufacturer: String?,
        product: String?, serial: String?, interface: USBInterfaceInfo, reason: USBPrinterReason, access: USBAccess,
        kernelDriver: String?, deviceID: IEEE1284DeviceID?, devicePath: String, devicePermissions: String?, sysfsName: String?
    ) {
        self.bus = bus
        self.address = address
        self.ports = ports
        self.vendorID = vendorID
        self.productID = productID
        self.manufacturer = manufacturer
        self.product = product
        self.serial = serial
        self.interface = interface
        self.reason = reason
        self.access = access
        self.kernelDriver = kernelDriver
        self.deviceID = deviceID
        self.devicePath = devicePath
        self.devicePermissions = devicePermissions
        self.sysfsName = sysfsName
    }

    /// `04b8:0e28`.
    public var idPair: String { USBID.pair(vendorID, productID) }

    /// The connection string that selects this model (`usb:04b8:0e28`) for `--printer` and the
    /// office configuration.
    public var connection: String {
        USBSelector.device(vendorID: vendorID, productID: productID, serial: nil).description
    }

    /// Manufacturer and product, or the id pair when the strings are unknown.
    public var displayName: String {
        let name = [manufacturer, product].compactMap { $0 }.joined(separator: " ")
        return name.isEmpty ? idPair : name
    }

    /// Whether `selector` designates this device.
    public func matches(_ selector: USBSelector) -> Bool {
        switch selector {
        case .firstPrinter: true
        case .device(let vendor, let product, let wanted):
            vendor == vendorID && product == productID && (wanted == nil || wanted == serial)
        }
    }
}

/// Whether this user can print on a USB printer.
public enum USBAccess: Sendable, Hashable {
    /// Opened, interface free: ready for the kiosk.
    case available
    /// Opened; a kernel driver (usblp) holds the interface. The USB transport detaches it when
    /// it prints; `/dev/usb/lpN` goes through it instead.
    case heldByKernelDriver(String)
    /// Opened, but another process has claimed the interface (a running kiosk, CUPS).
    case busy(String)
    /// The device node is not open to this user: udev rule and group `lp` needed.
    case permissionDenied(String)
    /// Opening failed for another reason.
    case failed(String)

    /// Whether the kiosk, running as this user, could print on it now or after detaching usblp.
    public var canOpen: Bool {
        switch self {
        case .available, .heldByKernelDriver, .busy: true
        case .permissionDenied, .failed: false
        }
    }
}

/// A USB device that is not a printer (hubs, keyboards…), listed so technicians can spot a
/// printer in vendor mode that no profile names.
public struct USBOtherDevice: Sendable, Hashable {
    /// USB vendor id.
    public var vendorID: UInt16
    /// USB product id.
    public var productID: UInt16
    /// The classes of its interfaces.
    public var interfaceClasses: [UInt8]
    /// A vendor-specific interface with a bulk OUT endpoint: possibly a printer in vendor mode.
    public var possiblePrinter: Bool
    /// Product string from sysfs, if any.
    public var product: String?

    /// A device description.
    public init(vendorID: UInt16, productID: UInt16, interfaceClasses: [UInt8], possiblePrinter: Bool, product: String?) {
        self.vendorID = vendorID
        self.productID = productID
        self.interfaceClasses = interfaceClasses
        self.possiblePrinter = possiblePrinter
        self.product = product
    }

    /// `04b8:0202`.
    public var idPair: String { USBID.pair(vendorID, productID) }
}

/// The result of one USB scan.
public struct USBScan: Sendable, Hashable {
    /// Devices that look like printers, in bus order.
    public var printers: [USBPrinterDevice]
    /// Every other device.
    public var others: [USBOtherDevice]

    /// A scan result.
    public init(printers: [USBPrinterDevice], others: [USBOtherDevice]) {
        self.printers = printers
        self.others = others
    }
}
