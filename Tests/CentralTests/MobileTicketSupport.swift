import CentralServer
import Foundation
import SyncClient
import SyncProtocol
import TestSupport
import Testing
import TurneroCore
import TurneroStore

/// A customer's phone talking to the ticket page in process: its own client address.
struct Phone {
    let api: CentralAPI
    var address = "100.64.0.7"

    func open(_ token: String, lang: String? = nil) async -> APIResponse {
        await api.respond(to: APIRequest(
            method: "GET", target: "/t/\(token)" + (lang.map { "?lang=\($0)" } ?? ""), headers: ["host": "centre.test"], body: [],
            remoteAddress: address))
    }

    func post(_ token: String, _ action: String, form: [String: String], origin: String = "http://centre.test") async -> APIResponse {
        let body = form.map { "\(FormCoding.encode($0.key))=\(FormCoding.encode($0.value))" }.joined(separator: "&")
        return await api.respond(to: APIRequest(
            method: "POST", target: "/t/\(token)/\(action)",
            headers: ["host": "centre.test", "origin": origin, "content-type": "application/x-www-form-urlencoded"], body: Array(body.utf8),
            remoteAddress: address))
    }

    /// The hidden form key of the form posting to `action` on a page.
    static func key(in page: String, for action: String) -> String? {
        guard let form = page.range(of: "/\(action)\"") else { return nil }
        let rest = page[form.upperBound...]
        guard let range = rest.range(of: #"name="key" value=""#) else { return nil }
        return String(rest[range.upperBound...].prefix { $0 != "\"" })
    }
}

extension OfficeScenario {
    /// A new turn issued at the scenario's kiosk, and the token its ticket's QR carries.
    func issue(_ service: String) throws -> (Turn, String) {
        let turn = try kiosk.store.issueTurn(service: ServiceCode(service), preferential: false).turn
        return (turn, try kiosk.store.ticketToken(for: turn.id))
    }

    /// Calls at `counter` until `turn` is the one called, marking the others no-shows.
    func call(_ turn: Turn, counter: Int) throws {
        for _ in 0..<20 {
            let called = try kiosk.store.call(counter: counter)
            if called.turn.id == turn.id { return }
            _ = try kiosk.store.noShow(counter: counter)
        }
        throw TestFailure("\(turn.label) was never called at counter \(counter)")
    }
}
