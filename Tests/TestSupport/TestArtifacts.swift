public import Foundation

/// Where screenshots and page dumps go: `$TURNERO_TEST_ARTIFACTS`, else `.build/test-artifacts`
/// in the repository (CI keeps the directory).
public enum TestArtifacts {
    public static var directory: URL {
        get throws {
            let url = ProcessInfo.processInfo.environment["TURNERO_TEST_ARTIFACTS"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }
                ?? TurneroProcess.repositoryRoot.appendingPathComponent(".build/test-artifacts")
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            return url
        }
    }

    public static func path(_ name: String) throws -> String { try directory.appendingPathComponent(name).path }

    /// Writes `text` (a page's DOM, a log) as `name`.
    public static func save(_ text: String, as name: String) throws {
        try text.write(toFile: try path(name), atomically: true, encoding: .utf8)
    }
}
