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
        subcommands: [Serve.self, EnrollCode.self, Kiosk.self, PublishDataset.self, Backup.self, Restore.self, Stats.self, User.self, Staff.self])
}

struct PublishDataset: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish-dataset",
        abstract: "Publish a new version of a dataset from a JSON file.",
        discussion: """
            office-config: FILE is the office configuration (one row, key "office").
            staff: FILE is a JSON array of agents {id, name, pinHash, active}; pinHash from \
            `turnero-central staff hash-pin` (a clear PIN is refused).
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
