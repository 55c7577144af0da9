@testable import CentralServer
import Foundation
import TestSupport
import Testing

/// The audits' sample size and checklist from the centre's settings file (issue 16):
/// `quality.audits` in `turnero-central serve --settings FILE`, checked before the server starts.
@Suite("Audit sample size and checklist in the centre's settings", .serialized)
struct AuditSettingsTests {
    static func settings(_ audits: String, in directory: TempDirectory) throws -> String {
        let path = directory.path("settings-\(UUID().uuidString).json")
        try #"{"quality": {"audits": \#(audits)}}"#.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("bad values stop the server with a message naming the setting")
    func badValues() async throws {
        let directory = try TempDirectory("audit-settings")
        defer { try? FileManager.default.removeItem(at: directory.url) }
        let cases = [
            (#"{"sampleSize": 0}"#, "quality.audits.sampleSize must be 1–100"),
            (#"{"sampleSize": 101}"#, "quality.audits.sampleSize must be 1–100"),
            (#"{"sampleSize": "cinco"}"#, "quality.audits.sampleSize: expected a whole number"),
            (#"{"items": []}"#, "quality.audits.items must list 1–30 items"),
            (#"{"items": [{"code": "a", "name": {"es": "A", "en": "A"}}, {"code": "a", "name": {"es": "B", "en": "B"}}]}"#,
             "quality.audits.items repeats a code"),
            (#"{"items": [{"code": "Saludo!", "name": {"es": "Saludo", "en": "Greeting"}}]}"#, "'Saludo!' needs a code of lowercase letters"),
            (#"{"items": [{"code": "saludo"}]}"#, "quality.audits.items[0].name: is required but missing"),
        ]
        for (audits, message) in cases {
            let path = try Self.settings(audits, in: directory)
            let outcome = try await ChildProcess.offPool {
                try ChildProcess.run(RunningCentral.binary, [
                    "serve", "--settings", path, "--database", directory.path("central.sqlite"), "--host", "127.0.0.1", "--port", "0",
                ], timeout: 60)
            }
            #expect(outcome.status != 0 && outcome.stderr.contains(message), "\(audits): \(outcome.stderr)")
            #expect(!outcome.stdout.contains("listening on"))
        }
    }

    @Test("a sample of one per agent, audited with the centre's own items")
    func configuredChecklist() async throws {
        try await withTestStorage(.sqlite) { storage in
            _ = try await QualityReportTests.officeDay(storage: storage.storage, directory: storage.directory)
            let path = try Self.settings(#"""
                {"sampleSize": 1, "items": [{"code": "saludo", "name": {"es": "Saludo", "en": "Greeting"}},
                                             {"code": "cierre", "name": {"es": "Cierre", "en": "Closing"}}]}
                """#, in: storage.directory)
            let central = try await RunningCentral.start(database: storage.database, extra: ["--settings", path])
            defer { central.stop() }
            _ = try await central.command(["user", "add", "gerente", "--role", "manager", "--pbkdf2-rounds", "1000"])
            let manager = try await DashboardClient.signIn(central, as: "gerente")
            let target = "/dashboard/audits?office=\(OfficeScenario.office)&month=2026-11"
            let page = try await manager.get(target)
            // ana served two, luis one: one each.
            #expect(page.components(separatedBy: "data-sample=").count - 1 == 2, "\(page)")
            #expect(page.contains("de 1 atenciones por asesor") && page.contains("Saludo") && !page.contains("Protocolo de bienvenida"))
            let luisTurn = try #require(try await storage.storage.escalations(officeId: nil, openOnly: false, limit: 1).first?.opening.turnId)
            let csrf = try #require(Session.csrf(in: page))
            var form = ["csrf": csrf, "office": OfficeScenario.office, "month": "2026-11", "turn": luisTurn, "item-saludo": "met"]
            #expect(try await manager.post("/dashboard/audits", form: form.merging(["item-trato": "met"]) { $1 }) == 400)
            #expect(try await manager.post("/dashboard/audits", form: form) == 400)  // "cierre" unanswered
            form["item-cierre"] = "not-met"
            #expect(try await manager.post("/dashboard/audits", form: form) == 303)
            #expect(try await manager.get(target).contains(#"data-audit-score="R-001">50 / 100"#))
        }
    }
}
