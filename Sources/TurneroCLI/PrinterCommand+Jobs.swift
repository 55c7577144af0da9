import ArgumentParser
import Foundation
import TurneroCore
import TurneroStore

extension PrinterCommand {
    /// `turnero printer jobs`: what was printed, what failed and why.
    struct Jobs: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List recent print jobs (tickets, reprints, coupons, test pages) with their state and errors.",
            discussion: """
                A failed ticket's turn still exists: reprint it with `turnero printer reprint LABEL`. A ticket in \
                state 'unknown' was sent but the printer never confirmed it: it may be in the customer's hand, \
                so look at the printer (and ask the customer) first, then `turnero printer verify LABEL \
                printed|not-printed`. Every open turn that needs one of these is listed after the table, \
                whatever --limit says.
                """)

        @OptionGroup var global: GlobalOptions
        @Option(help: "How many jobs, newest first (1–500).") var limit = 20
        @Flag(help: "Print JSON.") var json = false

        mutating func run() async throws {
            let (global, limit, json) = (self.global, self.limit, self.json)
            try await reportingFailures {
                guard (1...500).contains(limit) else {
                    throw CLIFailure(status: ExitStatus.usage, message: "--limit must be 1 to 500")
                }
                let store = try global.openStore()
                let jobs = try store.recentPrintJobs(limit: limit)
                if json { return try printJSON(jobs.map(JobJSON.init)) }
                if jobs.isEmpty { return print("No print jobs yet.") }
                let clock = OfficeClock(timeZone: store.configuration.resolvedTimeZone)
                print("\(pad("job", 6, right: true))  \(pad("kind", 8)) \(pad("state", 8)) \(pad("turn", 7)) tries  created           error")
                for job in jobs {
                    let turn = job.turn?.label ?? "-"
                    let error = job.lastError.map { String($0.prefix(100)) } ?? ""
                    print(
                        "\(pad(String(job.id), 6, right: true))  \(pad(job.kind.rawValue, 8)) \(pad(job.state.rawValue, 8)) \(pad(turn, 7)) \(pad(String(job.attempts), 5, right: true))  \(clock.dateTime(job.createdAt))  \(error)"
                    )
                }
                for line in Self.attention(try store.printJobsNeedingAttention()) { print(line) }
            }
        }
    }
}

extension PrinterCommand.Jobs {
    /// One line per open turn whose latest ticket needs staff: a reprint, or a look first.
    static func attention(_ jobs: [PrintJob]) -> [String] {
        guard !jobs.isEmpty else { return [] }
        var lines = ["Needs attention:"]
        for job in jobs {
            guard let label = job.turn?.label else { continue }
            switch job.state {
            case .unknown:
                lines.append(
                    "  \(label): the printer never confirmed job \(job.id); look at the printer and ask the customer, then "
                        + "`turnero printer verify \(label) printed` or `turnero printer verify \(label) not-printed`")
            default:
                lines.append("  \(label): job \(job.id) did not print; reprint it: `turnero printer reprint \(label)`")
            }
        }
        return lines
    }
}

/// `printer jobs --json`.
struct JobJSON: Encodable {
    var id: Int64
    var kind: String
    var state: String
    var turn: String?
    var turnId: String?
    var reprintOf: Int64?
    var attempts: Int
    var lastError: String?
    var createdAt: Date
    var finishedAt: Date?
    var language: String

    init(_ job: PrintJob) {
        id = job.id
        kind = job.kind.rawValue
        state = job.state.rawValue
        turn = job.turn?.label
        turnId = job.turn?.id.uuidString.lowercased()
        reprintOf = job.reprintOf
        attempts = job.attempts
        lastError = job.lastError
        createdAt = job.createdAt
        finishedAt = job.finishedAt
        language = job.language.rawValue
    }
}
