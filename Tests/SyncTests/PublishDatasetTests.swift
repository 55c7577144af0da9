import CentralServer
import CentralSQLite
import Foundation
import SyncProtocol
import TestSupport
import Testing
import TurneroCore

/// `turnero-central publish-dataset` as the README uses it: the example files the repository
/// ships publish, and an office configuration never lands on another office.
@Suite("Publishing datasets")
struct PublishDatasetTests {
    static let repository = TurneroProcess.repositoryRoot
    static let billsCSV = repository.appendingPathComponent("kiosk-scripts/data/bills.sample.csv").path
    static let billsJSON = repository.appendingPathComponent("kiosk-scripts/data/bills.sample.json").path

    @Test func officeConfigurationForAnotherOfficeIsRefusedWithItsOwnOfficeNamed() async throws {
        let directory = try TempDirectory("turnero-publish")
        defer { directory.remove() }
        let database = directory.path("central.sqlite")
        // The example configuration is med-centro's.
        let refused = try ProcessTests.Child.run(
            ProcessTests.central,
            ["publish-dataset", "--database", database, "office-config", TurneroProcess.exampleConfig, "--office", "office-12"])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("configuration of office 'med-centro', not of 'office-12'"), "\(refused.stderr)")
        #expect(refused.stderr.contains("--office med-centro"), "\(refused.stderr)")
        let storage = try SQLiteCentralStorage(path: database)
        let nothing = try await storage.dataset(name: DatasetName.officeConfig, officeId: "office-12")
        #expect(nothing == nil, "a refused file must publish nothing")
        try storage.close()

        let published = try ProcessTests.Child.run(
            ProcessTests.central,
            ["publish-dataset", "--database", database, "office-config", TurneroProcess.exampleConfig, "--office", "med-centro"])
        #expect(published.status == 0, "\(published.stderr)")
        #expect(published.stdout.contains("office-config v1"), "\(published.stdout)")
    }

    @Test func rowsRefuseAnotherOfficesConfigurationAndAcceptTheirOwn() throws {
        let data = try #require(FileManager.default.contents(atPath: TurneroProcess.exampleConfig))
        #expect(throws: CentralError.self) {
            try DatasetFile.rows(name: DatasetName.officeConfig, json: data, officeId: "office-12")
        }
        #expect(try DatasetFile.rows(name: DatasetName.officeConfig, json: data, officeId: "med-centro").count == 1)
        // Without an office the version is every office's, as documented in docs/sync.md.
        #expect(try DatasetFile.rows(name: DatasetName.officeConfig, json: data).count == 1)
    }

    /// The README publishes `kiosk-scripts/data/bills.sample.json`: it exists, the centre takes
    /// it, and it holds exactly the bills of the CSV sample the kiosk imports.
    @Test func theBillSampleTheReadmePublishesExistsAndEqualsTheCSVSample() throws {
        let json = try #require(FileManager.default.contents(atPath: Self.billsJSON), "README names bills.sample.json")
        let csv = try #require(FileManager.default.contents(atPath: Self.billsCSV))
        let fromJSON = try BillFile.parse(json).get()
        let fromCSV = try BillFile.parse(csv).get()
        #expect(fromJSON == fromCSV)
        #expect(fromJSON.count == 40)

        let directory = try TempDirectory("turnero-publish")
        defer { directory.remove() }
        let published = try ProcessTests.Child.run(
            ProcessTests.central, ["publish-dataset", "--database", directory.path("central.sqlite"), "bills", Self.billsJSON])
        #expect(published.status == 0, "\(published.stderr)")
        #expect(published.stdout.contains("bills v1: \(fromCSV.count) rows"), "\(published.stdout)")
    }
}
