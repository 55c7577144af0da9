import ArgumentParser
import Foundation
import Logging
import SyncClient
import TurneroStore

/// `turnero sync …`: enrollment with the central server and uploads/downloads by hand.
struct SyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync", abstract: "Sync with the central server: enroll, sync once, or keep syncing.",
        subcommands: [Enroll.self, Once.self, Run.self, Unblock.self, Rekey.self, Trust.self])

    /// Exit statuses beyond ExitStatus: the centre is unreachable (try later), the credential was refused.
    enum Status {
        static let unavailable: Int32 = 69
        static let blocked: Int32 = 1
        static let noPermission: Int32 = 77
    }

    struct Enroll: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Enroll this kiosk with a one-time code from the centre.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "The centre's URL, e.g. https://central.example:8443.") var server: String
        @Option(help: "The one-time code (turnero-central enroll-code).") var code: String
        @OptionGroup var trust: TrustOptions

        mutating func run() async throws {
            let global = self.global
            let server = self.server
            let code = self.code
            let trust = self.trust
            try await reportingFailures {
                global.bootstrapLogging()
                let database = try global.openDatabase()
                let centreTrust = try trust.centreTrust()
                let credentials = try await SyncCommand.mapping {
                    try await Enrollment.enroll(
                        server: server, code: code, kioskId: database.identity.kioskId,
                        stateDirectory: global.stateDirectoryPath, trust: centreTrust)
                }
                print("enrolled \(credentials)")
            }
        }
    }

    struct Once: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Upload every pending event, refresh the datasets, compact; then exit.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Events per batch.") var batchSize: Int = 250
        @Flag(help: "Print the result as JSON.") var json = false

        mutating func run() async throws {
            let global = self.global
            let batchSize = self.batchSize
            let json = self.json
            try await reportingFailures {
                global.bootstrapLogging()
                try global.checkStateDirectoryOwner()
                // With the office's store, call-back closures from the centre are recorded and
                // detractors' numbers sent; without a configuration, events still go up.
                let office = try? global.openStore()
                let sync = try await SyncCommand.mapping { try SyncSetup.kioskSync(global, office: office) }
                let report = try await SyncCommand.mapping { try await sync.syncOnce(batchSize: max(1, batchSize)) }
                if json {
                    try printJSON([
                        "uploaded": report.uploaded, "rounds": report.rounds, "rewinds": report.rewinds,
                        "compacted": report.compacted,
                    ])
                } else {
                    let datasets = report.datasets.sorted { $0.key < $1.key }.map { "\($0.key) v\($0.value)" }
                    print("uploaded \(report.uploaded) event(s) in \(report.rounds) request(s)"
                        + (datasets.isEmpty ? "" : "; applied \(datasets.joined(separator: ", "))"))
                }
            }
        }
    }

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Keep syncing until SIGTERM or SIGINT (what `turnero kiosk` runs in the background).")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Seconds between rounds once caught up.") var interval: Double = 30
        @Option(help: "Longest wait between retries, seconds.") var maxBackoff: Double = 300
        @Option(help: "Most events per batch.") var batchSize: Int = 250

        mutating func run() async throws {
            let global = self.global
            let interval = self.interval
            let maxBackoff = self.maxBackoff
            let batchSize = self.batchSize
            try await reportingFailures {
                global.bootstrapLogging(defaultLevel: .info)
                try global.checkStateDirectoryOwner()
                var configuration = SyncConfiguration(stateDirectory: global.stateDirectoryPath)
                configuration.interval = max(0.05, interval)
                configuration.backoff = Backoff(base: min(1, max(0.01, maxBackoff)), cap: max(0.01, maxBackoff))
                configuration.batchSize = max(1, batchSize)
                let office = try? global.openStore()
                let sync = try await SyncCommand.mapping { try SyncSetup.kioskSync(global, configuration: configuration, office: office) }
                try await SyncService(sync: sync, logger: Logger(label: "turnero.sync")).runUntilSignalled()
            }
        }
    }

    struct Unblock: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Clear a stop (seq_conflict, refused credential) after dealing with its cause.")
        @OptionGroup var global: GlobalOptions

        mutating func run() async throws {
            let global = self.global
            try await reportingFailures {
                global.bootstrapLogging()
                let database = try global.openDatabase()
                try database.clearSyncBlock()
                print("sync unblocked")
            }
        }
    }

    struct Rekey: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Move this kiosk to a new Ed25519 signing key (kiosks enrolled with a shared secret: run once).",
            discussion: "Safe to run again if interrupted: the new key is kept until the centre confirmed it.")
        @OptionGroup var global: GlobalOptions

        mutating func run() async throws {
            let global = self.global
            try await reportingFailures {
                global.bootstrapLogging()
                let sync = try await SyncCommand.mapping { try SyncSetup.kioskSync(global) }
                let credentials = try await SyncCommand.mapping { try await sync.rekey(stateDirectory: global.stateDirectoryPath) }
                print("signing key replaced: \(credentials)")
            }
        }
    }

    struct Trust: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change how the centre's certificate is checked (a new CA, a new pin, or the system's roots).")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var trust: TrustOptions
        @Option(help: "Also change the centre's URL.") var server: String?

        mutating func run() async throws {
            let global = self.global
            let trust = self.trust
            let server = self.server
            try await reportingFailures {
                global.bootstrapLogging()
                guard var credentials = try SyncCredentials.load(stateDirectory: global.stateDirectoryPath) else {
                    throw CLIFailure(status: ExitStatus.configuration, message: "this kiosk is not enrolled", hint: nil)
                }
                let centreTrust = try trust.centreTrust()
                credentials.trust = centreTrust == CentreTrust() ? nil : centreTrust
                if let server { credentials.server = server }
                _ = try await SyncCommand.mapping { try credentials.transport(timeout: 10) }
                try await SyncCommand.mapping { try credentials.save(stateDirectory: global.stateDirectoryPath) }
                print("trust updated: \(credentials.server)" + (centreTrust.caPEM != nil ? " (pinned CA)" : centreTrust.pinSHA256 != nil ? " (pinned key)" : " (system roots)"))
            }
        }
    }

    /// How the centre's certificate is checked, as options.
    struct TrustOptions: ParsableArguments {
        @Option(help: "PEM file of the CA (or self-signed certificate) the centre's certificate must chain to.")
        var caFile: String?
        @Option(help: "Base64 SHA-256 of the public key of the centre's CA or self-signed certificate.")
        var pinSha256: String?
        @Flag(help: "Allow plain http to a host that is not loopback (development only).")
        var insecureHttp = false

        func centreTrust() throws -> CentreTrust {
            var pem: String?
            if let caFile {
                guard let data = FileManager.default.contents(atPath: caFile) else {
                    throw CLIFailure(status: ExitStatus.configuration, message: "cannot read \(caFile)", hint: nil)
                }
                pem = String(decoding: data, as: UTF8.self)
            }
            let trust = CentreTrust(caPEM: pem, pinSHA256: pinSha256, allowInsecureHTTP: insecureHttp)
            if let problem = trust.problem { throw CLIFailure(status: ExitStatus.configuration, message: problem, hint: nil) }
            return trust
        }
    }

    /// Runs `body`, turning a `SyncError` into a CLI failure with its exit status.
    static func mapping<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as SyncError {
            let status: Int32
            var hint: String?
            switch error.code {
            case .notEnrolled:
                status = ExitStatus.configuration
                hint = "turnero-central enroll-code --office ID prints a code"
            case .credentials, .enrollment: status = Status.noPermission
            case .blocked:
                status = Status.blocked
                hint = "`turnero status` shows why; `turnero sync unblock` once it is dealt with"
            case .store: status = ExitStatus.io
            default: status = Status.unavailable
            }
            throw CLIFailure(status: status, message: error.message, hint: hint)
        }
    }
}
