import ArgumentParser
import Foundation
import TurneroCore
import TurneroStore

/// `turnero bills …`: the bill cache coupons are printed from.
struct BillsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bills", abstract: "Load and inspect the bill cache payment coupons are printed from.",
        subcommands: [Import.self, Status.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Replace the bill cache with a CSV or JSON export; a file with any bad row is rejected whole.",
            discussion: """
                CSV header: account,holder_name,bill_number,total_due,due_date[,in_agreement,suspended] \\
                (amounts in whole pesos, dates YYYY-MM-DD). Example: kiosk-scripts/data/bills.sample.csv.
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The export file.") var file: String
        @Option(help: "Dataset version (default: derived from the file's contents).") var version: String?
        @Option(help: "The date the data was extracted, YYYY-MM-DD (default: today).") var asOf: String?

        mutating func run() async throws {
            let (global, file, version, asOf) = (self.global, self.file, self.version, self.asOf)
            try await reportingFailures {
                guard let data = FileManager.default.contents(atPath: file) else {
                    throw CLIFailure(status: ExitStatus.usage, message: "cannot read \(file)")
                }
                let store = try global.openStore()
                let day: LocalDay
                if let asOf {
                    guard let parsed = LocalDay(rawValue: asOf) else {
                        throw CLIFailure(status: ExitStatus.usage, message: "--as-of must be a real date as YYYY-MM-DD")
                    }
                    day = parsed
                } else {
                    day = store.day(at: Date())
                }
                switch BillFile.parse(data) {
                case .failure(let rejection):
                    var standardError = StandardError()
                    for problem in rejection.problems.prefix(50) { print("\(file): \(problem)", to: &standardError) }
                    if rejection.problems.count > 50 { print("… and \(rejection.problems.count - 50) more", to: &standardError) }
                    throw CLIFailure(
                        status: ExitStatus.usage,
                        message: "\(rejection.problems.count) bad row(s): nothing was imported, the previous bill cache is kept")
                case .success(let bills):
                    let name = version ?? "import-\(day.rawValue)-\(String(format: "%08x", data.reduce(UInt32(2166136261)) { ($0 ^ UInt32($1)) &* 16777619 }))"
                    try store.replaceBills(bills, version: name, asOf: day)
                    print("Imported \(bills.count) bill(s) as dataset \(name) (data as of \(day)).")
                }
            }
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show which bill cache is loaded.")
        @OptionGroup var global: GlobalOptions

        mutating func run() async throws {
            let global = self.global
            try await reportingFailures {
                let store = try global.openStore()
                try store.loadBillsFromDataset()  // a cache downloaded by sync counts as loaded
                guard let dataset = try store.billDataset() else {
                    return print("No bill cache loaded: coupons cannot be printed (turnero bills import FILE).")
                }
                print("Bill cache \(dataset.version): \(dataset.count) bill(s), data as of \(dataset.asOf).")
            }
        }
    }
}
