import CentralServer
import CentralSQLite
import Foundation
import GRDB
import Logging
import Synchronization
import SyncClient
import SyncProtocol
import TestSupport
import TurneroCore
import TurneroStore

/// A fresh temporary directory, removed by `remove()`.
struct TempDirectory: Sendable {
    let url: URL

    init(_ prefix: String = "turnero-sync") throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
    func remove() { try? FileManager.default.removeItem(at: url) }
}

enum Fixtures {
    /// The repository's example office (services pagos, reclamos…).
    static let office: OfficeConfiguration = {
        let data = FileManager.default.contents(atPath: TurneroProcess.exampleConfig)!
        return try! OfficeConfiguration.load(json: data)
    }()

    static let officeJSON: Data = FileManager.default.contents(atPath: TurneroProcess.exampleConfig)!

    /// A logger that drops everything (tests that check logs use ``LogCapture``).
    static let quiet = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    static func syncConfiguration(_ directory: String) -> SyncConfiguration {
        var configuration = SyncConfiguration(stateDirectory: directory)
        configuration.retention = 0
        configuration.backoff = Backoff(base: 0.01, cap: 0.05)
        configuration.interval = 0.05
        configuration.requestTimeout = 5
        return configuration
    }

    /// Limits for tests: no rate limiting unless a test asks for it.
    static var permissive: CentralConfiguration {
        var configuration = CentralConfiguration()
        configuration.kioskRate = 1_000_000
        configuration.kioskBurst = 1_000_000
        configuration.globalRate = 1_000_000
        configuration.globalBurst = 1_000_000
        return configuration
    }
}

/// A kiosk: its state directory, database and queue store.
final class TestKiosk: @unchecked Sendable {  // mutated only by the test's own task
    let id: String
    let directory: String
    var database: TurneroDatabase
    var store: QueueStore

    init(id: String, in parent: TempDirectory) throws {
        self.id = id
        directory = parent.path(id)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        database = try TurneroDatabase.create(at: directory + "/turnero.sqlite", kioskId: id)
        store = QueueStore(database: database, configuration: Fixtures.office)
    }

    /// Reopens the database, as a restarted process would.
    func reopen() throws {
        database = try TurneroDatabase.open(at: directory + "/turnero.sqlite")
        store = QueueStore(database: database, configuration: Fixtures.office)
    }

    /// Issues `count` turns (one event each).
    func issue(_ count: Int) throws {
        for index in 0..<count {
            _ = try store.issueTurn(service: index % 3 == 0 ? "reclamos" : "pagos", preferential: index % 5 == 0)
        }
    }

    /// Every event still in the outbox.
    func outbox() throws -> [OutboxEntry] { try store.outboxEntries(from: 1, limit: 1_000_000) }

    func sync(transport: any SyncTransport, logger: Logger = Fixtures.quiet) throws -> KioskSync {
        guard let credentials = try SyncCredentials.load(stateDirectory: directory) else { throw SyncError(.notEnrolled, "no credentials") }
        return try KioskSync(
            database: database, credentials: credentials, configuration: Fixtures.syncConfiguration(directory),
            transport: transport, logger: logger)
    }

    /// Enrolls through `transport` with a fresh code for `office`.
    /// - Parameter bound: the code is minted for this kiosk id (it may re-enroll an enrolled kiosk).
    func enroll(
        storage: any CentralStorage, transport: any SyncTransport, server: String = "http://127.0.0.1:1", office: String = "office-1",
        bound: Bool = false
    ) async throws {
        let code = EnrollmentCode.make()
        try await storage.addEnrollmentCode(
            hash: EnrollmentCode.hash(EnrollmentCode.normalize(code)!), officeId: office, kioskId: bound ? id : nil,
            expiresAt: Date().addingTimeInterval(3600))
        _ = try await Enrollment.enroll(server: server, code: code, kioskId: id, stateDirectory: directory, transport: transport)
    }
}

/// Calls a ``CentralAPI`` directly (no sockets), inflating gzip answers like HTTP would.
struct InProcessTransport: SyncTransport {
    let api: @Sendable () -> CentralAPI

    init(_ api: CentralAPI) { self.api = { api } }
    init(resolving api: @escaping @Sendable () -> CentralAPI) { self.api = api }

    func send(_ request: SyncHTTPRequest) async throws -> SyncHTTPResponse {
        var headers: [String: String] = ["accept-encoding": "gzip"]
        for (name, value) in request.headers { headers[name] = value }
        let answer = await api().respond(to: APIRequest(method: request.method, target: request.target, headers: headers, body: request.body))
        var responseHeaders: [String: String] = [:]
        for field in answer.headers { responseHeaders[field.name.canonicalName] = field.value }
        var body = answer.body
        if responseHeaders["content-encoding"] == "gzip" { body = try Gzip.decompress(body, limit: 1 << 30) }
        return SyncHTTPResponse(status: answer.status.code, headers: responseHeaders, body: body)
    }
}

/// A transport failure injected by a test.
struct InjectedFault: Error, CustomStringConvertible {
    var description: String
}

/// A central server on 127.0.0.1 (real HTTP, Hummingbird), run in this process.
final class RunningServer: Sendable {
    let api: CentralAPI
    let storage: SQLiteCentralStorage
    let port: Int
    private let task: Task<Void, any Error>

    var url: String { "http://127.0.0.1:\(port)" }

    private init(api: CentralAPI, storage: SQLiteCentralStorage, port: Int, task: Task<Void, any Error>) {
        self.api = api
        self.storage = storage
        self.port = port
        self.task = task
    }

    static func start(
        database: String, configuration: CentralConfiguration = Fixtures.permissive, logger: Logger = Fixtures.quiet,
        clock: @escaping @Sendable () -> Date = { Date() }
    ) async throws -> RunningServer {
        let storage = try SQLiteCentralStorage(path: database)
        let api = CentralAPI(storage: storage, configuration: configuration, logger: logger, clock: clock)
        let server = CentralServer(api: api, host: "127.0.0.1", port: 0, logger: logger)
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let application = try server.makeApplication { port in continuation.yield(port) }
        let task = Task { try await application.run() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw InjectedFault(description: "server did not start") }
        return RunningServer(api: api, storage: storage, port: port, task: task)
    }

    func stop() async {
        task.cancel()
        _ = await task.result
    }
}

/// Collects log entries (level, message, metadata) for assertions.
final class LogCapture: Sendable {
    struct Entry: Sendable {
        var level: Logger.Level
        var message: String
        var metadata: [String: String]
    }

    let entries = Mutex<[Entry]>([])

    var logger: Logger {
        Logger(label: "capture") { _ in Handler(capture: self) }
    }

    var all: [Entry] { entries.withLock { $0 } }

    struct Handler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            var flat: [String: String] = [:]
            for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }) { flat[key] = "\(value)" }
            let entry = Entry(level: event.level, message: "\(event.message)", metadata: flat)
            capture.entries.withLock { $0.append(entry) }
        }
    }
}

/// A value shared between tasks, behind a mutex (a class, so closures can capture it).
final class Locked<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>

    init(_ value: Value) { mutex = Mutex(value) }

    func withLock<T: Sendable>(_ body: (inout Value) -> T) -> T { mutex.withLock { body(&$0) } }

    var value: Value { withLock { $0 } }
}
