import ArgumentParser
import Foundation
import KioskApp
import SyncProtocol
import TurneroStore

extension CounterCommand {
    /// `turnero counter --counter N`: the staff console (the default `counter` subcommand).
    struct Console: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "console",
            abstract: "Line-based console for counter staff: sign in, call, recall, start, finish (typed), no-show, back, transfer.")

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
                let console = CounterConsole(store: store, counter: counter) { pin, hash in PasswordHash.verify(pin, against: hash) }
                print(CounterConsole.help)
                try show(console)
                var dialog: CounterDialog?
                while true {
                    if let dialog { print(dialog.prompt(store.configuration)) }
                    print("> ", terminator: "")
                    fflush(nil)
                    guard let line = Self.readLine(hidden: dialog?.hidesInput ?? false) else { break }
                    do {
                        if let asked = dialog {
                            dialog = nil
                            let step = try console.answer(asked, String(line.prefix(200)))
                            if !step.message.isEmpty { print(step.message) }
                            dialog = step.next
                            if dialog != nil { continue }
                        } else {
                            guard let action = try CounterConsole.parse(String(line.prefix(200))) else {
                                try show(console)
                                continue
                            }
                            if action == .quit { break }
                            let step = try console.perform(action)
                            if !step.message.isEmpty { print(step.message) }
                            dialog = step.next
                            if dialog != nil { continue }
                        }
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

        /// Reads a line; with `hidden` on a terminal, without echo (a PIN), restoring the
        /// terminal's settings afterwards.
        static func readLine(hidden: Bool) -> String? {
            guard hidden, isatty(STDIN_FILENO) == 1 else { return Swift.readLine(strippingNewline: true) }
            var saved = termios()
            guard tcgetattr(STDIN_FILENO, &saved) == 0 else { return Swift.readLine(strippingNewline: true) }
            var quiet = saved
            quiet.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(STDIN_FILENO, TCSANOW, &quiet)
            defer {
                tcsetattr(STDIN_FILENO, TCSANOW, &saved)
                print("")
            }
            return Swift.readLine(strippingNewline: true)
        }
    }
}
