@testable import CentralServer
import Foundation
import SyncProtocol
import Testing
import TestSupport
import TurneroCore

/// Issue 14, finding 2: the operators' pages escape by construction. The builder's only way to
/// put text on a page escapes it; every page, rendered with hostile text wherever a kiosk, an
/// office configuration or an operator can put some, carries no markup but the page's own.
@Suite("Pages escape by construction")
struct PageEscapingTests {
    static let hostile = #"<script>alert("x")</script><img src=x onerror=alert(1)>'&"#
    static let escaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;&#39;&amp;"

    @Test("text is escaped, fragments nest as they are, numbers are digits, link segments are percent-encoded")
    func builder() {
        let text = Self.hostile
        let inner: HTML = "<em>\(text)</em>"
        let page: HTML = "<p title=\"\(text)\">\(inner) \(42) \(Int64(7))</p><a href=\"/x/\(pathSegment: "a b/<c>")\">x</a>"
        #expect(page.markup == "<p title=\"\(Self.escaped)\"><em>\(Self.escaped)</em> 42 7</p><a href=\"/x/a%20b/%3Cc%3E\">x</a>")
        let nothing: String? = nil
        let optional: HTML = "[\(nothing)][\(Optional("<"))]"
        #expect(optional.markup == "[][&lt;]")
        #expect([inner, inner].joined(separator: " · ").markup == "<em>\(Self.escaped)</em> · <em>\(Self.escaped)</em>")
        #expect(HTML.escape("a\u{0}b\u{7}c\td\ne") == "abc\td\ne", "control characters never reach a page")
    }

    @Test("the centre's HTTP layer cannot see GRDB: no `SQL` literal can be inferred into a page")
    func noGRDBInTheHTTPLayer() throws {
        let sources = TurneroProcess.repositoryRoot.appendingPathComponent("Sources/CentralServer")
        let files = (FileManager.default.enumerator(atPath: sources.path)?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".swift") }
        #expect(files.count > 40)
        for file in files {
            let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
            #expect(!text.contains("import GRDB"), "\(file) imports GRDB")
            // The builder's markup is set only by HTML.swift (no back door from a String).
            if file != "HTML.swift" { #expect(!text.contains("HTML(markup"), "\(file) builds HTML from a String") }
        }
        let package = try String(contentsOf: TurneroProcess.repositoryRoot.appendingPathComponent("Package.swift"), encoding: .utf8)
        let target = try #require(package.range(of: #"name: "CentralServer","#))
        let block = package[target.upperBound...].prefix { $0 != ")" }
        #expect(!block.contains("GRDB"), "CentralServer depends on GRDB again")
    }

    @Test("every page, fed hostile text from kiosks, the office's configuration and operators, carries only its own markup",
        arguments: Backend.enabled)
    func hostilePages(_ backend: Backend) async throws {
        try await withTestStorage(backend) { storage in
            let (scenario, callbackId) = try await Self.hostileScenario(storage)
            let manager = Session(scenario.api)
            #expect(await manager.login(Self.hostileOperator, "clave").status == 303)
            let office = OfficeScenario.office
            let pages = [
                "/dashboard", "/dashboard/offices/\(office)", "/dashboard/kiosks", "/dashboard/callbacks?closed=1",
                "/dashboard/callbacks/\(callbackId)", "/dashboard/reports", "/dashboard/escalations?state=all",
                "/dashboard/quality?month=2026-11", "/dashboard/audits?office=\(office)&month=2026-11", "/dashboard/staff?office=\(office)",
            ]
            // An agent named with markup in the office's staff dataset.
            let agent = Agent(id: "ana", name: String(Self.hostile.prefix(60)), pinHash: try PasswordHash.make("4821", rounds: 1_000))
            _ = try await storage.storage.publishDataset(
                name: DatasetName.staff, officeId: office,
                rows: [DatasetRow(key: "ana", value: String(decoding: try JSONEncoder().encode(agent), as: UTF8.self))], now: Date())
            for path in pages {
                let page = await manager.get(path)
                #expect(page.status == 200, "\(path): \(page.status)")
                Self.checkOnlyOwnMarkup(page.text, path)
                #expect(page.text.contains("ger&lt;b&gt;ente&lt;/b&gt;&quot;&#39;"), "\(path) does not show the operator's name, escaped")
            }
            for path in ["/dashboard/offices/\(office)", "/dashboard/callbacks/\(callbackId)", "/dashboard/staff?office=\(office)"] {
                #expect((await manager.get(path)).text.contains(Self.escaped), "\(path) does not show the hostile text, escaped")
            }
            let login = await Session(scenario.api).post("/login", form: ["name": Self.hostile, "password": "x", "next": Self.hostile])
            #expect(login.status == 401)
            Self.checkOnlyOwnMarkup(login.text, "/login")
        }
    }

    /// An operator named with markup.
    static let hostileOperator = "ger<b>ente</b>\"'"

    /// The office scenario, its office configuration renamed with markup, a heartbeat and a
    /// call-back note carrying it, and a manager named with it.
    static func hostileScenario(_ storage: TestStorage) async throws -> (OfficeScenario, String) {
        let scenario = try await OfficeScenario.make(storage: storage.storage, directory: storage.directory)
        var json = String(decoding: Fixtures.officeJSON, as: UTF8.self)
        json = json.replacingOccurrences(of: "Oficina Centro", with: hostile.replacingOccurrences(of: "\"", with: "\\\""))
            .replacingOccurrences(of: "Pagos y cupones", with: "<i>Pagos</i>")
        _ = try await storage.storage.publishDataset(
            name: DatasetName.officeConfig, officeId: OfficeScenario.office,
            rows: DatasetFile.rows(name: DatasetName.officeConfig, json: Data(json.utf8)), now: scenario.clock.date)
        _ = try await storage.storage.addOperator(
            OperatorAccount(name: hostileOperator, role: .manager, passwordHash: try PasswordHash.make("clave", rounds: 1_000), createdAt: Date()),
            replace: false)
        let status = KioskStatus(
            sentAt: scenario.clock.date.milliseconds, appVersion: "<b>1.0</b>", printer: .paperOut, pendingEvents: 1,
            oldestPendingAgeSeconds: 30, dbEpoch: nil, lastTicketAt: scenario.clock.date.milliseconds, lastTicketLabel: "<i>P-1</i>",
            datasetVersions: ["bills": 1])
        let heartbeat = await scenario.api.respond(to: signed(
            "POST", SyncPaths.status(kioskId: scenario.kiosk.id), body: try SyncJSON.encode(status), kiosk: scenario.kiosk.id,
            key: try scenario.kiosk.signingKey, now: scenario.clock.date))
        #expect(heartbeat.status == 200, "\(heartbeat.text)")
        let callback = try #require(try scenario.kiosk.store.openCallbacks().first)
        try scenario.kiosk.store.recordContact(callback: callback.id, phone: try #require(ColombianPhone(parsing: "3105550101")))
        _ = try await scenario.kiosk.sync(transport: InProcessTransport(scenario.api)).syncOnce()
        let id = callback.id.uuidString
        _ = try await storage.storage.reassignCallback(id: id, to: hostileOperator, now: scenario.clock.date)
        let attempt = CallbackAttemptInput(agent: hostileOperator, result: .noAnswer, note: hostile, closure: nil)
        let outcome = try await storage.storage.recordCallbackAttempt(
            id: id, attempt, policy: CallbackPolicy(), byManager: true, now: scenario.clock.date)
        guard case .recorded = outcome else { throw TestFailure("the attempt was not recorded: \(outcome)") }
        return (scenario, id)
    }

    /// Tags the pages are written with; anything else came from data.
    static let ownTags: Set<String> = [
        "html", "head", "meta", "title", "style", "body", "header", "main", "span", "a", "form", "input", "button", "h1", "h2", "h3",
        "p", "div", "table", "thead", "tbody", "tr", "th", "td", "strong", "ul", "li", "svg", "line", "text", "rect", "label",
        "select", "option", "textarea", "fieldset", "legend", "code", "details", "summary", "dl", "dt", "dd", "br", "section",
    ]

    static func checkOnlyOwnMarkup(_ page: String, _ path: String) {
        var rest = Substring(page)
        while let open = rest.firstIndex(of: "<") {
            let tag = rest[rest.index(after: open)...].drop { $0 == "/" || $0 == "!" }.prefix { $0.isLetter || $0.isNumber }.lowercased()
            if !tag.isEmpty && tag != "doctype" { #expect(ownTags.contains(tag), "\(path): <\(tag)> came from data") }
            rest = rest[rest.index(after: open)...]
        }
        #expect(!page.lowercased().contains("<script"), "\(path) carries a script")
        // The other way round: the page's own markup never escaped by mistake (shown as text).
        let ownEscaped = page.range(
            of: #"&lt;/?(span|a|td|tr|div|strong|p|li|svg|option|label|input|code|br|form|button|h1|h2|table)[ &]"#, options: .regularExpression)
        #expect(ownEscaped == nil, "\(path) shows its own markup as text: \(ownEscaped.map { String(page[$0.lowerBound...].prefix(80)) } ?? "")")
        #expect(page.range(of: #"<[^>]*\son[a-z]+="#, options: .regularExpression) == nil, "\(path) carries an event handler")
    }
}
