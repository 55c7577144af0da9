import Foundation
import TestSupport

/// Debian's Chromium, headless, one fresh profile per page. Name resolution is mapped away for
/// every host but 127.0.0.1 and the browser's own background traffic is off, so a test run
/// talks to nothing but the loopback server.
struct HeadlessChromium: Sendable {
    let executable: URL

    /// The installed browser; on CI (`CI` set) a missing one is an error, elsewhere `nil`.
    static func installed() throws -> HeadlessChromium? {
        if let path = Environment.chromium { return HeadlessChromium(executable: URL(fileURLWithPath: path)) }
        if Environment.isCI { throw TestFailure("CI is set but Chromium is missing: run `kiosk-scripts/setup.sh --test`") }
        return nil
    }

    /// The page's DOM after it loaded (scripts, if any, ran; there are none on the dashboard).
    func dumpDOM(_ url: String) async throws -> String {
        try await run(["--dump-dom", url])
    }

    /// A PNG of the page in a `width`×`height` window.
    func screenshot(_ url: String, to path: String, width: Int = 1280, height: Int = 1600) async throws {
        try? FileManager.default.removeItem(atPath: path)
        _ = try await run(["--screenshot=\(path)", "--window-size=\(width),\(height)", "--hide-scrollbars", url])
        guard FileManager.default.fileExists(atPath: path) else { throw TestFailure("Chromium wrote no screenshot for \(url)") }
    }

    private func run(_ arguments: [String]) async throws -> String {
        let profile = try TempDirectory("turnero-chromium")
        defer { profile.remove() }
        let isolation = [
            "--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(profile.url.path)", "--no-first-run",
            "--no-default-browser-check", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-default-apps", "--disable-extensions", "--disable-domain-reliability", "--disable-breakpad",
            "--metrics-recording-only", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1", "--lang=es-CO",
        ]
        let (executable, home) = (executable, profile.url.path)
        let outcome = try await ChildProcess.offPool {
            try ChildProcess.run(executable, isolation + arguments, environment: ["HOME": home, "TZ": "UTC"], timeout: 90)
        }
        guard outcome.status == 0 else {
            throw TestFailure("chromium exited \(outcome.status): \(outcome.stderr.suffix(2_000))")
        }
        return outcome.stdout
    }
}

/// The parts of a PNG file a test checks: the signature and the IHDR dimensions.
struct PNGHeader: Equatable {
    var width: Int
    var height: Int

    init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    init?(_ data: Data) {
        let bytes = [UInt8](data.prefix(24))
        guard bytes.count == 24, bytes[0..<8] == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A],
            bytes[12..<16] == Array("IHDR".utf8)[...]
        else { return nil }
        func word(_ at: Int) -> Int { bytes[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
        width = word(16)
        height = word(20)
    }
}
