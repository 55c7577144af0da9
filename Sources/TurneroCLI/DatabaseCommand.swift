import ArgumentParser
import Foundation
import TurneroCore
import TurneroStore

/// `turnero db …`: checks for technicians.
struct DatabaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db", abstract: "Database checks and the sync outbox.", subcommands: [Check.self, Outbox.self])

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check integrity, durability settings and that the outbox has no gap.")
        @OptionGroup var global: GlobalOptions

        mutating func run() async throws {
            let global = self.global
            try await reportingFailures {
                global.bootstrapLogging()
                let database = try global.openDatabase()
                let integrity = try database.integrityCheck()
                let settings = try database.durabilitySettings()
                let audit = try database.auditSequences()
                print("database:    \(database.path)")
                print("kiosk id:    \(database.identity.kioskId)  epoch \(database.identity.dbEpoch)")
                print("integrity:   \(integrity.joined(separator: "; "))")
                print("journal:     \(settings.journalMode), synchronous=\(settings.synchronous == 2 ? "FULL" : String(settings.synchronous)), auto_vacuum=\(settings.autoVacuum == 2 ? "INCREMENTAL" : String(settings.autoVacuum))")
                print("outbox:      \(audit.outboxCount) events, seq \(audit.outboxFirst.map(String.init) ?? "—")…\(audit.outboxLast.map(String.init) ?? "—"), \(audit.outboxGaps) gap(s)")
                print("labels:      \(audit.labelCount) turns, \(audit.labelGaps) gap(s), \(audit.labelDuplicates) duplicate(s)")
                guard integrity == ["ok"], audit.isSound else {
                    throw CLIFailure(status: ExitStatus.corrupt, message: "the database check found problems")
                }
            }
        }
    }

    struct Outbox: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print outbox events (what sync uploads).")
        @OptionGroup var global: GlobalOptions
        @Option(help: "First sequence number.") var from: Int64 = 1
        @Option(help: "How many events at most.") var limit: Int = 100

        mutating func run() async throws {
            let global = self.global
            let from = self.from
            let limit = self.limit
            try await reportingFailures {
                let store = try global.openStore()
                for entry in try store.outboxEntries(from: from, limit: limit) {
                    print("\(entry.seq)\t\(entry.state.rawValue)\t\(entry.event.day)\t\(entry.payloadJSON)")
                }
            }
        }
    }
}
