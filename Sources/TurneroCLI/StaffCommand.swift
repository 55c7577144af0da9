import ArgumentParser
import Foundation
import SyncProtocol
import TurneroCore
import TurneroStore

/// `turnero staff …`: the agents who sign in at this office's counters, for an office without
/// a centre (with a centre, the office dataset brings them).
struct StaffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "staff", abstract: "Add, list, disable or enable the agents who sign in at counters.",
        subcommands: [Add.self, List.self, Disable.self, Enable.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add an agent (or replace their name and PIN). The PIN is read from the terminal without echo, or from the first line of standard input.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "The agent's id: 1–32 lowercase letters, digits, '.', '-' or '_' (ana.perez).") var id: String
        @Option(help: "The agent's name as people read it.") var name: String
        @Option(help: .hidden) var pbkdf2Rounds = PasswordHash.defaultRounds

        mutating func run() async throws {
            let (global, id, name, rounds) = (self.global, self.id, self.name, self.pbkdf2Rounds)
            try await reportingFailures {
                let store = try global.openStore()
                let pin = try Self.readPIN()
                let agent = Agent(id: AgentID(id), name: name, pinHash: try PasswordHash.make(pin, rounds: max(PasswordHash.minimumRounds, rounds)))
                try store.saveAgent(agent)
                print("Agent \(agent.id.rawValue) saved.")
            }
        }

        /// Twice without echo on a terminal; else one line of standard input.
        static func readPIN() throws -> String {
            let interactive = isatty(STDIN_FILENO) == 1
            if interactive { print("PIN (4–8 dígitos / digits): ", terminator: "") }
            fflush(nil)
            guard let pin = CounterCommand.Console.readLine(hidden: true) else {
                throw CLIFailure(status: ExitStatus.usage, message: "no PIN given on standard input")
            }
            guard AgentPIN.isWellFormed(pin) else {
                throw CLIFailure(status: ExitStatus.usage, message: "the PIN must be 4 to 8 digits")
            }
            if interactive {
                print("PIN otra vez / again: ", terminator: "")
                fflush(nil)
                guard CounterCommand.Console.readLine(hidden: true) == pin else {
                    throw CLIFailure(status: ExitStatus.usage, message: "the two PINs differ")
                }
            }
            return pin
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the agents and who is signed in where.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Print JSON.") var json = false

        mutating func run() async throws {
            let (global, json) = (self.global, self.json)
            try await reportingFailures {
                let store = try global.openStore()
                let sessions = Dictionary(try store.sessions().map { ($0.agent, $0.counter) }, uniquingKeysWith: { $1 })
                struct Line: Encodable { var id: String; var name: String; var active: Bool; var counter: Int? }
                let lines = try store.agents().map { Line(id: $0.id.rawValue, name: $0.name, active: $0.active, counter: sessions[$0.id]) }
                if json { return try printJSON(lines) }
                if lines.isEmpty { print("No agents yet: turnero staff add --id ID --name NAME") }
                for line in lines {
                    let state = line.active ? (line.counter.map { "signed in at counter \($0)" } ?? "active") : "disabled"
                    print("\(line.id.padding(toLength: 20, withPad: " ", startingAt: 0)) \(line.name) — \(state)")
                }
            }
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable an agent: they are signed out and cannot sign in.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The agent's id.") var id: String
        mutating func run() async throws {
            let (global, id) = (self.global, self.id)
            try await reportingFailures {
                try global.openStore().setAgent(AgentID(id), active: false)
                print("Agent \(id) disabled.")
            }
        }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Enable a disabled agent again.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The agent's id.") var id: String
        mutating func run() async throws {
            let (global, id) = (self.global, self.id)
            try await reportingFailures {
                try global.openStore().setAgent(AgentID(id), active: true)
                print("Agent \(id) enabled.")
            }
        }
    }
}
