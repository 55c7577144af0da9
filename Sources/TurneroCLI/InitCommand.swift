import ArgumentParser
import Foundation
import TurneroCore
import TurneroStore

/// `turnero init`: creates the database and installs the office configuration.
struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create the database in the state directory and install the office configuration.")

    @OptionGroup var global: GlobalOptions

    @Option(help: "This kiosk's id at the central server (default: the host name).")
    var kioskId: String?

    mutating func run() async throws {
        try await reportingFailures {
            global.bootstrapLogging()
            let source = global.configPath
            let configuration = try GlobalOptions.loadConfiguration(at: source)
            let installed = global.installedConfigPath
            try global.checkStateDirectoryOwner()
            try FileManager.default.createDirectory(
                atPath: global.stateDirectoryPath, withIntermediateDirectories: true)
            if source != installed {
                // Write-then-rename, so a crash never leaves half a configuration behind.
                let data = try Data(contentsOf: URL(fileURLWithPath: source))
                try data.write(to: URL(fileURLWithPath: installed), options: .atomic)
            }
            let kiosk = kioskId ?? ProcessInfo.processInfo.hostName
            let database = try TurneroDatabase.create(at: global.databasePath, kioskId: kiosk)
            print("Turnero is ready for \(configuration.officeName) (\(configuration.officeId)).")
            print("  database:      \(database.path)")
            print("  configuration: \(installed)")
            print("  kiosk id:      \(database.identity.kioskId)")
            print("  services:      \(configuration.services.map(\.code.rawValue).joined(separator: ", "))")
        }
    }
}
