import ESCPOS
import Foundation
import TestSupport
import Testing

/// The libusb path end to end, against printers mocked by umockdev: real libusb, real usbfs
/// ioctls, URBs checked byte for byte against the scripts in Fixtures/ (README.md there).
@Suite(
    "USB printers through libusb under umockdev", .serialized,
    .enabled(if: UMockdev.shouldRun, "needs umockdev-run: apt install umockdev (CI installs it)"))
struct USBUnderUmockdevTests {
    static let epson = "tm-t20iii.umockdev"
    static let ready = UMockdev.fixture("tm-t20iii-ready.ioctl")
    static let profile = try! ProfileCatalog.load(directory: UMockdev.devices).requireProfile(id: "epson-tm-t20iii")

    private func printers(_ result: UMockdev.Result) throws -> [[String: Any]] {
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        return try #require(object?["printers"] as? [[String: Any]], "\(result)")
    }

    @Test func listFindsThePrinterItsEndpointsProfileAndDeviceID() throws {
        let result = try UMockdev.turnero(device: Self.epson, ioctl: [UMockdev.epsonNode: Self.ready], ["printer", "list", "--json"])
        #expect(result.status == 0, "\(result)")
        let printers = try printers(result)
        #expect(printers.count == 1)
        let printer = try #require(printers.first)
        #expect(printer["vendorId"] as? String == "04b8" && printer["productId"] as? String == "0e28")
        #expect(printer["manufacturer"] as? String == "EPSON" && printer["product"] as? String == "TM-T20III")
        #expect(printer["serial"] as? String == "X5E8012345")
        #expect(printer["devicePath"] as? String == UMockdev.epsonNode)
        let interface = try #require(printer["interface"] as? [String: Any])
        #expect(interface["interfaceClass"] as? Int == 7 && interface["protocol"] as? Int == 2)
        #expect(interface["bulkOut"] as? String == "0x01" && interface["bulkIn"] as? String == "0x81")
        #expect(interface["maxPacketSize"] as? Int == 64)
        #expect((printer["profiles"] as? [String])?.first == "epson-tm-t20iii")
        #expect(printer["reason"] as? String == "printerClass")
        #expect(printer["canOpen"] as? Bool == true && printer["access"] as? String == "available")
        #expect(printer["kernelDriver"] == nil)
        #expect(printer["deviceId"] as? String == "MFG:EPSON;CMD:ESC/POS;MDL:TM-T20III;CLS:PRINTER;DES:TM-T20III;")
        #expect(printer["connection"] as? String == "usb:04b8:0e28")

        let text = try UMockdev.turnero(device: Self.epson, ioctl: [UMockdev.epsonNode: Self.ready], ["printer", "list"])
        #expect(text.status == 0)
        #expect(text.stdout.contains("EPSON TM-T20III  04b8:0e28  serial X5E8012345"), "\(text)")
        #expect(text.stdout.contains("interface 0 (printer class, bidirectional), bulk OUT 0x01, bulk IN 0x81"))
        #expect(text.stdout.contains("this user can open it: yes"))
        #expect(text.stdout.contains("use: --printer usb:04b8:0e28 --printer-profile epson-tm-t20iii"))
    }

    @Test func vendorModeUnknownModelsAndOtherDevicesAreToldApart() throws {
        let clone = UMockdev.fixture("pos58-clone.ioctl")
        let result = try UMockdev.turnero(device: "other-printers.umockdev", ioctl: [UMockdev.cloneNode: clone], ["printer", "list", "--json"])
        #expect(result.status == 0, "\(result)")
        let printers = try printers(result)
        #expect(printers.compactMap { $0["vendorId"] as? String } == ["04b8", "0483"], "\(result)")
        let epson = try #require(printers.first { $0["productId"] as? String == "0202" })
        #expect(epson["reason"] as? String == "knownDevice", "a vendor-class interface counts only because a profile names 04b8:0202")
        #expect((epson["interface"] as? [String: Any])?["bulkIn"] as? String == "0x82")
        #expect((epson["profiles"] as? [String])?.contains("epson-tm-t88v") == true)
        let unknown = try #require(printers.first { $0["vendorId"] as? String == "0483" })
        #expect(unknown["reason"] as? String == "printerClass")
        #expect((unknown["interface"] as? [String: Any])?["bulkOut"] as? String == "0x03", "endpoints come from the descriptors")
        #expect((unknown["interface"] as? [String: Any])?["bulkIn"] as? String == "0x82")
        #expect((unknown["profiles"] as? [String]) == [])
        #expect(unknown["deviceId"] as? String == "MFG:POS;CMD:ESC/POS;MDL:POS58 Printer;CLS:PRINTER;")
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let others = try #require(object?["others"] as? [[String: Any]])
        let possible = others.filter { $0["possiblePrinter"] as? Bool == true }.compactMap { $0["vendorId"] as? String }
        #expect(possible == ["1fc9"], "only the vendor-class device with bulk OUT may be a printer: \(others)")
        #expect(others.contains { $0["vendorId"] as? String == "046d" })
    }

    @Test func doctorExplainsAnUnknownModelAndSuggestsAProfile() throws {
        let clone = UMockdev.fixture("pos58-clone.ioctl")
        let result = try UMockdev.turnero(
            device: "other-printers.umockdev", ioctl: [UMockdev.cloneNode: clone], ["printer", "doctor", "--printer", "usb:0483:5743"])
        #expect(result.status == 0, "unknown model is a warning, not a failure: \(result)")
        #expect(result.stdout.contains("No profile names 0483:5743 (unknown model). The printer says: MFG:POS;"), "\(result)")
        #expect(result.stdout.contains("try --printer-profile generic-58mm"), "the device id says 58 mm: \(result)")
        #expect(result.stdout.contains("bulk OUT 0x03, bulk IN 0x82"))

        let missing = try UMockdev.turnero(device: "other-printers.umockdev", ["printer", "doctor", "--printer", "usb:1234:5678"])
        #expect(missing.status == 69, "\(missing)")
        #expect(missing.stdout.contains("No printer usb:1234:5678 is attached; attached printers: 04b8:0202 EPSON TM-T88V, 0483:5743 POS POS58 Printer."))
    }

    @Test func usblpBoundToThePrinterIsExplainedWithTheUnbindCommand() throws {
        let list = try UMockdev.turnero(device: "tm-t20iii-usblp.umockdev", ioctl: [UMockdev.epsonNode: Self.ready], ["printer", "list"])
        #expect(list.status == 0, "\(list)")
        #expect(list.stdout.contains("held by the kernel driver usblp; detached when printing over usb"), "\(list)")
        #expect(list.stdout.contains("kernel driver: usblp"))

        let doctor = try UMockdev.turnero(device: "tm-t20iii-usblp.umockdev", ioctl: [UMockdev.epsonNode: Self.ready], ["printer", "doctor"])
        #expect(doctor.status == 0, "\(doctor)")
        #expect(doctor.stdout.contains("the kernel driver usblp holds its interface"), "\(doctor)")
        #expect(doctor.stdout.contains("echo -n '1-1:1.0' | sudo tee /sys/bus/usb/drivers/usblp/unbind"))
        #expect(doctor.stdout.contains("Profile:    epson-tm-t20iii, Epson TM-T20III (matches USB id 04b8:0e28)"))
        #expect(doctor.stdout.contains("[ok] Online, paper loaded, cover closed, no error."))
    }

    @Test func statusDecodesDLEEOTAndShowsNearEndAsAStaffAlert() throws {
        let nearEnd = UMockdev.fixture("tm-t20iii-near-end.ioctl")
        let arguments = ["printer", "status", "--printer", "usb:04b8:0e28", "--printer-profile", "epson-tm-t20iii"]
        let text = try UMockdev.turnero(device: Self.epson, ioctl: [UMockdev.epsonNode: nearEnd], arguments)
        #expect(text.status == 0, "near end still prints: \(text)")
        #expect(text.stdout.contains("Status:  ready (online, paper near end)"), "\(text)")
        #expect(text.stdout.contains("DLE EOT 4 (roll paper)    0x1e  paper near end (staff alert)"))
        #expect(text.stdout.contains("STAFF ALERT: paper near end. Customers are still served."))

        let json = try UMockdev.turnero(device: Self.epson, ioctl: [UMockdev.epsonNode: nearEnd], arguments + ["--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any], "\(json)")
        #expect(object["ready"] as? Bool == true && object["paperNearEnd"] as? Bool == true)
        #expect(object["replies"] as? [String] == ["12", "12", "12", "1e"])
        #expect(object["staffAlert"] as? String != nil)
    }

    @Test func theTransportFindsEndpointsReadsStatusAndTheDeviceID() throws {
        let connect = try UMockdev.probe(device: Self.epson, ioctl: [UMockdev.epsonNode: Self.ready], ["connect", "usb:04b8:0e28"])
        let step = try #require(connect.jsonLines.first, "\(connect)")
        #expect(step["ok"] as? Bool == true, "\(connect)")
        #expect(step["bus"] as? Int == 1 && step["address"] as? Int == 2 && step["interface"] as? Int == 0)
        #expect(step["bulkOut"] as? Int == 0x01 && step["bulkIn"] as? Int == 0x81 && step["maxPacketSize"] as? Int == 64)
        #expect(step["changedConfiguration"] as? Bool == false, "configuration 1 is already active: not set again")

        let status = try UMockdev.probe(device: Self.epson, ioctl: [UMockdev.epsonNode: Self.ready], ["status", "usb"])
        let reply = try #require(status.jsonLines.first, "\(status)")
        #expect(reply["ok"] as? Bool == true && reply["replies"] as? String == "12121212", "\(status)")
        #expect(reply["status"] as? String == "online")

        let id = try UMockdev.probe(device: Self.epson, ioctl: [UMockdev.epsonNode: Self.ready], ["device-id", "usb:04b8:0e28"])
        #expect(id.jsonLines.first?["deviceID"] as? String == "MFG:EPSON;CMD:ESC/POS;MDL:TM-T20III;CLS:PRINTER;DES:TM-T20III;", "\(id)")
    }

    /// The sample ticket under a 576 × 240 logo: about 20 KB, two URBs.
    static func bigTicket() throws -> [UInt8] {
        var logo = RasterImage(width: 576, height: 240)
        for y in 0..<240 { for x in 0..<576 where (x / 8 + y / 8) % 2 == 0 { logo[x, y] = true } }
        var document = Document()
        document.image(logo)
        document.elements += TicketLayout().document(for: .sample, profile: profile).elements
        return try ESCPOSEncoder(profile: profile).encode(document).bytes
    }

    @Test func aFullTicketGoesOutIn16KiBChunksCheckedByteForByte() throws {
        let ticket = try Self.bigTicket()
        try #require(ticket.count > 16_384 && ticket.count <= 2 * 16_384, "the ticket must need two URBs: \(ticket.count) bytes")
        let payload = FileManager.default.temporaryDirectory.appendingPathComponent("turnero-ticket-\(UUID().uuidString).bin")
        try Data(ticket).write(to: payload)
        defer { try? FileManager.default.removeItem(at: payload) }

        let script = try UMockdev.script(UMockdev.bulkOut(ticket))
        let result = try UMockdev.probe(device: Self.epson, ioctl: [UMockdev.epsonNode: script], ["write", "usb:04b8:0e28", payload.path])
        let step = try #require(result.jsonLines.first, "\(result)")
        #expect(step["ok"] as? Bool == true && step["sent"] as? Int == ticket.count, "\(result)")

        // One byte different in the second URB: umockdev refuses it, the first 16 KiB went out.
        var altered = ticket
        altered[16_384 + 100] ^= 0x01
        let strict = try UMockdev.script(UMockdev.bulkOut(altered))
        let refused = try UMockdev.probe(device: Self.epson, ioctl: [UMockdev.epsonNode: strict], ["write", "usb:04b8:0e28", payload.path])
        let failure = try #require(refused.jsonLines.first, "\(refused)")
        #expect(failure["ok"] as? Bool == false && failure["code"] as? String == "io", "\(refused)")
        #expect((failure["message"] as? String)?.contains("LIBUSB_ERROR_IO") == true)
        #expect((failure["message"] as? String)?.contains("after 16384 of \(ticket.count) bytes") == true, "\(refused)")
    }

    @Test func theTestPagePrintsThroughPrintServiceWithStatusBeforeAndAfter() throws {
        let page = try ESCPOSEncoder(profile: Self.profile)
            .encode(TestPageLayout().document(profile: Self.profile, connection: "usb:04b8:0e28")).bytes
        let script = try UMockdev.script(UMockdev.bulkOut(page), including: ["tm-t20iii-ready.ioctl"])
        let result = try UMockdev.turnero(
            device: Self.epson, ioctl: [UMockdev.epsonNode: script],
            ["printer", "test", "--printer", "usb:04b8:0e28", "--printer-profile", "epson-tm-t20iii"])
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.contains("Test page printed (\(page.count) bytes); printer ready."), "\(result)")
    }

    @Test func aPrinterUnpluggedMidJobIsFoundAgainAndTheJobCompletes() throws {
        let ticket = try Self.bigTicket()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("turnero-vanish-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let first = directory.appendingPathComponent("ticket.bin")
        let again = directory.appendingPathComponent("reset-and-ticket.bin")
        try Data(ticket).write(to: first)
        try Data([0x1B, 0x40] + ticket).write(to: again)
        // The first URB completes with -ENODEV (unplugged mid-job); the retry, after ESC @, finds
        // the printer back. umockdev restarts its script on every open, so the retry matching the
        // second script entry proves the transport dropped the handle and opened the device again.
        let script = try UMockdev.script(UMockdev.bulkOut(ticket, firstStatus: -19) + UMockdev.bulkOut([0x1B, 0x40] + ticket))
        let result = try UMockdev.probe(
            device: Self.epson, ioctl: [UMockdev.epsonNode: script], ["write", "usb:04b8:0e28", first.path, again.path])
        let steps = result.jsonLines
        #expect(steps.count == 2, "\(result)")
        #expect(steps.first?["ok"] as? Bool == false && steps.first?["code"] as? String == "disconnected", "\(result)")
        #expect(steps.last?["ok"] as? Bool == true && steps.last?["sent"] as? Int == ticket.count + 2, "\(result)")

        // Through PrintService: the broken job is retried once, after ESC @, on a fresh handle.
        let page = try ESCPOSEncoder(profile: Self.profile)
            .encode(TestPageLayout().document(profile: Self.profile, connection: "usb:04b8:0e28")).bytes
        let retried = try UMockdev.script(
            UMockdev.bulkOut(page, firstStatus: -19) + UMockdev.bulkOut([0x1B, 0x40] + page), including: ["tm-t20iii-ready.ioctl"])
        let printed = try UMockdev.turnero(
            device: Self.epson, ioctl: [UMockdev.epsonNode: retried],
            ["printer", "test", "--printer", "usb:04b8:0e28", "--printer-profile", "epson-tm-t20iii"])
        #expect(printed.status == 0, "\(printed)")
        #expect(printed.stdout.contains("Test page printed"))
    }
}
