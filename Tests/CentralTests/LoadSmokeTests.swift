import Foundation
import TestSupport
import Testing

/// A bounded run of the load test tool: the real `central-load` drives the real
/// `turnero-central` with 20 kiosks, lost answers and reconnect storms, and the centre must hold
/// exactly the generated events. The full 1,000-kiosk run is in docs/performance.md.
@Suite("Load test smoke run", .serialized)
struct LoadSmokeTests {
    static let binary = ChildProcess.built("central-load")

    @Test("20 kiosks, 2 storms, a 5 s day: nothing lost, nothing duplicated", arguments: Backend.enabled)
    func smoke(_ backend: Backend) async throws {
        if backend == .postgres && Environment.postgresURL == nil {
            throw TestFailure("CI is set but TURNERO_TEST_POSTGRES_URL is not: run `eval \"$(kiosk-scripts/postgres-test.sh start)\"`")
        }
        let directory = try TempDirectory("central-load-smoke")
        defer { directory.remove() }
        let json = directory.path("result.json")
        let binary = Self.binary
        let run = try await ChildProcess.offPool {
            try ChildProcess.run(
                binary,
                [
                    "--kiosks", "20", "--turns", "30", "--day", "5", "--time-limit", "90", "--storms", "2", "--batch", "40",
                    "--backend", backend.rawValue, "--central", RunningCentral.binary.path, "--json", json,
                ],
                timeout: 150)
        }
        #expect(run.status == 0, "central-load failed: \(run.stdout.suffix(1_500)) \(run.stderr.suffix(1_500))")
        let data = try Data(contentsOf: URL(fileURLWithPath: json))
        let results = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        let result = try #require(results.first)
        #expect(results.count == 1 && result["backend"] as? String == backend.rawValue)
        let events = try #require(result["events"] as? Int)
        #expect(events > 20 * 30, "each kiosk's day has more events than turns")
        #expect(result["stored"] as? Int == events && result["counted"] as? Int == events, "\(result)")
        for zero in ["missing", "mismatched", "dead_letters", "unfinished_kiosks", "server_errors"] {
            #expect(result[zero] as? Int == 0, "\(zero): \(result[zero] ?? "absent")")
        }
        #expect(result["passed"] as? Bool == true)
        #expect((result["uploads"] as? Int ?? 0) >= 20, "every kiosk uploaded")
    }
}
