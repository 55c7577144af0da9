import ArgumentParser
import ESCPOS
import Foundation
import PrinterTransport
import Printing
import TurneroStore

extension PrinterCommand {
    /// `turnero printer test`: the test page, printed the way tickets are.
    struct Test: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a test page: Spanish characters, fonts, CODE128, GS1-128, QR and a cut.",
            discussion: """
                The page goes through the same path as tickets: status first, then the bytes, then \
                status again. When the kiosk database exists (and this user may open it) the page is \
                recorded as a print job of kind 'test' (`turnero printer jobs`). Exits with status 69 \
                when the printer cannot print.
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var devices: DevicesOption
        @OptionGroup var printer: TechnicianPrinterSelection

        mutating func run() async throws {
            let (global, devices, printer) = (self.global, self.devices, self.printer.selection)
            try await reportingFailures {
                let target = try await PrinterTarget.resolve(global: global, devices: devices, selection: printer)
                let store = storeIfPresent(global)
                let service = try target.printService(stateDirectory: global.stateDirectoryPath, store: store)
                let endpoint = service.transport.endpoint
                print("Printer: \(endpoint)")
                print("Profile: \(target.profileLine)")
                if case .notReady(let reason, let detail) = await service.condition() {
                    throw CLIFailure(
                        status: ExitStatus.unavailable, message: "the printer cannot print (\(reason.rawValue)): \(detail)",
                        hint: "run `turnero printer doctor`")
                }
                let document = TestPageLayout().document(profile: target.profile, connection: endpoint)
                let job = try store?.createTestPrintJob()
                do throws(PrintFailure) {
                    try await service.print(document, job: job)
                } catch {
                    await service.transport.close()
                    throw CLIFailure(
                        status: ExitStatus.unavailable, message: "the test page did not print: \(error.detail)",
                        hint: "run `turnero printer doctor`")
                }
                let bytes = (try? ESCPOSEncoder(profile: target.profile).encode(document).bytes.count) ?? 0
                let after = await service.condition()
                await service.transport.close()
                print("Test page printed (\(bytes) bytes\(job.map { ", job \($0)" } ?? "")); printer \(after).")
                print("Check on the paper: every accent, ñ and €, the two barcodes and the QR must read correctly,")
                print("and the ruler lines must not wrap.")
                if case .ready(nearEnd: true) = after {
                    print(PrinterDiagnosis.nearEndAlert.description)
                }
            }
        }
    }
}
