import Testing

@testable import PrinterTransport

/// The USB code that needs no device: the libusb choke point, the claim order, interface
/// choice, IEEE 1284 ids, selectors and timeouts.
@Suite("USB transport logic")
struct USBLogicTests {
    @Test(
        "libusb error codes become transport errors a technician can act on",
        arguments: [
            (Int32(-3), "LIBUSB_ERROR_ACCESS", TransportError.Code.permissionDenied),
            (-6, "LIBUSB_ERROR_BUSY", .busy),
            (-4, "LIBUSB_ERROR_NO_DEVICE", .disconnected),
            (-5, "LIBUSB_ERROR_NOT_FOUND", .notFound),
            (-7, "LIBUSB_ERROR_TIMEOUT", .timeout),
            (-9, "LIBUSB_ERROR_PIPE", .io),
            (-1, "LIBUSB_ERROR_IO", .io),
            (-8, "LIBUSB_ERROR_OVERFLOW", .io),
            (-12, "LIBUSB_ERROR_NOT_SUPPORTED", .unsupported),
            (-99, "LIBUSB_ERROR_OTHER", .io),
        ])
    func chokePoint(result: Int32, name: String, code: TransportError.Code) {
        do throws(USBError) {
            try usb("libusb_claim_interface") { result }
            Issue.record("a negative result must throw")
        } catch {
            #expect(error.function == "libusb_claim_interface")
            #expect(error.name == name)
            #expect(error.result == result)
            let converted = error.transportError(endpoint: "usb:04b8:0e28")
            #expect(converted.code == code)
            #expect(converted.message.contains("libusb_claim_interface failed: \(name)"))
        }
    }

    @Test func nonNegativeResultsAreReturned() throws {
        #expect(try usb("libusb_get_device_list") { 3 } == 3)
        #expect(try usb("libusb_kernel_driver_active") { Int32(0) } == 0)
    }

    @Test func permissionDeniedTellsWhatToInstall() {
        let error = USBError(result: -3, function: "libusb_open", name: "LIBUSB_ERROR_ACCESS").transportError(endpoint: "usb")
        #expect(error.message.contains("udev-rules") && error.message.contains("group lp"))
    }

    /// Records the calls the claim sequence makes.
    final class FakeDevice: USBInterfaceControl {
        var driverBound: Bool
        var driverCheck: USBError?
        var detachError: USBError?
        var configuration: Int32
        var calls: [String] = []

        init(driverBound: Bool = false, configuration: Int32 = 1) {
            self.driverBound = driverBound
            self.configuration = configuration
        }

        func kernelDriverActive(_ interface: Int32) throws(USBError) -> Bool {
            calls.append("active?\(interface)")
            if let driverCheck { throw driverCheck }
            return driverBound
        }
        func detachKernelDriver(_ interface: Int32) throws(USBError) {
            calls.append("detach \(interface)")
            if let detachError { throw detachError }
            driverBound = false
        }
        func activeConfiguration() throws(USBError) -> Int32 {
            calls.append("configuration?")
            return configuration
        }
        func setConfiguration(_ value: Int32) throws(USBError) {
            calls.append("configure \(value)")
            configuration = value
        }
        func claimInterface(_ interface: Int32) throws(USBError) {
            calls.append("claim \(interface)")
            if driverBound { throw USBError(result: -6, function: "libusb_claim_interface", name: "LIBUSB_ERROR_BUSY") }
        }
    }

    @Test func usblpIsDetachedExplicitlyBeforeClaiming() throws {
        let device = FakeDevice(driverBound: true)
        let report = try USBClaim.claim(interface: 0, configuration: 1, on: device)
        #expect(device.calls == ["active?0", "detach 0", "configuration?", "claim 0"])
        #expect(report == USBClaimReport(detachedKernelDriver: true, changedConfiguration: false))
    }

    @Test func theConfigurationIsSetOnlyWhenItDiffers() throws {
        let same = FakeDevice(configuration: 1)
        _ = try USBClaim.claim(interface: 0, configuration: 1, on: same)
        #expect(!same.calls.contains { $0.hasPrefix("configure") })
        let unconfigured = FakeDevice(configuration: 0)
        let report = try USBClaim.claim(interface: 0, configuration: 1, on: unconfigured)
        #expect(unconfigured.calls == ["active?0", "configuration?", "configure 1", "claim 0"])
        #expect(report.changedConfiguration)
    }

    @Test func aFailedDetachStopsBeforeClaiming() {
        let device = FakeDevice(driverBound: true)
        device.detachError = USBError(result: -3, function: "libusb_detach_kernel_driver", name: "LIBUSB_ERROR_ACCESS")
        #expect(throws: USBError.self) { try USBClaim.claim(interface: 0, configuration: 1, on: device) }
        #expect(device.calls == ["active?0", "detach 0"])
    }

    @Test func platformsWithoutKernelDriversSkipTheDetach() throws {
        let device = FakeDevice()
        device.driverCheck = USBError(result: -12, function: "libusb_kernel_driver_active", name: "LIBUSB_ERROR_NOT_SUPPORTED")
        _ = try USBClaim.claim(interface: 0, configuration: 1, on: device)
        #expect(device.calls == ["active?0", "configuration?", "claim 0"])
    }

    static func interface(
        _ number: UInt8, class interfaceClass: UInt8, protocol code: UInt8 = 2, alternate: UInt8 = 0, out: UInt8? = 0x01,
        in inbound: UInt8? = 0x81
    ) -> USBInterfaceInfo {
        USBInterfaceInfo(
            configuration: 1, number: number, alternateSetting: alternate, interfaceClass: interfaceClass, subclass: 1,
            protocolCode: code, bulkOut: out.map { USBEndpointInfo(address: $0, maxPacketSize: 64) },
            bulkIn: inbound.map { USBEndpointInfo(address: $0, maxPacketSize: 64) })
    }

    @Test func thePrinterInterfaceComesFromTheDescriptors() throws {
        // Bidirectional printer class beats unidirectional, whatever the order.
        let interfaces = [Self.interface(0, class: 7, protocol: 1, in: nil), Self.interface(0, class: 7, alternate: 1, out: 0x02, in: 0x83)]
        let (chosen, reason) = try #require(USBDescriptors.printerInterface(in: interfaces, vendorID: 0x1234, productID: 1, known: []))
        #expect(chosen.alternateSetting == 1 && chosen.bulkOut?.address == 0x02 && chosen.bulkIn?.address == 0x83)
        #expect(reason == .printerClass)
        // A vendor-specific interface is a printer only when a profile names the device.
        let vendor = [Self.interface(0, class: 0xFF)]
        #expect(USBDescriptors.printerInterface(in: vendor, vendorID: 0x04B8, productID: 0x0202, known: []) == nil)
        let known = [USBPrinterMatch(vendorID: 0x04B8, productID: 0x0202, interfaceClass: 255)]
        #expect(USBDescriptors.printerInterface(in: vendor, vendorID: 0x04B8, productID: 0x0202, known: known)?.1 == .knownDevice)
        // Without a bulk OUT endpoint nothing can be printed.
        #expect(USBDescriptors.printerInterface(in: [Self.interface(0, class: 7, out: nil)], vendorID: 1, productID: 1, known: []) == nil)
        // A keyboard is not a printer.
        #expect(USBDescriptors.printerInterface(in: [Self.interface(0, class: 3, out: nil)], vendorID: 1, productID: 1, known: []) == nil)
    }

    @Test func ieee1284DeviceIDsParse() throws {
        let text = "MFG:EPSON;CMD:ESC/POS;MDL:TM-T20III;CLS:PRINTER;"
        let bigEndian: [UInt8] = [0x00, UInt8(text.utf8.count + 2)] + Array(text.utf8)
        let id = try #require(IEEE1284DeviceID(reply: bigEndian))
        #expect(id.text == text && id.manufacturer == "EPSON" && id.model == "TM-T20III")
        #expect(id.commandSets == ["ESC/POS"] && id.speaksESCPOS == true)
        // Some clones send the length little-endian, or pad with zeros.
        let littleEndian: [UInt8] = [UInt8(text.utf8.count + 2), 0x00] + Array(text.utf8) + [0, 0, 0]
        #expect(IEEE1284DeviceID(reply: littleEndian)?.text == text)
        let long = IEEE1284DeviceID(text: "MANUFACTURER:Star;COMMAND SET:STAR Line Mode,STAR Graphic;MODEL:TSP143;")
        #expect(long.manufacturer == "Star" && long.model == "TSP143" && long.speaksESCPOS == false)
        #expect(IEEE1284DeviceID(text: "MFG:X;").speaksESCPOS == nil)
        #expect(IEEE1284DeviceID(reply: []) == nil && IEEE1284DeviceID(reply: [0, 2]) == nil)
        #expect(IEEE1284DeviceID(reply: [0xFF, 0xFF, 0x00, 0x01]) == nil, "garbage is not an id")
    }

    @Test func selectorsParse() {
        #expect(USBSelector("usb") == .firstPrinter)
        #expect(USBSelector("usb:04b8:0e28") == .device(vendorID: 0x04B8, productID: 0x0E28, serial: nil))
        #expect(USBSelector("usb:04B8:0E28:X5E8012345") == .device(vendorID: 0x04B8, productID: 0x0E28, serial: "X5E8012345"))
        for bad in ["usb:4b8:e28", "usb:zzzz:0000", "usb:04b8", "usb:", "usb:04b8:0e28:", "tcp://h", "usbx", ""] {
            #expect(USBSelector(bad) == nil, "\(bad)")
        }
        #expect(USBSelector.device(vendorID: 0x04B8, productID: 0x0E28, serial: "S1").description == "usb:04b8:0e28:S1")
    }

    @Test func chunksAreAtMost16KiBAndTheirTimeoutsFollowTheSpeed() {
        #expect(USBTransport.Configuration(chunkSize: 1_000_000).chunkSize == 16_384)
        #expect(USBTransport.Configuration(chunkSize: 1).chunkSize == 64)
        let fast = USBTransport.Configuration(speedMmPerSecond: 250)
        let slow = USBTransport.Configuration(speedMmPerSecond: 60)
        // 16 KiB at 250 mm/s × 8 bytes/mm = 2000 B/s: 8.2 s plus the 2 s base.
        #expect(fast.chunkTimeout(bytes: 16_384) == .seconds(2) + .milliseconds(8192))
        #expect(slow.chunkTimeout(bytes: 16_384) > fast.chunkTimeout(bytes: 16_384))
        #expect(fast.chunkTimeout(bytes: 0) == .seconds(2))
        // libusb reads 0 as "wait forever": never pass it.
        #expect(USBTransport.milliseconds(.zero) == 1)
        #expect(USBTransport.milliseconds(.milliseconds(800)) == 800)
        #expect(USBTransport.milliseconds(.seconds(-5)) == 1)
    }

    @Test func sysfsNamesFollowThePortPath() {
        #expect(USBSysfs.deviceName(bus: 1, ports: [1]) == "1-1")
        #expect(USBSysfs.deviceName(bus: 3, ports: [1, 4, 2]) == "3-1.4.2")
        #expect(USBSysfs.deviceName(bus: 1, ports: []) == nil, "root hubs have no port")
    }

    @Test func withoutAPrinterTheTransportSaysNotFound() async throws {
        let scan = try await USBPrinterDiscovery(known: [], probe: false).scan()
        guard scan.printers.isEmpty else { return }  // a printer is attached to this machine
        let transport = USBTransport(selector: .device(vendorID: 0x04B8, productID: 0x0E28, serial: nil))
        await #expect(throws: TransportError.self) { try await transport.write([0x1B, 0x40], timeout: .seconds(1)) }
        do {
            try await transport.write([0x1B, 0x40], timeout: .seconds(1))
        } catch {
            #expect(error.code == .notFound && error.message.contains("no USB printer usb:04b8:0e28 is connected"))
        }
        await transport.drain()
        await transport.close()
    }
}
