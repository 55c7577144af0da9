import ArgumentParser
import Foundation
import SyncProtocol
import TurneroCore

/// `turnero-central staff hash-pin`: the PIN hash for the `staff` dataset (issue 16). Offices'
/// agents are published as a dataset — a JSON array of `{id, name, pinHash, active}` — with
/// `turnero-central publish-dataset staff --office ID FILE`; a clear PIN is refused there.
struct Staff: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Agents who sign in at counters: hash a PIN for the staff dataset.", subcommands: [HashPIN.self])

    struct HashPIN: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "hash-pin", abstract: "Read a PIN (4–8 digits) from standard input and print its PBKDF2 hash.")
        @Option(help: .hidden) var pbkdf2Rounds = PasswordHash.defaultRounds

        func run() async throws {
            guard let pin = readLine(strippingNewline: true), AgentPIN.isWellFormed(pin) else {
                throw ValidationError("give the PIN (4 to 8 digits) on standard input")
            }
            print(try PasswordHash.make(pin, rounds: max(PasswordHash.minimumRounds, pbkdf2Rounds)))
        }
    }
}
