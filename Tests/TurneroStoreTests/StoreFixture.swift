import Foundation
import TurneroCore
import TurneroStore

/// A real SQLite file in a fresh temporary directory, with a clock the test moves.
final class StoreFixture: @unchecked Sendable {  // `now` is guarded by `lock`
    let directory: URL
    let configuration: OfficeConfiguration
    private let lock = NSLock()
    private var current: Date

    init(configuration: OfficeConfiguration = StoreFixture.office, start: Date = StoreFixture.morning) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("turnero-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        self.configuration = configuration
        self.current = start
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    var path: String { directory.appendingPathComponent("turnero.sqlite").path }

    var now: Date {
        lock.lock()
        defer { lock.unlock() }
        return current
    }

    func advance(minutes: Double) {
        lock.lock()
        current = current.addingTimeInterval(minutes * 60)
        lock.unlock()
    }

    func set(_ date: Date) {
        lock.lock()
        current = date
        lock.unlock()
    }

    /// Opens (creating on first use) the database: each call is like a new process.
    func store() throws -> QueueStore {
        let database = try TurneroDatabase.create(at: path, kioskId: "kiosk-test")
        return QueueStore(database: database, configuration: configuration, clock: { self.now })
    }

    /// 2026-11-17 08:00 in Bogotá.
    static let morning = Date(timeIntervalSince1970: 1_794_920_400)

    static let office = OfficeConfiguration(
        officeId: "test", officeName: "Oficina de prueba",
        services: [
            Service(code: "pagos", prefix: "P", name: .init(es: "Pagos", en: "Payments"), targetWaitMinutes: 10),
            Service(code: "reclamos", prefix: "R", name: .init(es: "Reclamos", en: "Claims")),
        ],
        counters: [Counter(number: 1, services: ["pagos"]), Counter(number: 2, services: ["pagos", "reclamos"])],
        ordering: OrderingRule(preferential: 1, normal: 2, maxWaitMinutes: 40))
}
