import ArgumentParser
import ESCPOS
import Foundation
import PrinterEmulator

/// `turnero printer …`: real printers for technicians, reprints, the virtual printer, ticket
/// previews and the printer profiles.
struct PrinterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "printer",
        abstract: "Printers: find, check and test them, reprint tickets, the virtual printer and the profiles.",
        subcommands: [
            List.self, Status.self, Test.self, Doctor.self, UdevRules.self, Reprint.self, Jobs.self, Verify.self,
            Emulate.self, Preview.self, Profiles.self,
        ])

    struct Emulate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a virtual ESC/POS printer on TCP (raw port 9100) until SIGINT or SIGTERM.",
            discussion: """
                Each job (bytes up to a cut, or to the end of a connection) is written to the output \
                folder as NNNN.png (the paper), NNNN.txt (a transcript) and NNNN.bin (the bytes). \
                DLE EOT status queries are answered, reporting the --fault given.
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var devices: DevicesOption
        @Option(help: "TCP port (0 picks a free one).") var port = 9100
        @Option(help: "IPv4 address to listen on.") var host = "127.0.0.1"
        @Option(help: "Printer profile id from the devices directory.") var profile = "generic-80mm"
        @Option(help: ArgumentHelp("Folder for the jobs.", valueName: "dir")) var out = "printer-jobs"
        @Option(
            help: ArgumentHelp(
                "Fault to report: paper-out, near-end, cover-open, offline or cutter-error (repeatable).",
                valueName: "fault"))
        var fault: [String] = []

        mutating func run() async throws {
            try await reportingFailures {
                var faults: PrinterFaults = []
                for name in fault {
                    guard let value = PrinterFaults(name: name) else {
                        throw CLIFailure(
                            status: ExitStatus.usage, message: "unknown fault '\(name)'",
                            hint: "use " + PrinterFaults.names.map(\.0).joined(separator: ", "))
                    }
                    faults.insert(value)
                }
                let printerProfile = try devices.profile(profile)
                do throws(EmulatorError) {
                    try faults.check(for: printerProfile)
                } catch {
                    let withSensor = try devices.loadCatalog().profiles.filter(\.status.nearEndSensor).map(\.id)
                    throw CLIFailure(
                        status: ExitStatus.usage, message: error.message,
                        hint: "profiles with a near-end sensor: \(withSensor.joined(separator: ", "))")
                }
                let folder = URL(fileURLWithPath: out)
                let configuration = EmulatorServer.Configuration(
                    profile: printerProfile, outputDirectory: folder, host: host, port: port, faults: faults,
                    onJob: { saved in
                        let problems = saved.job.diagnostics.isEmpty ? "" : ", \(saved.job.diagnostics.count) diagnostic(s)"
                        print("job \(saved.png.lastPathComponent): \(saved.job.bytes.count) bytes, \(saved.job.ending)\(problems)")
                        fflush(nil)
                    },
                    onError: { error in printError(error.description) })
                let server: EmulatorServer
                do throws(EmulatorError) {
                    server = try EmulatorServer(configuration: configuration)
                    try server.start()
                } catch {
                    throw CLIFailure(error)
                }
                print("Virtual printer \(printerProfile.id) (\(printerProfile.vendor) \(printerProfile.model)) on \(host):\(server.port)")
                print("Jobs go to \(folder.path); faults: \(faults). Stop with Ctrl-C.")
                fflush(nil)
                _ = await waitForTerminationSignal()
                server.stop()
                print("Stopped after \(server.jobsWritten) job(s).")
            }
        }
    }

    struct Preview: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a sample ticket through the virtual printer and save the picture.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var devices: DevicesOption
        @Option(help: "Printer profile id.") var profile: String
        @Option(help: ArgumentHelp("PNG file to write (default: ticket-<profile>.png).", valueName: "file")) var out: String?
        @Flag(help: "Also print the transcript.") var transcript = false

        mutating func run() async throws {
            try await reportingFailures {
                let printerProfile = try devices.profile(profile)
                let encoded: EncodedDocument
                do throws(ESCPOSError) {
                    encoded = try TicketLayout().encode(.sample, profile: printerProfile)
                } catch {
                    throw CLIFailure(status: ExitStatus.refused, message: "the sample ticket cannot be encoded: \(error.message)")
                }
                var printer: VirtualPrinter
                do throws(EmulatorError) {
                    printer = try VirtualPrinter(profile: printerProfile)
                } catch {
                    throw CLIFailure(error)
                }
                guard let job = printer.process(encoded.bytes).first else {
                    throw CLIFailure(status: ExitStatus.refused, message: "the virtual printer produced no page")
                }
                let path = out ?? "ticket-\(printerProfile.id).png"
                do {
                    try Data(job.pngData()).write(to: URL(fileURLWithPath: path))
                } catch {
                    throw CLIFailure(status: ExitStatus.io, message: "cannot write \(path): \(error.localizedDescription)")
                }
                print("\(path): \(job.image.width)×\(job.image.height) dots, \(encoded.bytes.count) bytes on the wire")
                for note in encoded.notes { print("note: \(note)") }
                for diagnostic in job.diagnostics { print("diagnostic: \(diagnostic)") }
                if transcript { print(job.transcript, terminator: "") }
            }
        }
    }

    struct Profiles: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the printer profiles and the files that failed validation.",
            discussion: "Exits with status 78 when a profile file is invalid.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var devices: DevicesOption

        mutating func run() async throws {
            try await reportingFailures {
                let catalog = try devices.loadCatalog()
                print("Profiles in \(catalog.directory):")
                for profile in catalog.profiles {
                    print(PrinterProfileRow(profile).text)
                }
                guard catalog.problems.isEmpty else {
                    for problem in catalog.problems { printError(problem.description) }
                    throw CLIFailure(
                        status: ExitStatus.configuration, message: "\(catalog.problems.count) profile file(s) rejected")
                }
            }
        }
    }
}

/// One line of `turnero printer profiles`.
struct PrinterProfileRow {
    var text: String

    init(_ profile: PrinterProfile) {
        var native: [String] = []
        if profile.symbols.code128 { native.append("CODE128") }
        if profile.symbols.gs1_128 { native.append("GS1-128") }
        if profile.symbols.qr { native.append("QR") }
        let usb = profile.usb.map { "\($0.vendorId):\($0.productId)" }.joined(separator: ",")
        let paper = "\(Int(profile.paper.widthMm)) mm \(profile.paper.dotsPerLine)@\(profile.paper.dpi)"
        text = "  " + [
            profile.id.padding(toLength: 20, withPad: " ", startingAt: 0),
            paper.padding(toLength: 16, withPad: " ", startingAt: 0),
            "\(profile.codePage.name.rawValue)/\(profile.codePage.escT)".padding(toLength: 11, withPad: " ", startingAt: 0),
            (native.isEmpty ? "raster only" : native.joined(separator: "+")).padding(toLength: 22, withPad: " ", startingAt: 0),
            usb.isEmpty ? "-" : usb,
        ].joined(separator: " ")
    }
}
