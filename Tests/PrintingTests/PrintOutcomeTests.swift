import EmulatorTransport
import ESCPOS
import Foundation
import KioskApp
import Logging
import PrinterEmulator
import PrinterTransport
import Printing
import TestSupport
import Testing
import TurneroCore
import TurneroStore

/// What the kiosk records about a job must be what happened at the printer: a picture for
/// every "printed", "unknown" for what nobody can know, the customer's language on the paper
/// (issue 13, findings 1, 3 and 7).
@Suite("Print outcomes: rendered, unconfirmed, in the customer's language", .serialized)
struct PrintOutcomeTests {
    static func virtual(_ profileID: String) throws -> (VirtualPrinterTransport, PrinterProfile, URL) {
        let profile = try ProfileCatalog.load(directory: PrintServiceTests.devices).requireProfile(id: profileID)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("turnero-virtual-\(UUID().uuidString)")
        return (try VirtualPrinterTransport(profile: profile, directory: folder), profile, folder)
    }

    static var quiet: Logger {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return logger
    }

    @Test("a 58 mm printer without cutter gets its picture: the job ends with its bytes", arguments: ["pos-5890", "generic-58mm"])
    func tearBarTicketsAreRendered(profileID: String) async throws {
        let (transport, profile, folder) = try Self.virtual(profileID)
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(!profile.cutter.present)
        let service = PrintService(transport: transport, profile: profile, logger: Self.quiet)
        try await service.print(TicketLayout().document(for: .sample, profile: profile), job: nil)
        let transcript = try String(contentsOf: folder.appendingPathComponent("0001.txt"), encoding: .utf8)
        #expect(transcript.replacingOccurrences(of: " ", with: "").contains("P-027"), "\(transcript)")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("0001.png").path))
        // The next job is a picture of its own, not glued to the first.
        try await service.print(TicketLayout().document(for: .sample, profile: profile), job: nil)
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("0002.png").path))
    }

    @Test func aPictureThatCannotBeKeptIsNotReportedPrinted() async throws {
        let (transport, profile, folder) = try Self.virtual("epson-tm-t20iii")
        defer { try? FileManager.default.removeItem(at: folder) }
        let kiosk = try PrintServiceTests.kiosk(transport)
        // The folder disappears and a file takes its name: nothing can be written there.
        try FileManager.default.removeItem(at: folder)
        try Data("not a folder".utf8).write(to: folder)
        let service = PrintService(transport: transport, profile: profile, store: kiosk.store, logger: Self.quiet)
        let backend = OfficeBackend(store: kiosk.store, printer: service, logger: Self.quiet)
        let result = await backend.issueTicket(service: "pagos", preferential: false)
        guard case .failure(let failure) = result else { Issue.record("reported printed: \(result)"); return }
        #expect(failure.label == "P-001" && !failure.unconfirmed)
        #expect(try kiosk.store.recentPrintJobs(limit: 1).first?.state == .failed)
    }

    /// The scripted printer stops reading once 200 bytes arrived, and prints it all only when
    /// the test has seen the kiosk give up on it (not after a pause that a loaded machine may
    /// outlast).
    @Test func aTicketThePrinterConfirmsLateIsUnknownNotFailedAndNeverPrintedTwice() async throws {
        let printer = try ScriptedPrinter([.pause(after: 200), .answer(status: [0x12, 0x12, 0x12, 0x12])])
        let kiosk = try PrintServiceTests.kiosk(TCPTransport(host: "127.0.0.1", port: printer.port, connectTimeout: .seconds(1)))
        let result = await kiosk.backend.issueTicket(service: "pagos", preferential: false)
        guard case .failure(let failure) = result else { Issue.record("\(result)"); return }
        #expect(failure.unconfirmed && failure.label == "P-001", "\(failure)")
        let job = try #require(try kiosk.store.recentPrintJobs(limit: 1).first)
        #expect(job.state == .unknown, "\(job)")
        // Staff are asked to look, not to reprint: a reprint is refused until someone has.
        #expect(try kiosk.store.printJobsNeedingAttention().map(\.id) == [job.id])
        #expect(throws: StoreError.self) { _ = try kiosk.store.reprint(.label("P-001")) }
        // The printer wakes up and prints the whole ticket, cut included, exactly once.
        printer.resume()
        let cut: [UInt8] = [0x1D, 0x56, 66, 0]
        #expect(await Waiting.until { printer.jobs.first.map { Array($0.suffix(4)) == cut } == true })
        let label = Array("P-001".utf8)
        #expect(printer.jobs.first.map { $0.firstRange(of: label) != nil } == true)
        #expect(printer.jobs.dropFirst().allSatisfy { $0.firstRange(of: label) == nil }, "printed twice")
        // What staff saw decides: it printed, nothing more to do.
        let verified = try kiosk.store.verifyPrint(.label("P-001"), printed: true)
        let attention = try kiosk.store.printJobsNeedingAttention()
        #expect(verified.state == .printed && attention.isEmpty)
    }

    @Test func staffLookBeforeAReprintAndEachFailedTicketIsListedOnce() throws {
        let (transport, _, folder) = try Self.virtual("epson-tm-t20iii")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try PrintServiceTests.kiosk(transport).store
        let a = try store.issueTurn(service: "pagos", preferential: false)
        let b = try store.issueTurn(service: "pagos", preferential: false)
        let c = try store.issueTurn(service: "reclamos", preferential: false)
        try store.recordPrintAttempt(job: a.printJob, outcome: .failed("cover open"))
        try store.recordPrintAttempt(job: b.printJob, outcome: .failed("paper out"))
        try store.recordPrintAttempt(job: c.printJob, outcome: .unknown("no status after the job"))
        #expect(try store.printJobsNeedingAttention().map(\.turn?.label) == ["P-001", "P-002", "R-001"])
        // P-001 is reprinted and prints: it needs nothing any more.
        let reprint = try store.reprint(.label("P-001"))
        try store.recordPrintAttempt(job: reprint.id, outcome: .printed)
        #expect(try store.printJobsNeedingAttention().map(\.turn?.label) == ["P-002", "R-001"])
        // R-001 may be in the customer's hand: no reprint until staff say it is not.
        #expect(throws: StoreError.self) { _ = try store.reprint(.label("R-001")) }
        _ = try store.verifyPrint(.label("R-001"), printed: false)
        #expect(try store.reprint(.label("R-001")).kind == .reprint)
    }

    @Test func englishCustomersGetAnEnglishTicketAndReprint() async throws {
        let (transport, profile, folder) = try Self.virtual("epson-tm-t20iii")
        defer { try? FileManager.default.removeItem(at: folder) }
        let kiosk = try PrintServiceTests.kiosk(transport)
        let service = PrintService(transport: transport, profile: profile, store: kiosk.store, logger: Self.quiet)
        let backend = OfficeBackend(store: kiosk.store, printer: service, logger: Self.quiet)
        guard case .success = await backend.issueTicket(service: "pagos", preferential: true, language: .english) else {
            Issue.record("no ticket")
            return
        }
        let transcript = try String(contentsOf: folder.appendingPathComponent("0001.txt"), encoding: .utf8)
        for english in ["Payments and coupons", "Your turn", "PRIORITY SERVICE", "People ahead of you: 0", "Keep this ticket until you are served."] {
            #expect(transcript.contains(english), "missing '\(english)':\n\(transcript)")
        }
        for spanish in ["Su turno", "Pagos y cupones", "Conserve este tiquete"] { #expect(!transcript.contains(spanish), "\(transcript)") }
        let job = try #require(try kiosk.store.recentPrintJobs(limit: 1).first)
        #expect(job.language == .english && job.state == .printed)
        #expect(try kiosk.store.reprint(.label("P-001")).language == .english)
    }
}

/// The print job state machine alone: what each event means for the outcome.
@Suite("Print job outcome rules")
struct PrintJobAttemptTests {
    static let timeout = TransportError(.timeout, endpoint: "tcp://printer", "stopped accepting", bytesSent: 0)

    @Test func confirmedByStatusIsPrinted() {
        var attempt = PrintJobAttempt(statusSupported: true)
        #expect(attempt.start(needsReset: false) == .write(attempt: 1, reset: false))
        #expect(attempt.written() == .askStatus)
        #expect(attempt.status(.ready(nearEnd: false)) == .finish(.printed))
    }

    @Test func noAnswerAfterTheBytesWentOutIsUnconfirmed() {
        var attempt = PrintJobAttempt(statusSupported: true)
        _ = attempt.start(needsReset: true)
        _ = attempt.written()
        guard case .finish(.unconfirmed) = attempt.status(nil, detail: "no reply") else { Issue.record("\(attempt.state)"); return }
    }

    @Test func aProblemReportedAfterTheJobIsAFailureWithItsReason() {
        var attempt = PrintJobAttempt(statusSupported: true)
        _ = attempt.start(needsReset: false)
        _ = attempt.written()
        guard case .finish(.failed(let reason, _)) = attempt.status(.notReady(.coverOpen, detail: "cover")) else {
            Issue.record("\(attempt.state)")
            return
        }
        #expect(reason == .coverOpen)
    }

    @Test func nothingSentIsAFailureAndAPartialWriteIsRetriedThenUnconfirmed() {
        var refused = PrintJobAttempt(statusSupported: true)
        _ = refused.start(needsReset: false)
        var notFound = Self.timeout
        notFound.code = .notFound
        guard case .finish(.failed(.printerOffline, _)) = refused.writeFailed(notFound) else { Issue.record("\(refused.state)"); return }

        var partial = PrintJobAttempt(statusSupported: true)
        _ = partial.start(needsReset: false)
        var broken = Self.timeout
        broken.bytesSent = 300
        #expect(partial.writeFailed(broken) == .write(attempt: 2, reset: true))
        guard case .finish(.unconfirmed) = partial.writeFailed(Self.timeout) else { Issue.record("\(partial.state)"); return }
    }

    @Test func aModelWithoutStatusIsPrintedOnceTheBytesWentOut() {
        var attempt = PrintJobAttempt(statusSupported: false)
        _ = attempt.start(needsReset: false)
        #expect(attempt.written() == .finish(.printed))
    }
}
