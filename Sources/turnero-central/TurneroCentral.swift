import ArgumentParser
import CentralPostgres
import CentralServer
import Foundation
import Logging
import SyncProtocol

/// `turnero-central`: the central sync server and its operator commands. Thin: the work is in
/// the CentralServer library.
@main
struct TurneroCentral: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "turnero-central",
        abstract: "Turnero's central server: kiosk enrollment, event uploads, dataset downloads, dashboard, reports.",
        subcommands: [Serve.self, EnrollCode.self, PublishDataset.self, Backup.self, Stats.self, User.self])
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the server until SIGTERM or SIGINT.")
    @OptionGroup var database: DatabaseOption
    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on (0: any free port, printed on stdout).") var port = 8080
    @Option(help: "trace, debug, info, notice, warning, error or critical.") var logLevel = "info"
    @Option(help: "Requests per second allowed per kiosk.") var kioskRate: Double = 20
    @Option(help: "Requests per second allowed in total.") var globalRate: Double = 2000
    @Option(help: "Batches stored at once (more get 503 + Retry-After).") var maxIngests = 32
    @Option(help: "A kiosk heard from within this many minutes is online.") var onlineMinutes: Double = 3
    @Flag(help: "Mark the session cookie Secure (when a TLS terminator fronts the centre).") var secureCookies = false
    @Option(help: "A file holding the bearer token GET /metrics requires (default: no token).") var metricsTokenFile: String?
    @Option(help: "The centre's settings (JSON; the detractor procedure: reasons, areas, attempts, retention). See kiosk-scripts/config/central.example.json.")
    var settings: String?

    func run() async throws {
        let level = Logger.Level(rawValue: logLevel) ?? .info
        LoggingSystem.bootstrap { JSONLogHandler(label: $0, level: level) }
        let logger = Logger(label: "turnero-central")
        var configuration = CentralConfiguration()
        configuration.kioskRate = kioskRate
        configuration.kioskBurst = max(kioskRate * 3, 1)
        configuration.globalRate = globalRate
        configuration.globalBurst = max(globalRate * 2, 1)
        configuration.maxConcurrentIngests = max(1, maxIngests)
        configuration.onlineWindow = max(30, onlineMinutes * 60)
        configuration.secureCookies = secureCookies
        if let metricsTokenFile {
            guard let token = try? String(contentsOfFile: metricsTokenFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines),
                !token.isEmpty
            else { throw ValidationError("cannot read a token from \(metricsTokenFile)") }
            configuration.metricsToken = token
        }
        if let settings { configuration.callbackPolicy = try CentralSettings.load(path: settings).callbacks }
        let metrics = CentralMetrics()
        let announce: @Sendable (Int) async -> Void = { port in
            // Scripts and tests read the bound port from this line.
            FileHandle.standardOutput.write(Data("listening on \(port)\n".utf8))
        }
        if database.isPostgres {
            let postgres = try database.postgresConfiguration()
            let storage = PostgresCentralStorage(configuration: postgres, logger: logger)
            // The pool runs for as long as the server does and stops after it (graceful
            // shutdown lets in-flight batches finish first).
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await storage.run() }
                defer { group.cancelAll() }
                try await storage.migrate()
                logger.notice("storage ready", metadata: ["backend": "postgres", "database": "\(postgres.redacted)"])
                let api = CentralAPI(storage: storage, configuration: configuration, logger: logger, metrics: metrics)
                try await CentralServer(api: api, host: host, port: port, logger: logger).run(onRunning: announce)
            }
        } else {
            let storage: SQLiteCentralStorage
            do { storage = try SQLiteCentralStorage(path: database.database) } catch {
                throw ValidationError("cannot open \(database.database): \(error)")
            }
            let api = CentralAPI(storage: storage, configuration: configuration, logger: logger, metrics: metrics)
            try await CentralServer(api: api, host: host, port: port, logger: logger).run(onRunning: announce)
        }
        logger.notice("stopped")
    }
}

struct EnrollCode: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enroll-code", abstract: "Mint a one-time enrollment code for a kiosk of an office.")
    @OptionGroup var database: DatabaseOption
    @Option(help: "The office the kiosk belongs to.") var office: String
    @Option(help: "Hours the code stays valid.") var validHours: Double = 72

    func run() async throws {
        guard Identifier.isValid(office) else { throw ValidationError("office ids are 1–64 letters, digits, '-', '_' or '.'") }
        let code = EnrollmentCode.make()
        let expiry = Date().addingTimeInterval(validHours * 3600)
        try await database.withStorage { storage in
            try await storage.addEnrollmentCode(hash: EnrollmentCode.hash(EnrollmentCode.normalize(code)!), officeId: office, expiresAt: expiry)
        }
        print(code)
    }
}

struct PublishDataset: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish-dataset",
        abstract: "Publish a new version of a dataset from a JSON file.",
        discussion: """
            office-config: FILE is the office configuration (one row, key "office").
            Other datasets: FILE is a JSON array of objects, each keyed by --key-field.
            """)
    @OptionGroup var database: DatabaseOption
    @Argument(help: "Dataset name (office-config, bills).") var name: String
    @Argument(help: "JSON file.") var file: String
    @Option(help: "Publish for this office only (default: every office).") var office: String?
    @Option(help: "Field holding each row's key (array files).") var keyField = "key"

    func run() async throws {
        guard Identifier.isValid(name) else { throw ValidationError("dataset names are letters, digits, '-', '_' or '.'") }
        guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("cannot read \(file)") }
        let rows: [DatasetRow]
        do {
            rows = try DatasetFile.rows(name: name, json: data, keyField: keyField, officeId: office)
        } catch {
            throw ValidationError("\(file): \(error)")
        }
        let (name, office) = (name, office)
        let snapshot = try await database.withStorage { storage in
            try await storage.publishDataset(name: name, officeId: office, rows: rows, now: Date())
        }
        print("\(name) v\(snapshot.version): \(snapshot.rowCount) rows, checksum \(snapshot.checksum)")
    }
}

struct Backup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Copy the database to FILE, then let kiosks delete what the copy holds (archived marks).",
        discussion: "SQLite: an online copy of the file. PostgreSQL: pg_dump (custom format) of one snapshot.")
    @OptionGroup var database: DatabaseOption
    @Argument(help: "Destination file (replaced).") var destination: String

    func run() async throws {
        let destination = destination
        let moved = try await database.withStorage { storage in try await storage.backup(to: destination) }
        print("backup written to \(destination); archived marks raised for \(moved) stream(s)")
    }
}

struct Stats: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print stored event counts as JSON.")
    @OptionGroup var database: DatabaseOption
    @Option(help: "Only this kiosk.") var kiosk: String?

    func run() async throws {
        let kiosk = kiosk
        let (totals, counted) = try await database.withStorage { storage in
            (try await storage.eventTotals(kioskId: kiosk), try await storage.countedEvents(kioskId: kiosk))
        }
        let summary: [String: Int64] = ["events": totals.events, "dead_letters": totals.deadLetters, "counted": counted]
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        print(String(decoding: try encoder.encode(summary), as: UTF8.self))
    }
}
