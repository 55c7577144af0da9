import ArgumentParser
import Foundation
import KioskApp
import TurneroStore

extension CounterCommand {
    /// `turnero counter --counter N`: the staff console (the default `counter` subcommand).
    struct Console: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "console",
            abstract: "Line-based console for counter staff: call, recall, start, finish, no-show, back, transfer.")

        @OptionGroup var global: GlobalOptions
        @Option(help: "The counter number.") var counter: Int

        mutating func run() async throws {
            let global = self.global
            let counter = self.counter
            try await reportingFailures {
                let store = try global.openStore()
                guard store.configuration.counter(counter) != nil else {
                    throw CLIFailure(status: ExitStatus.usage, message: "módulo desconocido / unknown counter \(counter)")
                }
                let console = CounterConsole(store: store, counter: counter)
                print(CounterConsole.help)
                try show(console)
                while true {
                    print("> ", terminator: "")
                    fflush(nil)
                    guard let line = readLine(strippingNewline: true) else { break }
                    do {
                        guard let action = try CounterConsole.parse(String(line.prefix(200))) else {
                            try show(console)
                            continue
                        }
                        if action == .quit { break }
                        let message = try console.perform(action)
                        if !message.isEmpty { print(message) }
                    } catch let error as CounterConsoleError {
                        print("? \(error.description)")
                    } catch let error as StoreError where !error.isStorageFailure {
                        print("! \(CounterConsole.staffMessage(error))")
                    }
                    try show(console)
                }
            }
        }

        private func show(_ console: CounterConsole) throws {
            print(try console.statusLines().joined(separator: "\n"))
        }
    }
}
