import ArgumentParser
import ESCPOS
import Foundation
import Printing
import TurneroCore
import TurneroStore

extension PrinterCommand {
    /// `turnero printer reprint P-027`: the same ticket again, marked as a reprint.
    struct Reprint: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Reprint an open turn's ticket, marked REIMPRESIÓN (recorded as a reprint job).",
            discussion: """
                The ticket says what the original said (people ahead and the estimate at issue time) \
                with a REIMPRESIÓN banner, so the paper cannot pass for a new turn. The printer is \
                checked first: when it cannot print, no job is created (exit status 69).
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var devices: DevicesOption
        @OptionGroup var printer: PrinterSelection
        @Argument(help: "The label printed on the ticket (P-027) or the turn id.") var turn: String

        mutating func run() async throws {
            let (global, devices, printer, turnText) = (self.global, self.devices, self.printer, self.turn)
            try await reportingFailures {
                let lookup = try parseLookup(turnText)
                let store = try global.openStore()
                // Look before printing a second paper: the last one may be in the customer's hand.
                if let pending = try store.latestTicketJob(lookup), pending.state == .unknown, let label = pending.turn?.label {
                    throw CLIFailure(
                        status: ExitStatus.refused,
                        message: "the printer never confirmed job \(pending.id) of \(label) (\(pending.lastError ?? "no answer")): the customer may already hold the ticket; nothing was reprinted",
                        hint: "look at the printer and ask the customer, then `turnero printer verify \(label) printed` or `turnero printer verify \(label) not-printed` and reprint")
                }
                let service = try PrinterSetup.printService(global: global, devices: devices, selection: printer, store: store)
                if case .notReady(let reason, let detail) = await service.condition() {
                    throw CLIFailure(
                        status: ExitStatus.unavailable, message: "the printer cannot print (\(reason.rawValue)): \(detail); nothing was reprinted",
                        hint: "run `turnero printer doctor`")
                }
                let job = try store.reprint(lookup)
                guard let turn = job.turn else {
                    throw CLIFailure(status: ExitStatus.refused, message: "print job \(job.id) has no turn")
                }
                let serviceName = store.configuration.service(turn.service)?.name.text(in: job.language) ?? turn.service.rawValue
                var content = TicketContent(
                    turn: turn, serviceName: serviceName, ahead: job.ahead ?? 0, estimate: job.estimate, office: store.configuration,
                    language: job.language, ratingCode: try store.ratingCode(for: turn.id), qrPayload: try store.ticketPayload(for: turn))
                content.isReprint = true
                do throws(PrintFailure) {
                    try await service.print(content, strings: .for(job.language), job: job.id)
                } catch where error.unconfirmed {
                    throw CLIFailure(
                        status: ExitStatus.unavailable,
                        message: "the reprint of \(turn.label) was sent but the printer never confirmed it: \(error.detail)",
                        hint: "look at the printer; then `turnero printer verify \(turn.label) printed|not-printed`")
                } catch {
                    throw CLIFailure(
                        status: ExitStatus.unavailable,
                        message: "the reprint of \(turn.label) did not print: \(error.detail) (job \(job.id) is marked failed)",
                        hint: "fix the printer (`turnero printer doctor`) and run the reprint again")
                }
                await service.transport.close()
                print("\(turn.label) reprinted (job \(job.id), a reprint of job \(job.reprintOf.map(String.init) ?? "?")).")
            }
        }
    }
}
