// usb-probe: drives `USBTransport` against a printer (under umockdev-run in the tests) and
// prints one JSON object per step. Test-only: never installed.
//
//   usb-probe connect SELECTOR
//   usb-probe write SELECTOR FILE [FILE…] [--chunk BYTES]
//   usb-probe status SELECTOR
//   usb-probe device-id SELECTOR
import ESCPOS
import Foundation
import PrinterTransport

struct Step: Encodable {
    var step: String
    var ok: Bool
    var code: String?
    var message: String?
    var sent: Int?
    var replies: String?
    var status: String?
    var paperNearEnd: Bool?
    var deviceID: String?
    var bus: Int?
    var address: Int?
    var interface: Int?
    var bulkOut: Int?
    var bulkIn: Int?
    var maxPacketSize: Int?
    var detachedKernelDriver: Bool?
    var changedConfiguration: Bool?

    init(_ step: String, ok: Bool = true) {
        self.step = step
        self.ok = ok
    }

    init(_ step: String, error: TransportError) {
        self.init(step, ok: false)
        code = error.code.description
        message = error.message
    }
}

func emit(_ step: Step) {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    print(String(decoding: (try? encoder.encode(step)) ?? Data("{}".utf8), as: UTF8.self))
    fflush(nil)
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("usb-probe: \(message)\n".utf8))
    exit(64)
}

func option(_ name: String, in arguments: [String]) -> Int? {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    return Int(arguments[index + 1])
}

let arguments = Array(CommandLine.arguments.dropFirst())
guard arguments.count >= 2, let selector = USBSelector(arguments[1]) else {
    fail("usage: usb-probe connect|write|status|device-id SELECTOR [FILE…] [--chunk BYTES]")
}
let chunk = option("--chunk", in: arguments) ?? USBTransport.Configuration.maximumChunkSize
let transport = USBTransport(selector: selector, configuration: .init(chunkSize: chunk))

switch arguments[0] {
case "connect":
    do throws(TransportError) {
        let connection = try await transport.connect()
        var step = Step("connect")
        step.bus = Int(connection.bus)
        step.address = Int(connection.address)
        step.interface = Int(connection.interface.number)
        step.bulkOut = connection.interface.bulkOut.map { Int($0.address) }
        step.bulkIn = connection.interface.bulkIn.map { Int($0.address) }
        step.maxPacketSize = connection.interface.bulkOut?.maxPacketSize
        step.detachedKernelDriver = connection.claim.detachedKernelDriver
        step.changedConfiguration = connection.claim.changedConfiguration
        emit(step)
    } catch {
        emit(Step("connect", error: error))
    }
case "write":
    // Each FILE is one job, written in order on the same transport (a retry after a failure
    // is the next file, as PrintService resends with ESC @ first).
    let files = arguments.dropFirst(2).prefix { !$0.hasPrefix("--") }
    guard !files.isEmpty else { fail("write needs a FILE") }
    for (index, path) in files.enumerated() {
        guard let data = FileManager.default.contents(atPath: path) else { fail("cannot read \(path)") }
        let bytes = [UInt8](data)
        do throws(TransportError) {
            try await transport.write(bytes, timeout: .seconds(30))
            var step = Step("write \(index + 1)")
            step.sent = bytes.count
            emit(step)
        } catch {
            emit(Step("write \(index + 1)", error: error))
        }
    }
case "status":
    do throws(TransportError) {
        await transport.drain()
        try await transport.write(StatusQuery.allCommands, timeout: .seconds(1))
        var replies: [UInt8] = []
        let deadline = ContinuousClock.now + .seconds(1)
        while replies.count < 4 && ContinuousClock.now < deadline {
            replies += try await transport.read(maximum: 4 - replies.count, timeout: .milliseconds(200))
        }
        var step = Step("status")
        step.replies = replies.map { String(format: "%02x", $0) }.joined()
        do {
            let status = try PrinterStatus(replies: replies)
            step.status = status.description
            step.paperNearEnd = status.paperNearEnd
        } catch {
            step.ok = false
            step.message = error.description
        }
        emit(step)
    } catch {
        emit(Step("status", error: error))
    }
case "device-id":
    do throws(TransportError) {
        var step = Step("device-id")
        step.deviceID = try await transport.deviceID()?.text
        emit(step)
    } catch {
        emit(Step("device-id", error: error))
    }
default:
    fail("unknown command \(arguments[0])")
}
await transport.close()
