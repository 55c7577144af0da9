import CLibUSB

/// A bulk endpoint as the descriptors give it (never configured by hand: clones put OUT on
/// 0x01, 0x02 or 0x03).
public struct USBEndpointInfo: Sendable, Hashable {
    /// `bEndpointAddress`: bit 7 set for IN.
    public var address: UInt8
    /// `wMaxPacketSize` (64 on full-speed printers, 512 on high speed).
    public var maxPacketSize: Int

    /// An endpoint.
    public init(address: UInt8, maxPacketSize: Int) {
        self.address = address
        self.maxPacketSize = maxPacketSize
    }
}

/// One interface alternate setting and its bulk endpoints.
public struct USBInterfaceInfo: Sendable, Hashable {
    /// `bConfigurationValue` of the configuration it belongs to.
    public var configuration: UInt8
    /// `bInterfaceNumber`.
    public var number: UInt8
    /// `bAlternateSetting`.
    public var alternateSetting: UInt8
    /// `bInterfaceClass`: 7 printer, 255 vendor specific.
    public var interfaceClass: UInt8
    /// `bInterfaceSubClass` (1 for printers).
    public var subclass: UInt8
    /// `bInterfaceProtocol`: 1 unidirectional, 2 bidirectional (status readable), 3 IEEE 1284.4.
    public var protocolCode: UInt8
    /// The first bulk OUT endpoint.
    public var bulkOut: USBEndpointInfo?
    /// The first bulk IN endpoint (status replies); nil on one-way interfaces.
    public var bulkIn: USBEndpointInfo?

    /// An interface description.
    public init(
        configuration: UInt8, number: UInt8, alternateSetting: UInt8, interfaceClass: UInt8, subclass: UInt8,
        protocolCode: UInt8, bulkOut: USBEndpointInfo?, bulkIn: USBEndpointInfo?
    ) {
        self.configuration = configuration
        self.number = number
        self.alternateSetting = alternateSetting
        self.interfaceClass = interfaceClass
        self.subclass = subclass
        self.protocolCode = protocolCode
        self.bulkOut = bulkOut
        self.bulkIn = bulkIn
    }
}

/// Why a device counts as a printer.
public enum USBPrinterReason: String, Sendable, Hashable {
    /// It has an interface of the USB printer class (7).
    case printerClass
    /// A profile names its vendor:product (vendor-specific interface, e.g. Epson 04b8:0202).
    case knownDevice
}

enum USBDescriptors {
    /// Every interface alternate setting of every configuration of `device`.
    static func interfaces(of device: OpaquePointer, configurations: UInt8) throws(USBError) -> [USBInterfaceInfo] {
        var result: [USBInterfaceInfo] = []
        for index in 0..<configurations {
            var config: UnsafeMutablePointer<libusb_config_descriptor>?
            try usb("libusb_get_config_descriptor") { libusb_get_config_descriptor(device, index, &config) }
            guard let config else { continue }
            defer { libusb_free_config_descriptor(config) }
            let value = config.pointee.bConfigurationValue
            for i in 0..<Int(config.pointee.bNumInterfaces) {
                let interface = config.pointee.interface[i]
                for a in 0..<Int(max(0, interface.num_altsetting)) {
                    result.append(describe(interface.altsetting[a], configuration: value))
                }
            }
        }
        return result
    }

    private static func describe(_ setting: libusb_interface_descriptor, configuration: UInt8) -> USBInterfaceInfo {
        var bulkOut: USBEndpointInfo?
        var bulkIn: USBEndpointInfo?
        for e in 0..<Int(setting.bNumEndpoints) {
            let endpoint = setting.endpoint[e]
            // bmAttributes bits 0–1: 2 = bulk.
            guard endpoint.bmAttributes & 0x03 == 0x02 else { continue }
            let info = USBEndpointInfo(address: endpoint.bEndpointAddress, maxPacketSize: Int(endpoint.wMaxPacketSize & 0x7FF))
            if endpoint.bEndpointAddress & 0x80 != 0 {
                if bulkIn == nil { bulkIn = info }
            } else if bulkOut == nil {
                bulkOut = info
            }
        }
        return USBInterfaceInfo(
            configuration: configuration, number: setting.bInterfaceNumber, alternateSetting: setting.bAlternateSetting,
            interfaceClass: setting.bInterfaceClass, subclass: setting.bInterfaceSubClass,
            protocolCode: setting.bInterfaceProtocol, bulkOut: bulkOut, bulkIn: bulkIn)
    }

    /// The interface to print on, or nil when the device is not a printer: a printer-class
    /// interface with bulk OUT (bidirectional first, so status can be read), else, when a
    /// profile names the device, an interface of the class it names.
    static func printerInterface(
        in interfaces: [USBInterfaceInfo], vendorID: UInt16, productID: UInt16, known: [USBPrinterMatch]
    ) -> (USBInterfaceInfo, USBPrinterReason)? {
        let usable = interfaces.filter { $0.bulkOut != nil }
        func rank(_ interface: USBInterfaceInfo) -> (Int, Int, Int) {
            (interface.bulkIn == nil ? 1 : 0, interface.protocolCode == 2 ? 0 : 1, Int(interface.alternateSetting))
        }
        let printerClass = usable.filter { $0.interfaceClass == 7 }.sorted { rank($0) < rank($1) }
        if let first = printerClass.first { return (first, .printerClass) }
        let classes = known.filter { $0.vendorID == vendorID && $0.productID == productID }.map(\.interfaceClass)
        guard !classes.isEmpty else { return nil }
        let named = usable.filter { classes.contains(Int($0.interfaceClass)) }.sorted { rank($0) < rank($1) }
        if let first = named.first { return (first, .knownDevice) }
        return nil
    }
}
