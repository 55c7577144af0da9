public import ArgumentParser

/// The `turnero` command: the kiosk host's command line.
public struct Turnero: AsyncParsableCommand {
    /// The software version (`turnero --version`, heartbeats to the centre).
    public static let version = "0.2.0"

    public static let configuration = CommandConfiguration(
        commandName: "turnero",
        abstract: "Turnero: queue tickets, counters, ratings and reports for a customer-service office.",
        discussion: """
            Every command takes --state-dir DIR (where the database lives) and --config FILE (the \
            office configuration). Start with `turnero init --config office.json`.
            """,
        version: Turnero.version,
        subcommands: [
            InitCommand.self, TurnCommand.self, CounterCommand.self, RateCommand.self,
            CallbacksCommand.self, ReportCommand.self, DayCommand.self, DatabaseCommand.self,
            PrinterCommand.self, KioskCommand.self, RateTerminalCommand.self, BoardCommand.self, BillsCommand.self,
            CouponCommand.self, StaffCommand.self, EscalationsCommand.self,
            SyncCommand.self, StatusCommand.self,
        ]
    )

    public init() {}

    /// Entry point: lets the global options also come before the subcommand
    /// (`turnero --state-dir DIR turn issue …`), then parses and runs.
    public static func main() async {
        let arguments = GlobalOptions.movingLeadingGlobalOptions(Array(CommandLine.arguments.dropFirst()))
        do {
            var command = try await asyncParseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
