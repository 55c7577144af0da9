import ESCPOS
import PrinterTransport
import Printing
import TestSupport
import Testing

/// `turnero printer doctor`'s explanations, from facts alone: every case a technician meets
/// ends in a concrete fix.
@Suite("Printer doctor explanations")
struct DiagnosisTests {
    static let catalog = try! ProfileCatalog.load(directory: TurneroProcess.repositoryRoot.appendingPathComponent("devices"))

    static func printer(
        _ vendor: UInt16 = 0x04B8, _ product: UInt16 = 0x0E28, access: USBAccess = .available, permissions: String = "crw-rw---- root:lp",
        deviceID: String? = nil, driver: String? = nil, bulkIn: Bool = true
    ) -> USBPrinterDevice {
        USBPrinterDevice(
            bus: 1, address: 7, ports: [1, 2], vendorID: vendor, productID: product, manufacturer: "EPSON", product: "TM-T20III",
            serial: nil,
            interface: USBInterfaceInfo(
                configuration: 1, number: 0, alternateSetting: 0, interfaceClass: 7, subclass: 1, protocolCode: bulkIn ? 2 : 1,
                bulkOut: USBEndpointInfo(address: 0x01, maxPacketSize: 64),
                bulkIn: bulkIn ? USBEndpointInfo(address: 0x81, maxPacketSize: 64) : nil),
            reason: .printerClass, access: access, kernelDriver: driver, deviceID: deviceID.map(IEEE1284DeviceID.init(text:)),
            devicePath: "/dev/bus/usb/001/007", devicePermissions: permissions, sysfsName: "1-1.2")
    }

    func findings(
        _ printers: [USBPrinterDevice], others: [USBOtherDevice] = [], selector: USBSelector = .firstPrinter,
        profile: String? = nil, inLP: Bool = true
    ) -> [PrinterFinding] {
        PrinterDiagnosis.usb(
            scan: USBScan(printers: printers, others: others), selector: selector, catalog: Self.catalog, configuredProfile: profile,
            user: "tecnico", userInGroupLP: inLP)
    }

    @Test func noUSBBusAtAll() {
        let result = findings([])
        #expect(result.count == 1 && result[0].severity == .problem)
        #expect(result[0].summary.contains("no USB devices at all") && result[0].fix?.contains("tcp://HOST:9100") == true)
    }

    @Test func notFoundAmongOtherDevicesPointsAtVendorModePrinters() {
        let keyboard = USBOtherDevice(vendorID: 0x046D, productID: 0xC31C, interfaceClasses: [3], possiblePrinter: false, product: "Keyboard")
        let vendor = USBOtherDevice(vendorID: 0x1FC9, productID: 0x2016, interfaceClasses: [255], possiblePrinter: true, product: nil)
        let result = findings([], others: [keyboard, vendor])
        #expect(result[0].severity == .problem && result[0].summary.contains("among 2 USB device(s)"))
        #expect(result.contains { $0.summary.contains("1fc9:2016") && $0.fix?.contains("interfaceClass 255") == true })
        #expect(!result.contains { $0.summary.contains("046d") })
    }

    @Test func permissionDeniedWithoutRulesOrGroupGivesBothFixes() {
        let denied = Self.printer(access: .permissionDenied("libusb_open failed: LIBUSB_ERROR_ACCESS"), permissions: "crw-rw-r-- root:root")
        let result = findings([denied], inLP: false)
        let finding = try! #require(result.first)
        #expect(finding.severity == .problem && finding.summary.contains("user tecnico may not open it"))
        #expect(finding.summary.contains("[crw-rw-r-- root:root]"))
        #expect(finding.fix?.contains("turnero printer udev-rules > /etc/udev/rules.d/70-turnero-printers.rules") == true)
        #expect(finding.fix?.contains("sudo usermod -aG lp tecnico") == true)
        // Rules in place and the user in lp: only a replug is missing.
        let replug = findings([Self.printer(access: .permissionDenied("x"))], inLP: true)[0]
        #expect(replug.fix?.contains("unplug and plug") == true && replug.fix?.contains("usermod") == false)
    }

    @Test func usblpIsAWarningWithTheUnbindCommand() {
        let held = findings([Self.printer(access: .heldByKernelDriver("usblp"), driver: "usblp")])[0]
        #expect(held.severity == .warning)
        #expect(held.summary.contains("Turnero detaches usblp itself"))
        #expect(held.fix?.contains("echo -n '1-1.2:1.0' | sudo tee /sys/bus/usb/drivers/usblp/unbind") == true)
        #expect(held.fix?.contains("blacklist usblp") == true)
    }

    @Test func anotherProcessHoldingThePrinterIsAProblem() {
        let busy = findings([Self.printer(access: .busy("libusb_claim_interface failed: LIBUSB_ERROR_BUSY"))])[0]
        #expect(busy.severity == .problem && busy.fix?.contains("turnero-kiosk@") == true)
    }

    @Test func unknownModelsGetAGenericProfileByPaperWidth() {
        let unknown = findings([Self.printer(0x0483, 0x5743, deviceID: "MFG:POS;CMD:ESC/POS;MDL:POS58;")])
        #expect(unknown.contains { $0.severity == .warning && $0.summary.contains("No profile names 0483:5743") && $0.fix?.contains("generic-58mm") == true })
        let eighty = findings([Self.printer(0x0483, 0x5743)])
        #expect(eighty.contains { $0.fix?.contains("try --printer-profile generic-80mm") == true })
        let raster = findings([Self.printer(0x0483, 0x5743, deviceID: "MFG:Star;CMD:STAR;MDL:TSP143;")])
        #expect(raster.contains { $0.severity == .problem && $0.summary.contains("no ESC/POS command set") })
    }

    @Test func aMismatchedProfileNamesTheRightOne() {
        let result = findings([Self.printer()], profile: "generic-80mm")
        #expect(result.contains { $0.summary.contains("set to profile generic-80mm") && $0.fix?.contains("\"epson-tm-t20iii\"") == true })
        let right = findings([Self.printer()], profile: "epson-tm-t20iii")
        #expect(right.contains { $0.severity == .ok && $0.summary.contains("Profile epson-tm-t20iii fits 04b8:0e28") })
        #expect(!right.contains { $0.severity == .problem })
    }

    @Test func aConfiguredPrinterThatIsNotAttachedListsWhatIs() {
        let result = findings([Self.printer()], selector: .device(vendorID: 0x0416, productID: 0x5011, serial: nil))
        #expect(result.count == 1 && result[0].severity == .problem)
        #expect(result[0].summary.contains("No printer usb:0416:5011 is attached; attached printers: 04b8:0e28 EPSON TM-T20III."))
        #expect(result[0].fix?.contains("usb:04b8:0e28") == true)
    }

    @Test func aOneWayInterfaceWarnsThatFaultsAreInvisible() {
        #expect(findings([Self.printer(bulkIn: false)]).contains { $0.summary.contains("one-way") })
    }

    @Test func nearEndIsAStaffAlertNotAProblem() {
        let nearEnd = PrinterDiagnosis.status(PrinterStatus(paperNearEnd: true))
        #expect(!nearEnd.contains { $0.severity == .problem })
        #expect(nearEnd.contains { $0.summary.hasPrefix("STAFF ALERT: paper near end") })
        let out = PrinterDiagnosis.status(PrinterStatus(online: false, paperNearEnd: true, paperOut: true))
        #expect(out.contains { $0.severity == .problem && $0.summary == "Out of paper." })
        #expect(!out.contains { $0.summary.contains("STAFF ALERT") }, "paper out is not 'near end'")
        #expect(PrinterDiagnosis.status(PrinterStatus(coverOpen: true)).contains { $0.summary == "The cover is open." })
        #expect(PrinterDiagnosis.status(.normal).map(\.severity) == [.ok])
    }

    @Test(
        "transport failures are explained per connection kind",
        arguments: [
            (TransportError(.notFound, endpoint: "tcp://10.0.0.9:9100", "connect: connection refused"), "tcp://10.0.0.9:9100", "port 9100"),
            (TransportError(.timeout, endpoint: "tcp://10.0.0.9:9100", "no answer"), "tcp://10.0.0.9:9100", "ping"),
            (TransportError(.permissionDenied, endpoint: "/dev/usb/lp0", "open: Permission denied"), "/dev/usb/lp0", "usermod -aG lp"),
            (TransportError(.busy, endpoint: "/dev/usb/lp0", "open: Device or resource busy"), "/dev/usb/lp0", "systemctl stop cups"),
            (TransportError(.notFound, endpoint: "/dev/usb/lp0", "open: No such file"), "/dev/usb/lp0", "ls -l /dev/usb/"),
        ])
    func transportFailures(error: TransportError, connection: String, fix: String) {
        let finding = PrinterDiagnosis.transportFailure(error, connection: connection)
        #expect(finding.severity == .problem)
        #expect(finding.fix?.contains(fix) == true, "\(finding)")
    }
}
