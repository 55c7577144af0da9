import CentralServer
import Foundation
import SyncClient
import SyncProtocol
import TestSupport
import TurneroCore
import TurneroStore

/// A morning at one office, recorded by a real kiosk database (the queue store on a test
/// clock) and synced to a centre: the fixture the dashboard, call-back and report tests share.
struct OfficeScenario {
    static let office = "med-centro"
    /// 2026-11-29 08:00 in Bogotá (13:00 UTC).
    static let morning = Date(timeIntervalSince1970: 1_795_957_200)

    let clock: TestClock
    let kiosk: TestKiosk
    let api: CentralAPI
    let storage: any CentralStorage

    /// Issues, calls, serves and rates turns over an hour and a half, then syncs everything.
    /// Leaves three people waiting (two in pagos, one in reclamos) and one detractor call-back.
    static func make(storage: any CentralStorage, directory: TempDirectory, configuration: CentralConfiguration = Fixtures.permissive) async throws -> OfficeScenario {
        let clock = TestClock(morning)
        let metrics = CentralMetrics()
        let api = CentralAPI(storage: storage, configuration: configuration, logger: Fixtures.quiet, metrics: metrics, clock: clock.function)
        let kiosk = try TestKiosk(id: "kiosk-centro-1", in: directory, clock: clock)
        try await kiosk.enroll(storage: storage, transport: InProcessTransport(api), office: office)
        _ = try await storage.publishDataset(
            name: DatasetName.officeConfig, officeId: office, rows: DatasetFile.rows(name: DatasetName.officeConfig, json: Fixtures.officeJSON),
            now: clock.date)
        let store = kiosk.store
        try store.openCounter(1)
        try store.openCounter(3)
        var issued: [Turn] = []
        for (service, minutes) in [("pagos", 0.0), ("pagos", 2), ("reclamos", 3), ("pagos", 5), ("reclamos", 6), ("pagos", 8)] {
            clock.set(morning.addingTimeInterval(minutes * 60))
            issued.append(try store.issueTurn(service: ServiceCode(service), preferential: false).turn)
        }
        clock.set(morning.addingTimeInterval(12 * 60))
        _ = try store.call(counter: 1)  // P-001 waited 12 min
        clock.advance(minutes: 1)
        _ = try store.start(counter: 1)
        clock.advance(minutes: 6)
        _ = try store.finish(counter: 1)
        _ = try store.rate(.label(issued[0].label), score: RatingScore(9)!)
        _ = try store.call(counter: 3)  // R-001 waited 16 min
        clock.advance(minutes: 2)
        _ = try store.start(counter: 3)
        clock.advance(minutes: 10)
        _ = try store.finish(counter: 3)
        _ = try store.rate(.label(issued[2].label), score: RatingScore(3)!)  // a detractor: call-back
        _ = try store.call(counter: 1)  // P-002
        clock.advance(minutes: 3)
        _ = try store.noShow(counter: 1)
        clock.advance(minutes: 60)  // 09:34: P-004, R-002 and P-006 wait
        let sync = try kiosk.sync(transport: InProcessTransport(api))
        _ = try await sync.syncOnce()
        return OfficeScenario(clock: clock, kiosk: kiosk, api: api, storage: storage)
    }

    /// The KPIs of the kiosk's own events, computed as the centre must.
    func expectedReport() throws -> KPIReport {
        let day = LocalDay(containing: clock.date, in: Fixtures.office.resolvedTimeZone)
        return KPICalculator(configuration: Fixtures.office).report(events: try kiosk.events(), day: day, until: clock.date)
    }
}

/// A client with a cookie jar, talking to the API in process.
final class Session: @unchecked Sendable {  // used by one test task
    let api: CentralAPI
    var cookie: String?
    /// The client address the centre sees.
    var address: String

    init(_ api: CentralAPI, address: String = "10.0.0.9") {
        self.api = api
        self.address = address
    }

    func get(_ target: String, headers: [String: String] = [:]) async -> APIResponse {
        await send("GET", target, body: [], headers: headers)
    }

    func post(_ target: String, form: [String: String], headers: [String: String] = [:]) async -> APIResponse {
        let body = form.map { "\(FormCoding.encode($0.key))=\(FormCoding.encode($0.value))" }.joined(separator: "&")
        return await send(
            "POST", target, body: Array(body.utf8),
            headers: headers.merging(["content-type": "application/x-www-form-urlencoded", "origin": "http://centre.test", "host": "centre.test"]) { given, _ in given })
    }

    func send(_ method: String, _ target: String, body: [UInt8], headers: [String: String]) async -> APIResponse {
        var headers = headers
        if let cookie, headers["cookie"] == nil { headers["cookie"] = cookie }
        let response = await api.respond(to: APIRequest(method: method, target: target, headers: headers, body: body, remoteAddress: address))
        if let set = response.headers("set-cookie").last, let pair = set.split(separator: ";").first {
            cookie = pair.hasSuffix("=") ? nil : String(pair)
        }
        return response
    }

    /// Signs in with the login form.
    func login(_ name: String, _ password: String) async -> APIResponse {
        await post("/login", form: ["name": name, "password": password, "next": "/dashboard"])
    }

    /// The CSRF token on the last page.
    static func csrf(in page: String) -> String? {
        guard let range = page.range(of: #"name="csrf" value=""#) else { return nil }
        return String(page[range.upperBound...].prefix { $0 != "\"" })
    }
}

enum FormCoding {
    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}

/// Reads `data-kpi` cells from a page: `kpi` (and `service`) → text.
enum PageValues {
    static func value(_ page: String, kpi: String, service: String? = nil) -> String? {
        let marker = service.map { #"data-kpi="\#(kpi)" data-service="\#($0)""# } ?? #"data-kpi="\#(kpi)""#
        guard let range = page.range(of: marker) else { return nil }
        let rest = page[range.upperBound...]
        guard let close = rest.firstIndex(of: ">") else { return nil }
        let text = rest[rest.index(after: close)...].prefix { $0 != "<" }
        return String(text).replacingOccurrences(of: "&amp;", with: "&")
    }
}
