public import ESCPOS
public import Foundation
public import Logging
public import TurneroCore

/// What the suites share: the repository's printer profiles and example office, a quiet
/// logger. Each suite adds its own in `extension Fixtures`.
public enum Fixtures {
    /// The repository's root.
    public static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// `devices/`: one JSON profile per printer model.
    public static let devices = repository.appendingPathComponent("devices")

    /// Every profile file name without `.json`, for `@Test(arguments:)`.
    public static let profileIDs: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: devices.path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }()

    /// The catalog (tests that need it also check it loaded cleanly).
    public static let catalog: ProfileCatalog =
        (try? ProfileCatalog.load(directory: devices)) ?? ProfileCatalog(profiles: [], directory: devices.path)

    /// The profile `id` from `devices/`.
    public static func profile(_ id: String) throws -> PrinterProfile {
        try catalog.requireProfile(id: id)
    }

    /// The repository's example office configuration, as JSON.
    public static let officeJSON: Data = FileManager.default.contents(atPath: TurneroProcess.exampleConfig) ?? Data()

    /// The example office's configuration as `officeId`'s (kiosks refuse another office's).
    public static func officeJSON(officeId: String) throws -> Data {
        guard var object = try JSONSerialization.jsonObject(with: officeJSON) as? [String: Any] else {
            throw CocoaError(.fileReadCorruptFile)
        }
        object["officeId"] = officeId
        return try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    }

    /// The repository's example office (services pagos, reclamos…).
    public static let office: OfficeConfiguration = {
        do {
            return try OfficeConfiguration.load(json: officeJSON)
        } catch {
            fatalError("the example office configuration does not load: \(error)")
        }
    }()

    /// A logger that drops everything.
    public static let quiet = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
}
