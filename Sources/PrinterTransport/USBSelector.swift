/// Which USB printer a transport prints to.
public enum USBSelector: Sendable, Hashable, CustomStringConvertible {
    /// The first device that looks like a printer (see `USBPrinterMatch`).
    case firstPrinter
    /// A vendor:product pair, and a serial number when several identical printers are attached.
    case device(vendorID: UInt16, productID: UInt16, serial: String?)

    /// Parses `usb`, `usb:VID:PID` or `usb:VID:PID:SERIAL` (hex ids, four digits each).
    public init?(_ text: String) {
        guard text == "usb" || text.hasPrefix("usb:") else { return nil }
        let parts = text.split(separator: ":", maxSplits: 3, omittingEmptySubsequences: false).dropFirst()
        if parts.isEmpty {
            self = .firstPrinter
            return
        }
        guard parts.count >= 2, parts.count <= 3,
            let vendor = Self.hex(parts[parts.startIndex]), let product = Self.hex(parts[parts.startIndex + 1])
        else { return nil }
        let serial = parts.count == 3 ? String(parts[parts.startIndex + 2]) : nil
        if let serial, serial.isEmpty || serial.count > 126 || serial.contains(where: { $0.isNewline }) { return nil }
        self = .device(vendorID: vendor, productID: product, serial: serial)
    }

    private static func hex(_ text: Substring) -> UInt16? {
        guard text.count == 4 else { return nil }
        return UInt16(text, radix: 16)
    }

    public var description: String {
        switch self {
        case .firstPrinter: "usb"
        case .device(let vendor, let product, nil): "usb:\(USBID.hex(vendor)):\(USBID.hex(product))"
        case .device(let vendor, let product, let serial?): "usb:\(USBID.hex(vendor)):\(USBID.hex(product)):\(serial)"
        }
    }
}

/// A USB identity a printer profile claims: vendor:product and the interface class the model
/// shows with it (7 printer class, 255 vendor specific).
///
/// Any interface of class 7 is a printer; a vendor-specific interface is one only when a
/// profile names the device.
public struct USBPrinterMatch: Sendable, Hashable {
    /// USB vendor id.
    public var vendorID: UInt16
    /// USB product id.
    public var productID: UInt16
    /// Interface class the model uses with this id.
    public var interfaceClass: Int

    /// A known identity.
    public init(vendorID: UInt16, productID: UInt16, interfaceClass: Int) {
        self.vendorID = vendorID
        self.productID = productID
        self.interfaceClass = interfaceClass
    }
}

/// Formatting of USB ids.
public enum USBID {
    /// Four lowercase hex digits: `04b8`.
    public static func hex(_ value: UInt16) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// `04b8:0e28`.
    public static func pair(_ vendor: UInt16, _ product: UInt16) -> String {
        "\(hex(vendor)):\(hex(product))"
    }
}
