import ArgumentParser
import Foundation
import TurneroCore
import Printing
import TurneroStore

/// `turnero turn …`: issue tickets and look after individual turns.
struct TurnCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "turn",
        abstract: "Issue tickets and manage individual turns.",
        subcommands: [Issue.self, List.self, Show.self, Cancel.self, Reactivate.self])

    struct Issue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Issue a ticket for a service and print it (committed before anything is printed).",
            discussion: """
                The printer is checked first: without paper, with the cover open or offline, no number \
                is taken (exit status 69). The ticket then goes to the office's printer, by default the \
                virtual printer writing pictures to <state-dir>/tickets/.
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var devices: DevicesOption
        @OptionGroup var printer: PrinterSelection
        @Option(help: "Service code from the office configuration (e.g. pagos).") var service: String
        @Flag(help: "Preferential attention (older adults, pregnant women, people with disability).")
        var preferential = false
        @Flag(help: "Print the ticket as JSON.") var json = false
        @Flag(help: "Do not print (the ticket is only shown here).") var noPrint = false
        @Option(help: "The customer's language: es or en (the ticket and the board's announcement say it that way).")
        var language = "es"
        @Option(help: ArgumentHelp("Issue this many tickets in a row (bulk and crash testing).", visibility: .hidden))
        var count: Int = 1

        mutating func run() async throws {
            let (global, devices, printer, service, preferential, json, noPrint, count, language) =
                (self.global, self.devices, self.printer, self.service, self.preferential, self.json, self.noPrint, self.count, self.language)
            try await reportingFailures {
                guard count >= 1 else { throw CLIFailure(status: ExitStatus.usage, message: "--count must be at least 1") }
                guard let language = Language(rawValue: language) else {
                    throw CLIFailure(status: ExitStatus.usage, message: "--language must be es or en (got '\(language.prefix(20))')")
                }
                let store = try global.openStore()
                _ = try store.requireService(ServiceCode(service))
                let printService = noPrint ? nil : try PrinterSetup.printService(global: global, devices: devices, selection: printer, store: store)
                for _ in 0..<count {
                    if let printService, case .notReady(let reason, let detail) = await printService.condition() {
                        throw CLIFailure(
                            status: ExitStatus.unavailable, message: "the printer cannot print (\(reason.rawValue)): \(detail); no ticket was issued")
                    }
                    let ticket = try store.issueTurn(service: ServiceCode(service), preferential: preferential, language: language)
                    if json {
                        try printJSON(TicketJSON(ticket))
                    } else {
                        print(TicketText.render(ticket, office: store.configuration))
                    }
                    fflush(nil)
                    if let printService {
                        do throws(PrintFailure) {
                            try await printService.print(ticket, office: store.configuration)
                        } catch {
                            throw CLIFailure(
                                status: ExitStatus.unavailable,
                                message: error.unconfirmed
                                    ? "\(ticket.turn.label) was issued and sent, but the printer never confirmed it: \(error.detail)"
                                    : "\(ticket.turn.label) was issued but did not print: \(error.detail)",
                                hint: error.unconfirmed
                                    ? "look at the printer first; then `turnero printer verify \(ticket.turn.label) printed|not-printed`"
                                    : "reprint it with `turnero printer reprint \(ticket.turn.label)`")
                        }
                    }
                }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List waiting turns in the order they would be called.")

        @OptionGroup var global: GlobalOptions
        @Option(help: "Only the services this counter serves.") var counter: Int?
        @Flag(help: "Print JSON.") var json = false

        mutating func run() async throws {
            try await reportingFailures {
                let store = try global.openStore()
                let waiting = try store.waitingTurns(counter: counter)
                if json { return try printJSON(waiting.map(TurnJSON.init)) }
                if waiting.isEmpty { return print("Nobody is waiting.") }
                let clock = OfficeClock(timeZone: store.configuration.resolvedTimeZone)
                for (index, turn) in waiting.enumerated() {
                    let mark = turn.preferential ? " (preferencial)" : ""
                    print("\(pad(String(index + 1), 3, right: true)). \(pad(turn.label, 7)) \(pad(turn.service.rawValue, 12)) since \(clock.time(turn.queuedSince))\(mark)")
                }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one turn by label or id.")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The label printed on the ticket (P-027) or the turn id.") var turn: String

        mutating func run() async throws {
            try await reportingFailures {
                let store = try global.openStore()
                try printJSON(TurnJSON(try store.turn(try parseLookup(turn))))
            }
        }
    }

    struct Cancel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Cancel a waiting turn.")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "Label or id.") var turn: String

        mutating func run() async throws {
            try await reportingFailures {
                let cancelled = try global.openStore().cancel(try parseLookup(turn))
                print("\(cancelled.label) cancelled.")
            }
        }
    }

    struct Reactivate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Put a no-show back in the queue with its original arrival time.")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "Label or id.") var turn: String

        mutating func run() async throws {
            try await reportingFailures {
                let turn = try global.openStore().reactivate(try parseLookup(turn))
                print("\(turn.label) is waiting again.")
            }
        }
    }
}

/// Parses a label or id typed by staff.
func parseLookup(_ text: String) throws -> TurnLookup {
    guard let lookup = TurnLookup(text) else {
        throw CLIFailure(
            status: ExitStatus.usage, message: "'\(text.prefix(40))' is not a turn label (like P-027) or a turn id")
    }
    return lookup
}
