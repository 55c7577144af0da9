import ESCPOS
import PrinterEmulator
import TestSupport
import Testing

@Suite("Virtual printer status replies and faults")
struct StatusReplyTests {
    private func status(_ id: String, _ faults: PrinterFaults) throws -> (bytes: [UInt8], status: PrinterStatus?) {
        var printer = try Fixtures.printer(id, faults: faults)
        let replies = printer.feed(StatusQuery.allCommands).replies
        return (replies, try? PrinterStatus(replies: replies))
    }

    @Test("faults come back as the bytes a real printer sends")
    func faultReplies() throws {
        #expect(try status("epson-tm-t88vi", []).bytes == [0x12, 0x12, 0x12, 0x12])
        #expect(try status("epson-tm-t88vi", .paperOut).bytes == [0x1A, 0x32, 0x12, 0x7E])
        #expect(try status("epson-tm-t88vi", .coverOpen).bytes == [0x1A, 0x16, 0x12, 0x12])
        #expect(try status("epson-tm-t88vi", .paperNearEnd).bytes == [0x12, 0x12, 0x12, 0x1E])
        #expect(try status("epson-tm-t88vi", .offline).bytes == [0x1A, 0x12, 0x12, 0x12])
        let cutter = try #require(try status("epson-tm-t88vi", .cutterError).status)
        #expect(cutter.cutterError && !cutter.canPrint)
    }

    @Test("the parsed status matches the injected faults", arguments: PrinterFaults.names.map(\.0))
    func parsedFaults(name: String) throws {
        let fault = try #require(PrinterFaults(name: name))
        let parsed = try #require(try status("epson-tm-t88vi", fault).status)
        #expect(parsed == fault.status(nearEndSensor: true))
        #expect(parsed.canPrint == (fault == .paperNearEnd))
    }

    @Test("near end is invisible without the sensor; no reply at all without DLE EOT support")
    func profileDecidesWhatIsReported() throws {
        #expect(try status("epson-tm-t20iii", .paperNearEnd).bytes == [0x12, 0x12, 0x12, 0x12])
        #expect(try status("pos-5890", .paperOut).bytes.isEmpty)
    }

    @Test("faults can change between queries; jobs record the status they ended in")
    func changingFaults() throws {
        var printer = try Fixtures.printer("epson-tm-t88vi")
        #expect(printer.feed(StatusQuery.paper.command).replies == [0x12])
        printer.faults = .paperOut
        #expect(printer.feed(StatusQuery.paper.command).replies == [0x7E])
        let job = try #require(printer.process(Array("X\n".utf8) + [0x1D, 0x56, 1]).first)
        #expect(job.status.paperOut)
        #expect(job.transcript.contains("a real printer would hold this job"))
    }

    @Test("GS r and GS I answer too")
    func otherQueries() throws {
        var printer = try Fixtures.printer("epson-tm-t88vi", faults: .paperOut)
        #expect(printer.feed([0x1D, 0x72, 1]).replies == [0x0F])
        let name = printer.feed([0x1D, 0x49, 67]).replies
        #expect(name.first == 0x5F && name.last == 0 && String(decoding: name.dropFirst().dropLast(), as: UTF8.self) == "TM-T88VI")
    }

    @Test("fault names parse for the CLI")
    func names() {
        #expect(PrinterFaults(name: "paper-out") == .paperOut)
        #expect(PrinterFaults(name: "jam") == nil)
        #expect(PrinterFaults([.coverOpen, .offline]).description == "cover-open, offline")
    }
}
