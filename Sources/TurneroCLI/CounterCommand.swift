import ArgumentParser
import Foundation
import TurneroCore
import TurneroStore

/// `turnero counter …`: what staff at a counter do.
struct CounterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "counter",
        abstract: "Call, recall, start, finish, no-show, send back or transfer turns at a counter.",
        subcommands: [
            Console.self, Call.self, Recall.self, Start.self, Finish.self, NoShow.self, Back.self, Transfer.self,
            Open.self, Close.self, Status.self,
        ],
        defaultSubcommand: Console.self)

    /// Options shared by every counter action.
    struct CounterOptions: ParsableArguments {
        @OptionGroup var global: GlobalOptions
        @Option(help: "The counter number.") var counter: Int
        @Flag(help: "Print the turn as JSON.") var json = false
    }

    /// Runs an action on the counter's turn and prints the outcome.
    static func perform(
        _ options: CounterOptions, _ verb: String, _ action: (QueueStore, Int) throws -> Turn
    ) async throws {
        try await reportingFailures {
            let store = try options.global.openStore()
            let turn = try action(store, options.counter)
            if options.json { return try printJSON(TurnJSON(turn)) }
            print("Counter \(options.counter): \(turn.label) \(verb).")
        }
    }

    struct Call: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Call the next turn by the ordering rule.")
        @OptionGroup var options: CounterOptions

        mutating func run() async throws {
            let options = self.options
            try await reportingFailures {
                let store = try options.global.openStore()
                let called = try store.call(counter: options.counter)
                if options.json {
                    struct Answer: Encodable { var turn: TurnJSON; var reason: String }
                    return try printJSON(Answer(turn: TurnJSON(called.turn), reason: called.reason.rawValue))
                }
                let name = store.configuration.service(called.turn.service)?.name.es ?? called.turn.service.rawValue
                let mark = called.turn.preferential ? ", preferencial" : ""
                print("Counter \(options.counter) calls \(called.turn.label) (\(name)\(mark)).")
            }
        }
    }

    struct Recall: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Call the current turn again.")
        @OptionGroup var options: CounterOptions
        mutating func run() async throws {
            try await perform(options, "called again") { try $0.recall(counter: $1) }
        }
    }

    struct Start: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The called customer arrived: start service.")
        @OptionGroup var options: CounterOptions
        mutating func run() async throws {
            try await perform(options, "in service") { try $0.start(counter: $1) }
        }
    }

    struct Finish: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Finish the turn in service.")
        @OptionGroup var options: CounterOptions
        @Option(help: "resolved, pending or referred.") var outcome: String = "resolved"

        mutating func run() async throws {
            guard let result = ServiceOutcome(rawValue: outcome), result != .unrecorded else {
                printError("unknown outcome '\(outcome.prefix(40))'; use resolved, pending or referred")
                throw ExitCode(ExitStatus.usage)
            }
            try await perform(options, "served (\(result.rawValue))") { try $0.finish(counter: $1, outcome: result) }
        }
    }

    struct NoShow: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "no-show", abstract: "The called customer did not come.")
        @OptionGroup var options: CounterOptions
        mutating func run() async throws {
            try await perform(options, "marked as no-show") { try $0.noShow(counter: $1) }
        }
    }

    struct Back: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send the called turn back to the queue (its arrival time is kept).")
        @OptionGroup var options: CounterOptions
        mutating func run() async throws {
            try await perform(options, "back in the queue") { try $0.returnToQueue(counter: $1) }
        }
    }

    struct Transfer: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Transfer the turn in service to another service (its arrival time is kept).")
        @OptionGroup var options: CounterOptions
        @Option(help: "The service code to transfer to.") var service: String
        mutating func run() async throws {
            let target = ServiceCode(service)
            try await perform(options, "transferred to \(service)") { try $0.transfer(counter: $1, to: target) }
        }
    }

    struct Open: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Open the counter (calling also opens it).")
        @OptionGroup var options: CounterOptions
        mutating func run() async throws {
            let options = self.options
            try await reportingFailures {
                try options.global.openStore().openCounter(options.counter)
                print("Counter \(options.counter) is open.")
            }
        }
    }

    struct Close: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Close the counter.")
        @OptionGroup var options: CounterOptions
        mutating func run() async throws {
            let options = self.options
            try await reportingFailures {
                try options.global.openStore().closeCounter(options.counter)
                print("Counter \(options.counter) is closed.")
            }
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the counter's current turn and who waits for it.")
        @OptionGroup var options: CounterOptions
        mutating func run() async throws {
            let options = self.options
            try await reportingFailures {
                let store = try options.global.openStore()
                let current = try store.currentTurn(counter: options.counter)
                let waiting = try store.waitingTurns(counter: options.counter)
                if options.json {
                    struct Answer: Encodable { var current: TurnJSON?; var waiting: [TurnJSON] }
                    return try printJSON(Answer(current: current.map(TurnJSON.init), waiting: waiting.map(TurnJSON.init)))
                }
                if let current {
                    print("Counter \(options.counter): \(current.label) \(current.state.rawValue).")
                } else {
                    print("Counter \(options.counter): free.")
                }
                print("Waiting: \(waiting.isEmpty ? "nobody" : waiting.map(\.label).joined(separator: " "))")
            }
        }
    }
}
