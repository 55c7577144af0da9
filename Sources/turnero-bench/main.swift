// turnero-bench: durable queue transitions and issue latency, next to raw fsync'd SQLite
// transactions on the same disk, interleaved one for one in the same run.
//
//   swift run -c release turnero-bench [--cycles N] [--raw N (warm-up)] [--dir DIR]
//
// Results and the machine go in docs/performance.md.

import Foundation
import GRDB
import TurneroCore
import TurneroStore

struct Options {
    var cycles = 2000
    var raw = 500
    var directory = FileManager.default.currentDirectoryPath + "/.build-bench"

    init(_ arguments: [String]) {
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            switch argument {
            case "--cycles": cycles = iterator.next().flatMap(Int.init) ?? cycles
            case "--raw": raw = iterator.next().flatMap(Int.init) ?? raw
            case "--dir": directory = iterator.next() ?? directory
            default:
                print("usage: turnero-bench [--cycles N] [--raw N] [--dir DIR]")
                exit(64)
            }
        }
    }
}

/// Latencies in seconds → summary figures.
struct Latencies {
    var samples: [Double] = []
    mutating func add(_ seconds: Double) { samples.append(seconds) }
    func percentile(_ p: Double) -> Double { Statistics.percentile(samples, p) ?? 0 }
    var mean: Double { samples.reduce(0, +) / Double(max(1, samples.count)) }
}

func measure(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func ms(_ seconds: Double) -> String { String(format: "%.3f ms", seconds * 1000) }

let options = Options(Array(CommandLine.arguments.dropFirst()))
let runDirectory = URL(fileURLWithPath: options.directory).appendingPathComponent(UUID().uuidString)
try FileManager.default.createDirectory(at: runDirectory, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: runDirectory) }

// The raw durable transaction: one INSERT per BEGIN IMMEDIATE … COMMIT, WAL + synchronous=FULL.
var rawConfiguration = Configuration()
rawConfiguration.prepareDatabase { db in
    try db.execute(sql: "PRAGMA journal_mode = WAL")
    try db.execute(sql: "PRAGMA synchronous = FULL")
}
let raw = try DatabaseQueue(path: runDirectory.appendingPathComponent("raw.sqlite").path, configuration: rawConfiguration)
try raw.write { try $0.execute(sql: "CREATE TABLE t (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)") }
var rawLatencies = Latencies()
var rawCount = 0
@MainActor func rawTransaction() throws {
    rawCount += 1
    let index = rawCount
    rawLatencies.add(try measure {
        try raw.write { try $0.execute(sql: "INSERT INTO t (payload) VALUES (?)", arguments: ["event \(index)"]) }
    })
}
for _ in 0..<options.raw { try rawTransaction() }  // warm-up: not counted
rawLatencies = Latencies()

// Turnero: issue → call → start → finish, each one durable transaction with its outbox event,
// each one right after a raw transaction, so both see the same disk at the same moment (a
// compiler writing to the disk meanwhile slows both, not one of them).
let configuration = OfficeConfiguration(
    officeId: "bench", officeName: "Bench",
    services: [Service(code: "pagos", prefix: "P", name: .init(es: "Pagos", en: "Payments"))],
    counters: [Counter(number: 1, services: ["pagos"])])
let database = try TurneroDatabase.create(at: runDirectory.appendingPathComponent("turnero.sqlite").path, kioskId: "bench")
let store = QueueStore(database: database, configuration: configuration)
var issue = Latencies()
var transition = Latencies()
// A realistic queue depth: 30 people waiting while the counter works.
for _ in 0..<30 { _ = try store.issueTurn(service: "pagos", preferential: false) }
for index in 0..<options.cycles {
    try rawTransaction()
    issue.add(try measure { _ = try store.issueTurn(service: "pagos", preferential: index % 4 == 0) })
    try rawTransaction()
    transition.add(try measure { _ = try store.call(counter: 1) })
    try rawTransaction()
    transition.add(try measure { _ = try store.start(counter: 1) })
    try rawTransaction()
    transition.add(try measure { _ = try store.finish(counter: 1) })
}
let all = Latencies(samples: issue.samples + transition.samples)
let cycleSeconds = all.samples.reduce(0, +)
let audit = try database.auditSequences()

print("""
    turnero-bench (\(options.cycles) cycles, each transition after one raw transaction; directory \(options.directory))

    raw durable SQLite transaction (WAL, synchronous=FULL, 1 INSERT), \(rawLatencies.samples.count) interleaved:
      mean \(ms(rawLatencies.mean))   p50 \(ms(rawLatencies.percentile(0.5)))   p99 \(ms(rawLatencies.percentile(0.99)))

    turnero issue → call → start → finish (4 durable transactions per cycle, outbox included):
      \(String(format: "%.0f", Double(options.cycles) / cycleSeconds)) cycles/s of transaction time
      transition mean \(ms(all.mean)) = \(String(format: "%.2f", all.mean / rawLatencies.mean))× raw mean; \
    p50 \(ms(all.percentile(0.5))) = \(String(format: "%.2f", all.percentile(0.5) / rawLatencies.percentile(0.5)))× raw p50 (goal ≤ 1.5×)
      issue latency  p50 \(ms(issue.percentile(0.5)))   p99 \(ms(issue.percentile(0.99)))   (goal p99 ≤ 2 ms)
      call/start/finish  p50 \(ms(transition.percentile(0.5)))   p99 \(ms(transition.percentile(0.99)))

    audit after the run: outbox \(audit.outboxCount) events, \(audit.outboxGaps) gaps; labels \(audit.labelGaps) gaps
    """)
