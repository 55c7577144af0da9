import Foundation

/// The real `turnero-central serve` as a child process on 127.0.0.1 (port picked by the server).
final class CentralProcess: Sendable {
    let process: Process
    let port: Int

    private init(process: Process, port: Int) {
        self.process = process
        self.port = port
    }

    static func start(executable: String, database: String, work: String, name: String, extra: [String] = []) throws -> CentralProcess {
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw LoadFailure(description: "\(executable) is missing: build turnero-central first")
        }
        let output = "\(work)/\(name)-server.out"
        guard FileManager.default.createFile(atPath: output, contents: nil),
            FileManager.default.createFile(atPath: "\(work)/\(name)-server.log", contents: nil)
        else { throw LoadFailure(description: "cannot write in \(work)") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        // No drain window: the run is over when it stops the centre.
        process.arguments = ["serve", "--database", database, "--host", "127.0.0.1", "--port", "0", "--log-level", "warning", "--drain-seconds", "0"]
            + extra
        process.standardOutput = FileHandle(forWritingAtPath: output)
        process.standardError = FileHandle(forWritingAtPath: "\(work)/\(name)-server.log")
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            if let text = try? String(contentsOfFile: output, encoding: .utf8),
                let line = text.split(separator: "\n").first(where: { $0.hasPrefix("listening on ") }),
                let port = Int(line.dropFirst("listening on ".count))
            {
                return CentralProcess(process: process, port: port)
            }
            guard process.isRunning else { break }
            Thread.sleep(forTimeInterval: 0.1)
        }
        process.terminate()
        throw LoadFailure(description: "turnero-central did not start; see \(work)/\(name)-server.log")
    }

    /// SIGKILL: the process dies with whatever it had in flight (its transactions roll back).
    func kill() {
        guard process.isRunning else { return }
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// SIGTERM (graceful: in-flight batches finish) and wait.
    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }
}

struct LoadFailure: Error, CustomStringConvertible {
    var description: String
}

extension Date {
    var millisecondsSince1970: Int64 { Int64((timeIntervalSince1970 * 1000).rounded(.down)) }
}
