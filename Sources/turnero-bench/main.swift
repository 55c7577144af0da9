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

/// This thread's CPU time so far, in seconds: (user, system).
func threadCPU() -> (user: Double, system: Double) {
    var usage = rusage()
    getrusage(__rusage_who_t(1), &usage)  // RUSAGE_THREAD (Linux), not exported to Swift
    func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
    return (seconds(usage.ru_utime), seconds(usage.ru_stime))
}

/// CPU seconds spent inside `measure`, by kind ("raw", "turnero"), user and system apart: what
/// is left of a transaction's time once the wait for the disk is taken out.
var cpuSpent: [String: (user: Double, system: Double)] = [:]

@MainActor func measure(_ kind: String, _ body: () throws -> Void) rethrows -> Double {
    let cpu = threadCPU()
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    let after = threadCPU()
    cpuSpent[kind, default: (0, 0)].user += after.user - cpu.user
    cpuSpent[kind, default: (0, 0)].system += after.system - cpu.system
    return elapsed
}

func ms(_ seconds: Double) -> String { String(format: "%.3f ms", seconds * 1000) }

@MainActor func cpu(_ kind: String, _ count: Int) -> String {
    let spent = cpuSpent[kind] ?? (0, 0)
    return "\(ms(spent.user / Double(max(1, count)))) + \(ms(spent.system / Double(max(1, count))))"
}

let options = Options(Array(CommandLine.arguments.dropFirst()))
let runDirectory = URL(fileURLWithPath: options.directory).appendingPathComponent(UUID().uuidString)
try FileManager.default.createDirectory(at: runDirectory, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: runDirectory) }

// The raw durable transaction: one INSERT per BEGIN IMMEDIATE … COMMIT, WAL + synchronous=FULL,
// its statement prepared once (as the store's are), so it is the cheapest durable commit GRDB
// can make on this disk.
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
    rawLatencies.add(try measure("raw") {
        try raw.write { try $0.cachedStatement(sql: "INSERT INTO t (payload) VALUES (?)").execute(arguments: ["event \(index)"]) }
    })
}
for _ in 0..<options.raw { try rawTransaction() }  // warm-up: not counted
rawLatencies = Latencies()
cpuSpent = [:]

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
var byKind: [String: Latencies] = [:]
// A realistic queue depth: 30 people waiting while the counter works.
for _ in 0..<30 { _ = try store.issueTurn(service: "pagos", preferential: false) }
for index in 0..<options.cycles {
    try rawTransaction()
    issue.add(try measure("issue") { _ = try store.issueTurn(service: "pagos", preferential: index % 4 == 0) })
    try rawTransaction()
    let call = try measure("call") { _ = try store.call(counter: 1) }
    try rawTransaction()
    let start = try measure("start") { _ = try store.start(counter: 1) }
    try rawTransaction()
    let finish = try measure("finish") { _ = try store.finish(counter: 1) }
    transition.samples += [call, start, finish]
    byKind["call", default: Latencies()].add(call)
    byKind["start", default: Latencies()].add(start)
    byKind["finish", default: Latencies()].add(finish)
}
for kind in ["issue", "call", "start", "finish"] {
    cpuSpent["turnero", default: (0, 0)].user += cpuSpent[kind]?.user ?? 0
    cpuSpent["turnero", default: (0, 0)].system += cpuSpent[kind]?.system ?? 0
}
/// One kind's median against the raw median, and its CPU per transaction.
@MainActor func kindLine(_ kind: String) -> String {
    let samples = byKind[kind] ?? Latencies()
    return "\(kind) p50 \(ms(samples.percentile(0.5))) = \(String(format: "%.2f", samples.percentile(0.5) / rawLatencies.percentile(0.5)))× raw, CPU \(cpu(kind, samples.samples.count))"
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
      \(kindLine("call"))
      \(kindLine("start"))
      \(kindLine("finish"))

    CPU time of this thread per transaction, user + system (the rest is waiting for the disk):
      raw transaction \(cpu("raw", rawLatencies.samples.count))   transition \(cpu("turnero", all.samples.count))

    audit after the run: outbox \(audit.outboxCount) events, \(audit.outboxGaps) gaps; labels \(audit.labelGaps) gaps
    """)
