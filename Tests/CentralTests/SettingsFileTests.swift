import Foundation
import TestSupport
import Testing

/// `turnero-central serve --settings FILE` with a wrong file: the operator reads which field is
/// wrong, in the same words as for the kiosk's own files (one decoding-error mapping).
@Suite("Centre settings file")
struct SettingsFileTests {
    @Test("a settings file with a wrong value names the field path and stops before serving")
    func wrongValueNamesTheField() async throws {
        let directory = try TempDirectory("turnero-settings")
        defer { directory.remove() }
        let settings = directory.path("central.json")
        try Data(#"{"callbacks": {"reasons": [{"code": 7, "name": "Trato"}]}}"#.utf8).write(to: URL(fileURLWithPath: settings))
        let outcome = try await ChildProcess.offPool {
            try ChildProcess.run(
                RunningCentral.binary,
                ["serve", "--database", directory.path("central.sqlite"), "--host", "127.0.0.1", "--port", "0", "--settings", settings],
                timeout: 60)
        }
        #expect(outcome.status != 0)
        #expect(outcome.stderr.contains("callbacks.reasons[0].code: expected a string"), "\(outcome.stderr)")
    }

    @Test("a settings file missing a required field names it")
    func missingFieldNamesIt() async throws {
        let directory = try TempDirectory("turnero-settings")
        defer { directory.remove() }
        let settings = directory.path("central.json")
        try Data(#"{"callbacks": {"reasons": [{"name": "Trato"}]}}"#.utf8).write(to: URL(fileURLWithPath: settings))
        let outcome = try await ChildProcess.offPool {
            try ChildProcess.run(
                RunningCentral.binary,
                ["serve", "--database", directory.path("central.sqlite"), "--host", "127.0.0.1", "--port", "0", "--settings", settings],
                timeout: 60)
        }
        #expect(outcome.status != 0)
        #expect(outcome.stderr.contains("callbacks.reasons[0].code: is required but missing"), "\(outcome.stderr)")
    }
}
