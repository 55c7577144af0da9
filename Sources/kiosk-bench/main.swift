// kiosk-bench: touch-to-ticket latency. From the raw bytes of a tap on "No" (the last touch
// before a ticket) to the ticket's ESC/POS bytes handed to the printer transport: decoding,
// hit-testing, the screen state machine, the printer status check, the durable SQLite commit
// (turn + outbox event + print job) and the ticket layout and encoding. About 60 people wait
// for the service meanwhile (a crowded office).
//
//   swift build -c release --product kiosk-bench && .build/release/kiosk-bench [--taps N]

import ESCPOS
import Foundation
import KioskApp
import Logging
import PrinterTransport
import Printing
import Synchronization
import TerminalFront
import TurneroCore
import TurneroStore

let taps = CommandLine.arguments.count > 2 && CommandLine.arguments[1] == "--taps" ? Int(CommandLine.arguments[2]) ?? 2000 : 2000
let directory = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    .appendingPathComponent(".build-bench/kiosk-\(UUID().uuidString)")
try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: directory) }

let office = try OfficeConfiguration.load(
    json: Data(contentsOf: URL(fileURLWithPath: "kiosk-scripts/config/office.example.json")))
let profile = try ProfileCatalog.load(directory: URL(fileURLWithPath: "devices")).requireProfile(id: "epson-tm-t20iii")
let database = try TurneroDatabase.create(at: directory.appendingPathComponent("turnero.sqlite").path, kioskId: "bench")
let store = QueueStore(database: database, configuration: office)

/// When the ticket bytes reached the transport (the end of each measurement).
let handedOver = Mutex<ContinuousClock.Instant?>(nil)
let transport = MemoryTransport(endpoint: "bench") { bytes in
    if bytes == StatusQuery.allCommands { return [0x12, 0x12, 0x12, 0x12] }  // online, paper, no error
    handedOver.withLock { $0 = .now }
    return []
}
var logger = Logger(label: "bench")
logger.logLevel = .critical
let printer = PrintService(transport: transport, profile: profile, store: store, logger: logger)
let backend = OfficeBackend(store: store, printer: printer, logger: logger)

var latencies: [Double] = []
var bytesPerTicket = 0
let renderer = KioskRenderer(officeName: office.officeName)
for index in 0..<(taps + 60) {
    // Walk to the last screen before the ticket, as a customer would.
    var flow = KioskFlow(services: office.services, now: Date())
    let now = Date().addingTimeInterval(Double(index))
    for (step, id) in [ButtonID.takeTurn, .service("pagos")].enumerated() {
        _ = flow.handle(.press(id), at: now.addingTimeInterval(Double(step)))
        _ = flow.handle(.release(id), at: now.addingTimeInterval(Double(step)))
    }
    let screen = renderer.render(flow, columns: 80, rows: 24, clock: "09:00")
    let no = screen.hits.first { $0.button == .no }!.rect
    let tapBytes = Array("\u{1B}[<0;\(no.column + 2);\(no.row + 2)M\u{1B}[<0;\(no.column + 2);\(no.row + 2)m".utf8)
    handedOver.withLock { $0 = nil }

    let start = ContinuousClock.now
    var decoder = InputDecoder()
    var effects: [FlowEffect] = []
    for input in decoder.decode(tapBytes) {
        guard case .pointer(let pointer) = input else { continue }
        let target = screen.button(atColumn: pointer.column, row: pointer.row)
        effects += flow.handle(pointer.isPress ? .press(target) : .release(target), at: now.addingTimeInterval(3))
    }
    guard case .issueTurn(let service, let preferential, let language) = effects.first else { fatalError("the tap did not issue: \(effects)") }
    let result = await backend.issueTicket(service: service, preferential: preferential, language: language)
    guard case .success = result, let end = handedOver.withLock({ $0 }) else { fatalError("no ticket: \(result)") }
    let elapsed = end - start
    if index >= 60 { latencies.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000) }
    // Keep a crowded office's queue: about 60 people waiting for payments.
    if index >= 60 { _ = try store.call(counter: 1); _ = try store.start(counter: 1); _ = try store.finish(counter: 1) }
}
bytesPerTicket = transport.written.count / (taps + 60) - StatusQuery.allCommands.count * 2

let sorted = latencies.sorted()
func percentile(_ p: Double) -> Double { sorted[min(sorted.count - 1, Int((p * Double(sorted.count)).rounded(.up)) - 1)] }
print("""
    kiosk-bench: \(taps) taps on a real SQLite file (WAL, synchronous=FULL), profile \(profile.id)
      touch → ticket bytes at the printer: p50 \(String(format: "%.3f", percentile(0.5))) ms   p90 \(String(format: "%.3f", percentile(0.9))) ms   p99 \(String(format: "%.3f", percentile(0.99))) ms   max \(String(format: "%.3f", sorted.last!)) ms   (goal p99 ≤ 5 ms)
      ticket size ≈ \(bytesPerTicket) bytes of ESC/POS
    """)

