import CentralServer
import Foundation
import SyncClient
import SyncProtocol
import TestSupport
import Testing

/// Issue 17 as a customer lives it, with real processes only: a real `turnero-central serve`,
/// a kiosk database driven by the `turnero` command line and synced by a running
/// `turnero sync run`. The QR is read back from the printed ticket's picture (zxing-cpp); the
/// page is polled over HTTP as a phone reloads it, and photographed by headless Chromium at a
/// phone's 360×740. Prints the lags: event at the kiosk → page, and page → kiosk.
@Suite("A ticket followed on a phone: real centre, real kiosk sync", .serialized)
struct TicketPageJourneyTests {
    @Test("scan the printed QR, follow waiting → counter 3 → served, rate on the page; leave the queue from another ticket")
    func journey() async throws {
        let chromium = try HeadlessChromium.installed()
        try await withTestStorage(.sqlite) { storage in
            let central = try await RunningCentral.start(database: storage.database)
            defer { central.stop() }
            let cli = try TurneroProcess()
            defer { cli.remove() }
            var office = try #require(
                try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: TurneroProcess.exampleConfig))) as? [String: Any])
            office["mobileTicket"] = ["baseURL": central.baseURL]
            let config = storage.directory.url.appendingPathComponent("office.json")
            try JSONSerialization.data(withJSONObject: office).write(to: config)
            // The office's configuration at the centre too: the page names the office and services.
            _ = try await central.command(["publish-dataset", "office-config", config.path, "--office", "med-centro"])
            let initialized = try cli.run(["init", "--config", config.path, "--kiosk-id", "kiosk-test"])
            #expect(initialized.status == 0, "\(initialized.stderr)")
            let code = try await central.command(["enroll-code", "--office", "med-centro"]).trimmingCharacters(in: .whitespacesAndNewlines)
            let enrolled = try cli.run(["sync", "enroll", "--server", central.baseURL, "--code", code])
            #expect(enrolled.status == 0, "\(enrolled.stderr)")
            let (sync, out, err) = try cli.start(["sync", "run", "--log-level", "warning"])
            defer {
                sync.terminate()
                _ = TurneroProcess.finish(sync, out: out, err: err)
            }
            let http = try HTTPTransport(baseURL: central.baseURL)
            func page(_ path: String) async throws -> (status: Int, text: String) {
                let answer = try await http.send(SyncHTTPRequest(method: "GET", target: path, headers: [("host", "127.0.0.1")], body: []))
                return (answer.status, String(decoding: answer.body, as: UTF8.self))
            }
            func waitForPage(_ path: String, _ what: String, _ holds: @escaping (Int, String) -> Bool) async throws -> Double {
                let started = Date()
                var last = (0, "")
                let seen = try await Waiting.until(timeout: .seconds(30)) {
                    last = try await page(path)
                    return holds(last.0, last.1)
                }
                #expect(seen, "the page never showed \(what): \(last.0) \(last.1.suffix(600))")
                return Date().timeIntervalSince(started)
            }
            func photograph(_ path: String, _ name: String) async throws {
                guard let chromium else { return }
                let file = try TestArtifacts.path("ticket-page-\(name).png")
                try await chromium.screenshot(central.baseURL + path, to: file, width: 360, height: 740)
                #expect(PNGHeader(try Data(contentsOf: URL(fileURLWithPath: file)))?.width == 360)
            }

            // The printed ticket's QR, read as a phone's camera would.
            let issuedAt = Date()
            #expect(try cli.run(["turn", "issue", "--service", "reclamos"]).status == 0)
            let printed = cli.stateDirectory.appendingPathComponent("tickets/0001.png")
            let qr = try BarcodeDecoder.decode(printed).filter { $0.symbologyIdentifier.hasPrefix("]Q") }.map(\.text)
            let link = try #require(qr.first, "no QR on the printed ticket")
            #expect(link.hasPrefix(central.baseURL + "/t/"))
            let path = String(link.dropFirst(central.baseURL.count))
            _ = try await waitForPage(path, "the waiting turn") { status, text in status == 200 && text.contains("En espera") }
            let issueLag = Date().timeIntervalSince(issuedAt)
            try await photograph(path, "waiting")
            if let chromium {
                let dom = try await chromium.dumpDOM(central.baseURL + path)
                #expect(dom.contains("En espera") && dom.contains("Ya no necesito el turno"))
            }

            #expect(try cli.run(["counter", "open", "--counter", "3"]).status == 0)
            let calledAt = Date()
            #expect(try cli.run(["counter", "call", "--counter", "3"]).status == 0)
            _ = try await waitForPage(path, "the call") { _, text in text.contains("módulo 3") && text.contains("state called") }
            let callLag = Date().timeIntervalSince(calledAt)
            try await photograph(path, "called")
            try await photograph(path + "?lang=en", "called-en")

            #expect(try cli.run(["counter", "start", "--counter", "3"]).status == 0)
            #expect(try cli.run(["counter", "finish", "--counter", "3"]).status == 0)
            _ = try await waitForPage(path, "the service's end") { _, text in text.contains("Atendido") && text.contains("/rate") }
            try await photograph(path, "served")
            let served = try await page(path).text
            let key = try #require(Phone.key(in: served, for: "rate"))
            let ratedAt = Date()
            let form = "key=\(key)&score=9"
            let rated = try await http.send(SyncHTTPRequest(
                method: "POST", target: path + "/rate",
                headers: [("content-type", "application/x-www-form-urlencoded"), ("origin", central.baseURL)], body: Array(form.utf8)))
            #expect(rated.status == 303)
            // The kiosk records the rating as its own event and sends it up.
            #expect(try await Waiting.until(timeout: .seconds(30)) {
                try await storage.storage.storedEvents(kioskId: "kiosk-test").contains { $0.type == "turn.rated" }
            }, "the rating never came back from the kiosk")
            let ratingLag = Date().timeIntervalSince(ratedAt)
            _ = try await waitForPage(path, "the thanks") { _, text in text.contains("Gracias por su calificación") }
            try await photograph(path, "rated")
            let ratings = try await storage.storage.storedEvents(kioskId: "kiosk-test").filter { $0.type == "turn.rated" }
            #expect(ratings.count == 1 && ratings[0].payload.contains("\"score\":9"), "\(ratings.map(\.payload))")

            // Another customer leaves the queue from the page.
            let secondIssue = try cli.run(["turn", "issue", "--service", "pagos", "--json"])
            let secondLabel = try #require(
                (try JSONSerialization.jsonObject(with: Data(secondIssue.stdout.utf8)) as? [String: Any])?["label"] as? String)
            let second = try BarcodeDecoder.decode(cli.stateDirectory.appendingPathComponent("tickets/0002.png"))
                .filter { $0.symbologyIdentifier.hasPrefix("]Q") }.map(\.text)
            let secondPath = String(try #require(second.first).dropFirst(central.baseURL.count))
            _ = try await waitForPage(secondPath, "the second turn") { status, _ in status == 200 }
            let secondKey = try #require(Phone.key(in: try await page(secondPath).text, for: "cancel"))
            let cancelledAt = Date()
            let cancel = try await http.send(SyncHTTPRequest(
                method: "POST", target: secondPath + "/cancel",
                headers: [("content-type", "application/x-www-form-urlencoded"), ("origin", central.baseURL)],
                body: Array("key=\(secondKey)".utf8)))
            #expect(cancel.status == 303)
            #expect(try await Waiting.until(timeout: .seconds(30)) {
                !(try cli.run(["turn", "list", "--json"]).stdout.contains("\"\(secondLabel)\""))
            }, "the kiosk never cancelled the turn")
            let cancelLag = Date().timeIntervalSince(cancelledAt)
            _ = try await waitForPage(secondPath, "the cancellation") { _, text in text.contains("Turno cancelado") }
            try await photograph(secondPath, "cancelled")

            print(String(
                format: "ticket page lags (real processes): issue → page %.2f s, call → page %.2f s, "
                    + "rating on the page → office records it and it is back at the centre %.2f s, cancel on the page → kiosk cancelled %.2f s",
                issueLag, callLag, ratingLag, cancelLag))
            #expect(callLag < 10 && cancelLag < 10, "near real time: call \(callLag) s, cancel \(cancelLag) s")
            central.stop()
            #expect(!central.log.contains(#""level":"error""#), "the server logged errors: \(central.log.suffix(2_000))")
        }
    }
}
