import ArgumentParser
import Foundation
import TurneroCore
import TurneroStore

/// `turnero rate`: record a customer's 1–10 rating.
struct RateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rate", abstract: "Record the customer's rating (1–10) of a served turn.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "The label on the ticket (P-027) or the turn id.") var turn: String
    @Option(help: "The score, a whole number from 1 to 10.") var score: String
    @Flag(help: "Print JSON.") var json = false

    mutating func run() async throws {
        let turnText = turn
        let scoreText = score
        let json = self.json
        let global = self.global
        try await reportingFailures {
            guard let value = RatingScore(parsing: scoreText) else {
                throw CLIFailure(
                    status: ExitStatus.usage,
                    message: "the score must be a whole number from 1 to 10 (got '\(scoreText.prefix(20))')")
            }
            let lookup = try parseLookup(turnText)
            let store = try global.openStore()
            let rating = try store.rate(lookup, score: value)
            if json {
                struct Answer: Encodable {
                    var turn: String; var label: String; var score: Int; var category: String
                    var callbackId: String?; var callbackDeadline: Date?
                }
                return try printJSON(Answer(
                    turn: rating.turn.id.uuidString.lowercased(), label: rating.turn.label, score: value.value,
                    category: rating.category.rawValue, callbackId: rating.callback?.id.uuidString.lowercased(),
                    callbackDeadline: rating.callback?.deadline))
            }
            print("\(rating.turn.label) rated \(value.value) (\(rating.category.rawValue)).")
            if let callback = rating.callback {
                let clock = OfficeClock(timeZone: store.configuration.resolvedTimeZone)
                print("Detractor: call-back opened, due \(clock.dateTime(callback.deadline)).")
            }
        }
    }
}

/// `turnero callbacks`: the detractor call-backs still open.
struct CallbacksCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "callbacks", abstract: "List open detractor call-backs, or close one.",
        subcommands: [List.self, Close.self, Contact.self], defaultSubcommand: List.self)

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Open call-backs, earliest deadline first.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Print JSON.") var json = false

        mutating func run() async throws {
            let global = self.global
            let json = self.json
            try await reportingFailures {
                let store = try global.openStore()
                let callbacks = try store.openCallbacks()
                if json {
                    struct Entry: Encodable {
                        var id: String; var turn: String; var label: String; var service: String
                        var score: Int; var openedAt: Date; var deadline: Date; var overdue: Bool
                    }
                    let now = Date()
                    return try printJSON(callbacks.map {
                        Entry(
                            id: $0.id.uuidString.lowercased(), turn: $0.turn.id.uuidString.lowercased(),
                            label: $0.turn.label, service: $0.turn.service.rawValue, score: $0.score,
                            openedAt: $0.openedAt, deadline: $0.deadline, overdue: $0.isOverdue(at: now))
                    })
                }
                if callbacks.isEmpty { return print("No open call-backs.") }
                let clock = OfficeClock(timeZone: store.configuration.resolvedTimeZone)
                for callback in callbacks {
                    let overdue = callback.isOverdue(at: Date()) ? "  OVERDUE" : ""
                    // The number masked: `turnero callbacks contact --id ID` shows it to whoever calls.
                    let phone = try store.callbackContact(callback.id).map { "  phone \($0.masked)" } ?? "  no phone given"
                    print("\(callback.id.uuidString.lowercased())  \(pad(callback.turn.label, 7)) score \(pad(String(callback.score), 2, right: true))  due \(clock.dateTime(callback.deadline))\(phone)\(overdue)")
                }
            }
        }
    }

    struct Close: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record the outcome of a call-back.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "The call-back id.") var id: String
        @Option(help: "resolved, escalated, technical-visit, contacted or not-contacted.") var outcome: String

        mutating func run() async throws {
            let global = self.global
            let idText = id
            let outcomeText = outcome
            try await reportingFailures {
                guard let uuid = UUID(uuidString: idText) else {
                    throw CLIFailure(status: ExitStatus.usage, message: "'\(idText.prefix(40))' is not a call-back id")
                }
                guard let result = CallbackOutcome(rawValue: outcomeText) else {
                    throw CLIFailure(
                        status: ExitStatus.usage, message: "outcome must be one of \(CallbackOutcome.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                let callback = try global.openStore().closeCallback(uuid, outcome: result)
                print("Call-back for \(callback.turn.label) closed: \(result.rawValue).")
            }
        }
    }

    struct Contact: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the number a detractor gave, to call them back (offices without a centre).",
            discussion: "The customer consented to be called about this visit only. The number is erased when the call-back closes plus the office's retention (rating.contactRetentionDays).")
        @OptionGroup var global: GlobalOptions
        @Option(help: "The call-back id.") var id: String

        mutating func run() async throws {
            let global = self.global
            let idText = id
            try await reportingFailures {
                guard let uuid = UUID(uuidString: idText) else {
                    throw CLIFailure(status: ExitStatus.usage, message: "'\(idText.prefix(40))' is not a call-back id")
                }
                guard let phone = try global.openStore().callbackContact(uuid) else {
                    throw CLIFailure(
                        status: ExitStatus.refused,
                        message: "no number for this call-back here (the customer gave none, it was sent to the centre, or it was erased)")
                }
                print(phone.formatted)
            }
        }
    }
}
