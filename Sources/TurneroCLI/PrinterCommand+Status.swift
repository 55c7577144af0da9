import ArgumentParser
import ESCPOS
import Foundation
import PrinterTransport
import Printing

extension PrinterCommand {
    /// `turnero printer status`: the printer's real-time status, decoded.
    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Ask the printer for its real-time status (DLE EOT 1–4) and explain it.",
            discussion: """
                Paper near end is a staff alert: the kiosk keeps serving customers. Exits with status \
                69 when the printer cannot print (no paper, cover open, offline, unreachable).
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var devices: DevicesOption
        @OptionGroup var printer: TechnicianPrinterSelection
        @Flag(help: "Print JSON.") var json = false

        mutating func run() async throws {
            let (global, devices, printer, json) = (self.global, self.devices, self.printer.selection, self.json)
            try await reportingFailures {
                let target = try await PrinterTarget.resolve(global: global, devices: devices, selection: printer)
                let service = try target.printService(stateDirectory: global.stateDirectoryPath, store: nil)
                let reading: PrinterStatusReading?
                do throws(PrintFailure) {
                    // A zero-byte write connects without printing: "unreachable" is told apart from
                    // "status not supported by this model".
                    do throws(TransportError) {
                        try await service.transport.write([], timeout: .seconds(3))
                    } catch {
                        await service.transport.close()
                        throw PrintFailure(reason: .printerOffline, detail: error.description)
                    }
                    reading = try await service.readStatus()
                    await service.transport.close()
                } catch {
                    if json {
                        try printJSON(StatusJSON(target: target, endpoint: service.transport.endpoint, reading: nil, error: error.detail))
                    } else {
                        print("Printer: \(service.transport.endpoint), profile \(target.profileLine)")
                        print("Status:  no answer")
                    }
                    throw CLIFailure(status: ExitStatus.unavailable, message: "the printer does not answer: \(error.detail)", hint: "run `turnero printer doctor`")
                }
                if json {
                    try printJSON(StatusJSON(target: target, endpoint: service.transport.endpoint, reading: reading, error: nil))
                } else {
                    print(StatusText.render(target: target, endpoint: service.transport.endpoint, reading: reading))
                }
                if let reading, !reading.status.canPrint {
                    throw ExitCode(ExitStatus.unavailable)
                }
            }
        }
    }
}

/// The human status report.
enum StatusText {
    static func render(target: PrinterTarget, endpoint: String, reading: PrinterStatusReading?) -> String {
        var lines = ["Printer: \(endpoint)", "Profile: \(target.profileLine)"]
        guard let reading else {
            lines.append("Status:  not supported by this model (profile status.dleEot is false): assumed ready")
            return lines.joined(separator: "\n")
        }
        let condition = PrinterCondition(reading.status)
        lines.append("Status:  \(condition.problem == nil ? "ready" : "NOT READY") (\(reading.status))")
        for (index, query) in StatusQuery.allCases.enumerated() where index < reading.replies.count {
            lines.append("  DLE EOT \(query.rawValue) \(pad(name(query), 15)) 0x\(hex(reading.replies[index]))  \(meaning(query, reading.status))")
        }
        for finding in PrinterDiagnosis.status(reading.status) where finding.severity != .ok {
            lines.append(finding.description)
        }
        return lines.joined(separator: "\n")
    }

    static func name(_ query: StatusQuery) -> String {
        switch query {
        case .printer: "(printer)"
        case .offlineCause: "(offline cause)"
        case .errorCause: "(error cause)"
        case .paper: "(roll paper)"
        }
    }

    static func meaning(_ query: StatusQuery, _ status: PrinterStatus) -> String {
        switch query {
        case .printer:
            return [status.online ? "online" : "OFFLINE", status.feedButtonPressed ? "feed button held" : nil].compactMap { $0 }
                .joined(separator: ", ")
        case .offlineCause:
            return [status.coverOpen ? "COVER OPEN" : "cover closed", status.paperOut ? "stopped by paper end" : nil].compactMap { $0 }
                .joined(separator: ", ")
        case .errorCause:
            let errors = [
                status.cutterError ? "CUTTER ERROR" : nil, status.unrecoverableError ? "UNRECOVERABLE ERROR" : nil,
                status.autoRecoverableError ? "auto-recoverable error" : nil,
            ].compactMap { $0 }
            return errors.isEmpty ? "no error" : errors.joined(separator: ", ")
        case .paper:
            if status.paperOut { return "PAPER OUT" }
            return status.paperNearEnd ? "paper near end (staff alert)" : "paper present"
        }
    }

    static func hex(_ byte: UInt8) -> String {
        (byte < 16 ? "0" : "") + String(byte, radix: 16)
    }
}

/// `printer status --json`.
struct StatusJSON: Encodable {
    var printer: String
    var profile: String
    var supported: Bool
    var ready: Bool
    var replies: [String]?
    var online: Bool?
    var coverOpen: Bool?
    var paperOut: Bool?
    var paperNearEnd: Bool?
    var staffAlert: String?
    var error: String?

    init(target: PrinterTarget, endpoint: String, reading: PrinterStatusReading?, error: String?) {
        printer = endpoint
        profile = target.profile.id
        supported = target.profile.status.dleEot
        self.error = error
        ready = error == nil && (reading?.status.canPrint ?? true)
        if let reading {
            replies = reading.replies.map(StatusText.hex)
            online = reading.status.online
            coverOpen = reading.status.coverOpen
            paperOut = reading.status.paperOut
            paperNearEnd = reading.status.paperNearEnd
            staffAlert = reading.status.paperNearEnd && !reading.status.paperOut ? "paper near end: change the roll soon" : nil
        }
    }
}
