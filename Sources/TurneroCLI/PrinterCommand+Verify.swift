import ArgumentParser
import Foundation
import TurneroStore

extension PrinterCommand {
    /// `turnero printer verify P-027 printed|not-printed`: what staff saw for a ticket the
    /// printer never confirmed.
    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record whether a ticket the printer never confirmed did print (look at the printer first).",
            discussion: """
                A ticket whose job is 'unknown' (`turnero printer jobs`) was sent but the printer did not \
                answer afterwards: it may have printed. Look at the printer's output and ask the customer, \
                then say what you found. `not-printed` allows `turnero printer reprint LABEL`.
                """)

        enum Finding: String, ExpressibleByArgument, CaseIterable {
            case printed
            case notPrinted = "not-printed"
        }

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The label printed on the ticket (P-027) or the turn id.") var turn: String
        @Argument(help: "printed or not-printed.") var finding: Finding

        mutating func run() async throws {
            let (global, turnText, finding) = (self.global, self.turn, self.finding)
            try await reportingFailures {
                let lookup = try parseLookup(turnText)
                let store = try global.openStore()
                let job = try store.verifyPrint(lookup, printed: finding == .printed)
                let label = job.turn?.label ?? turnText
                switch finding {
                case .printed: print("\(label): job \(job.id) recorded as printed (checked by staff); nothing to reprint.")
                case .notPrinted: print("\(label): job \(job.id) recorded as not printed; reprint it: turnero printer reprint \(label)")
                }
            }
        }
    }
}
