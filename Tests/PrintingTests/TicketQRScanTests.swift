import ESCPOS
import Foundation
import PrinterEmulator
import Printing
import TestSupport
import Testing
import TurneroCore
import TurneroStore

/// Issue 17: the printed ticket's QR, read back from the printed picture by an independent
/// decoder (zxing-cpp) as a phone would, leads to the turn — the centre's page when the office
/// has one, else the kiosk's rating screen — and the ticket says which.
@Suite("The ticket's QR, scanned from the printed ticket")
struct TicketQRScanTests {
    static let catalog = try! ProfileCatalog.load(directory: TurneroProcess.repositoryRoot.appendingPathComponent("devices"))

    static func store(centre: String?) throws -> (QueueStore, URL) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("turnero-qr-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var office = PrintServiceTests.office
        office.mobileTicket = MobileTicketSettings(baseURL: centre)
        let database = try TurneroDatabase.create(at: directory.appendingPathComponent("t.sqlite").path, kioskId: "k")
        return (QueueStore(database: database, configuration: office), directory)
    }

    /// Prints `ticket` on `profileID` and returns the QR texts zxing-cpp finds and the transcript.
    static func printAndScan(_ ticket: IssuedTicket, office: OfficeConfiguration, profileID: String) throws -> ([String], String) {
        let profile = try catalog.requireProfile(id: profileID)
        let content = TicketContent(ticket, office: office)
        let encoded = try TicketLayout(strings: .for(ticket.language)).encode(content, profile: profile)
        var printer = try VirtualPrinter(profile: profile)
        let jobs = printer.process(encoded.bytes)
        #expect(jobs.count == 1 && jobs[0].diagnostics.isEmpty, "\(jobs.first?.diagnostics ?? [])")
        let png = FileManager.default.temporaryDirectory.appendingPathComponent("ticket-\(profileID)-\(UUID().uuidString).png")
        try Data(jobs[0].pngData()).write(to: png)
        defer { try? FileManager.default.removeItem(at: png) }
        let qr = try BarcodeDecoder.decode(png).filter { $0.symbologyIdentifier.hasPrefix("]Q") }.map(\.text)
        return (qr, jobs[0].transcript)
    }

    @Test("with a centre, the QR is the turn's link on every profile", arguments: catalog.profiles.map(\.id))
    func linkScans(profileID: String) throws {
        let (store, directory) = try Self.store(centre: "https://turnos.example.co")
        defer { try? FileManager.default.removeItem(at: directory) }
        _ = try store.issueTurn(service: "pagos", preferential: false)
        let ticket = try store.issueTurn(service: "pagos", preferential: false)
        let (qr, transcript) = try Self.printAndScan(ticket, office: store.configuration, profileID: profileID)
        let token = try store.ticketToken(for: ticket.turn.id)
        #expect(qr == ["https://turnos.example.co/t/\(token)"], "\(profileID)")
        guard let text = qr.first, case .link(let scanned)? = TicketPayload.parse(text) else {
            Issue.record("\(profileID): no link scanned")
            return
        }
        guard case .notServed(let turn) = try store.rateability(token: scanned) else {
            Issue.record("the scanned token does not name the turn")
            return
        }
        #expect(turn.id == ticket.turn.id)
        let flat = transcript.replacingOccurrences(of: "\n", with: " ")
        #expect(flat.contains("seguir su turno en el") && !flat.contains("kiosco"), "\(profileID): \(transcript)")
        // Nothing about the customer in the link: only the centre, /t/ and the token.
        #expect(!text.contains(ticket.turn.label) && !text.contains(ticket.turn.id.uuidString))
    }

    @Test func withoutACentreTheQRIsWhatTheKiosksRatingScreenReadsAndTheTicketSaysSo() throws {
        let (store, directory) = try Self.store(centre: nil)
        defer { try? FileManager.default.removeItem(at: directory) }
        let ticket = try store.issueTurn(service: "pagos", preferential: false, language: .english)
        let (qr, transcript) = try Self.printAndScan(ticket, office: store.configuration, profileID: "epson-tm-t20iii")
        #expect(qr == ["\(ticket.turn.label) \(ticket.ratingCode)"])
        #expect(qr.first.flatMap(TicketPayload.parse) == .code(label: ticket.turn.label, code: ticket.ratingCode))
        let flat = transcript.replacingOccurrences(of: "\n", with: " ")
        #expect(flat.contains("To rate at the kiosk") && !flat.contains("phone"), "\(transcript)")
    }
}
