import ArgumentParser
import ESCPOS
import Foundation
import PrinterTransport
import Printing

extension PrinterCommand {
    /// `turnero printer doctor`: what is wrong with the printer, and the exact fix.
    struct Doctor: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the printer end to end and explain any problem with the exact fix.",
            discussion: """
                Checks the profiles, the office configuration's printer section (or --printer), \
                then the printer itself: for USB whether it is attached, whether this user may open \
                it (udev rules, group lp), whether the kernel's usblp driver holds it, which profile \
                fits it; for TCP whether it answers; for device files whether they exist and are \
                writable; finally its status (paper, cover). Exits with status 69 when something \
                prevents printing, 78 when the configuration or profiles are invalid.
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var devices: DevicesOption
        @OptionGroup var printer: TechnicianPrinterSelection

        mutating func run() async throws {
            let (global, devices, printer) = (self.global, self.devices, self.printer.selection)
            try await reportingFailures {
                var findings: [PrinterFinding] = []
                let catalog: ProfileCatalog
                do {
                    catalog = try devices.loadCatalog()
                } catch let failure as CLIFailure {
                    print(PrinterFinding(.problem, failure.message, fix: failure.hint).description)
                    throw ExitCode(failure.status)
                }
                findings.append(PrinterFinding(.ok, "\(catalog.profiles.count) printer profiles in \(catalog.directory)."))
                for problem in catalog.problems {
                    findings.append(PrinterFinding(.warning, "Rejected profile: \(problem.description)", fix: "fix the file (devices/README.md lists the fields)"))
                }
                let target: PrinterTarget
                do {
                    target = try await PrinterTarget.resolve(global: global, devices: devices, selection: printer)
                } catch let failure as CLIFailure {
                    findings.append(PrinterFinding(.problem, failure.message, fix: failure.hint))
                    Self.report(findings)
                    throw ExitCode(failure.status)
                }
                print("Connection: \(target.connectionLine)")
                print("Profile:    \(target.profileLine)")
                findings += await Self.check(target, stateDirectory: global.stateDirectoryPath)
                Self.report(findings)
                if findings.contains(where: { $0.severity == .problem }) { throw ExitCode(ExitStatus.unavailable) }
            }
        }

        static func report(_ findings: [PrinterFinding]) {
            for finding in findings { print(finding.description) }
            let problems = findings.filter { $0.severity == .problem }.count
            print(
                problems == 0
                    ? "No problem found: print a test page with `turnero printer test`."
                    : "\(problems) problem(s) found.")
        }

        /// Reaches the printer the way the kiosk would and explains what happens.
        static func check(_ target: PrinterTarget, stateDirectory: String) async -> [PrinterFinding] {
            var findings: [PrinterFinding] = []
            switch target.connection {
            case .virtual(let directory):
                let folder = directory ?? (stateDirectory as NSString).appendingPathComponent("tickets")
                findings.append(
                    PrinterFinding(
                        .warning, "The kiosk prints to the virtual printer: tickets become pictures in \(folder), nothing comes out on paper.",
                        fix: "for a real printer set printer.connection to usb, usb:VID:PID, /dev/usb/lp0 or tcp://HOST:9100 (`turnero printer list` shows USB printers)"))
                return findings
            case .usb:
                let selector = USBSetup.selector(target.connection) ?? .firstPrinter
                let discovery = USBPrinterDiscovery(known: USBSetup.matches(target.catalog.profiles.flatMap(\.usb)))
                let scan: USBScan
                do throws(TransportError) {
                    scan = try await discovery.scan()
                } catch {
                    return [PrinterFinding(.problem, "libusb cannot start: \(error.message)", fix: "install libusb-1.0-0 (kiosk-scripts/setup.sh)")]
                }
                findings += PrinterDiagnosis.usb(
                    scan: scan, selector: selector, catalog: target.catalog, configuredProfile: target.configuredProfile,
                    user: DeviceNode.currentUser, userInGroupLP: DeviceNode.inGroup("lp"))
                guard let device = scan.printers.first(where: { $0.matches(selector) }) else {
                    let files = DeviceFileRow.all()
                    if !files.isEmpty, scan.printers.isEmpty {
                        findings.append(
                            PrinterFinding(
                                .warning, "usblp device files exist (\(files.map(\.path).joined(separator: ", "))) although libusb sees no printer.",
                                fix: "try --printer \(files[0].path)"))
                    }
                    return findings
                }
                switch device.access {
                case .available, .heldByKernelDriver: break
                case .busy, .permissionDenied, .failed: return findings
                }
            case .deviceFile(let path):
                guard let permissions = DeviceNode.permissions(of: path) else {
                    return [
                        PrinterFinding(
                            .problem, "\(path) does not exist: the usblp driver has not created it (printer unplugged, or usblp detached or blacklisted).",
                            fix: "check cable and power; `ls -l /dev/usb/`; with libusb instead use --printer usb (`turnero printer list`)")
                    ]
                }
                if !DeviceNode.isWritable(path) {
                    return [
                        PrinterFinding(
                            .problem, "User \(DeviceNode.currentUser) may not write \(path) [\(permissions)].",
                            fix: DeviceNode.inGroup("lp")
                                ? "install the udev rules so the file belongs to group lp: \(PrinterDiagnosis.installRules)"
                                : "add the user to group lp: sudo usermod -aG lp \(DeviceNode.currentUser) (then log in again)")
                    ]
                }
                findings.append(PrinterFinding(.ok, "\(path) [\(permissions)] is writable by \(DeviceNode.currentUser)."))
            case .tcp:
                break
            }
            findings += await reach(target, stateDirectory: stateDirectory)
            return findings
        }

        /// Opens the connection (a zero-byte write connects without printing), then reads status.
        static func reach(_ target: PrinterTarget, stateDirectory: String) async -> [PrinterFinding] {
            let service: PrintService
            do {
                service = try target.printService(stateDirectory: stateDirectory, store: nil)
            } catch let failure as CLIFailure {
                return [PrinterFinding(.problem, failure.message, fix: failure.hint)]
            } catch {
                return [PrinterFinding(.problem, "\(error)")]
            }
            let transport = service.transport
            var findings: [PrinterFinding] = []
            do throws(TransportError) {
                try await transport.write([], timeout: .seconds(3))
            } catch {
                await transport.close()
                return [PrinterDiagnosis.transportFailure(error, connection: "\(target.connection)")]
            }
            if let usb = transport as? USBTransport, let connection = try? await usb.connect() {
                var notes = ["opened bus \(connection.bus) device \(connection.address), \(PrinterDiagnosis.endpointText(connection.interface))"]
                if connection.claim.detachedKernelDriver { notes.append("the kernel driver was detached from the interface") }
                if connection.claim.changedConfiguration { notes.append("the configuration was set to \(connection.interface.configuration)") }
                findings.append(PrinterFinding(.ok, "USB: " + notes.joined(separator: "; ") + "."))
            } else {
                findings.append(PrinterFinding(.ok, "\(transport.endpoint) accepts connections."))
            }
            do throws(PrintFailure) {
                if let reading = try await service.readStatus() {
                    findings += PrinterDiagnosis.status(reading.status)
                } else {
                    findings.append(
                        PrinterFinding(
                            .warning, "Profile \(target.profile.id) says the model cannot report status: paper out is seen only when a ticket fails."))
                }
            } catch {
                findings.append(
                    PrinterFinding(
                        .problem, "The printer takes data but does not answer status requests: \(error.detail).",
                        fix: "check that the profile fits the model (some clones do not answer DLE EOT: use a profile with status.dleEot false), paper, cover, and that the printer is on"))
            }
            await transport.close()
            return findings
        }
    }
}
