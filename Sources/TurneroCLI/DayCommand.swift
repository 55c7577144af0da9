import ArgumentParser
import TurneroStore

/// `turnero day close`: end the office day by hand (it also rolls over by itself).
struct DayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "day", abstract: "Office-day operations.", subcommands: [Close.self])

    struct Close: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Close the day now: waiting turns are abandoned, counters closed.")
        @OptionGroup var global: GlobalOptions

        mutating func run() async throws {
            let global = self.global
            try await reportingFailures {
                let closed = try global.openStore().closeDay()
                print("Day closed: \(closed) open turn(s) closed.")
            }
        }
    }
}
