import ArgumentParser
import Foundation
import TurneroCore
import TurneroStore

/// `turnero escalations …`: requests escalated at this office's counters, for an office without
/// a centre (with one, they are worked at `/dashboard/escalations`).
struct EscalationsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "escalations", abstract: "List escalated requests by due day, or close one with the answer given.",
        subcommands: [List.self, Close.self], defaultSubcommand: List.self)

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Open escalations by due day (overdue ones marked); --all for closed ones too.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Closed ones too.") var all = false
        @Flag(help: "Print JSON.") var json = false

        mutating func run() async throws {
            let (global, all, json) = (self.global, self.all, self.json)
            try await reportingFailures {
                let store = try global.openStore()
                let today = store.day(at: Date())
                let escalations = try store.escalations(openOnly: !all)
                struct Line: Encodable {
                    var id: String; var label: String; var area: String; var types: [String]; var agent: String?
                    var due: String; var overdue: Bool; var closed: Bool; var answer: String?
                }
                let lines = escalations.map {
                    Line(id: $0.id.uuidString.lowercased(), label: $0.turn.label, area: $0.area, types: $0.types, agent: $0.agent?.rawValue,
                         due: $0.due.rawValue, overdue: $0.isOverdue(on: today), closed: !$0.isOpen, answer: $0.answer)
                }
                if json { return try printJSON(lines) }
                if lines.isEmpty { print(all ? "No escalations." : "No open escalations.") }
                for line in lines {
                    let state = line.closed ? "closed" : line.overdue ? "OVERDUE" : "open"
                    print("\(line.due)  \(state.padding(toLength: 7, withPad: " ", startingAt: 0))  \(line.label)  \(line.area)  \(line.types.joined(separator: ","))  \(line.agent ?? "-")  \(line.id)")
                }
            }
        }
    }

    struct Close: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Close an escalation with the answer given to the customer.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The escalation's id (from `turnero escalations list`).") var id: String
        @Option(help: "The answer given to the customer (up to 500 characters).") var answer: String

        mutating func run() async throws {
            let (global, id, answer) = (self.global, self.id, self.answer)
            guard let uuid = UUID(uuidString: id) else {
                printError("'\(id.prefix(40))' is not an escalation id; see turnero escalations list")
                throw ExitCode(ExitStatus.usage)
            }
            try await reportingFailures {
                let closed = try global.openStore().closeEscalation(uuid, answer: answer)
                print("Escalation of \(closed.turn.label) closed.")
            }
        }
    }
}
