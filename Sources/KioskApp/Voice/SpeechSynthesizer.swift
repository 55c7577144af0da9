import Foundation
public import TurneroCore

/// Turns a sentence into audio (blocking: call it off the cooperative pool).
public protocol SpeechSynthesizer: Sendable {
    /// The sentence spoken in `language`.
    func synthesize(_ text: String, language: Language) throws(VoiceError) -> PCMAudio
}

/// espeak-ng (Debian package `espeak-ng`), run once per sentence with the text on standard
/// input (never on the command line) and the WAV read from standard output.
public struct EspeakSynthesizer: SpeechSynthesizer {
    /// The program, found on `PATH` when not given.
    public var executable: String
    /// Words per minute: a little slower than espeak-ng's 175, for a noisy hall.
    public var wordsPerMinute = 150

    /// - Throws: `.synthesizerMissing` when espeak-ng is not installed.
    public init(executable: String? = nil) throws(VoiceError) {
        guard let found = executable ?? ExternalProgram.find("espeak-ng") else {
            throw VoiceError(.synthesizerMissing, "espeak-ng is not installed (kiosk-scripts/setup.sh installs it: apt-get install espeak-ng)")
        }
        self.executable = found
    }

    /// The espeak-ng voice for a language: Latin American Spanish, American English.
    public static func voice(for language: Language) -> String {
        switch language {
        case .spanish: "es-419"
        case .english: "en-us"
        }
    }

    public func synthesize(_ text: String, language: Language) throws(VoiceError) -> PCMAudio {
        let result = try ExternalProgram.run(
            executable, ["-v", Self.voice(for: language), "-s", String(wordsPerMinute), "--stdout", "--stdin"],
            input: Array(text.utf8), timeout: 30)
        guard result.status == 0 else {
            throw VoiceError(.synthesisFailed, "espeak-ng exited \(result.status): \(result.errors.prefix(200))")
        }
        let audio = try PCMAudio(wav: result.output)
        guard audio.duration > 0.1, audio.peak > 100 else { throw VoiceError(.synthesisFailed, "espeak-ng gave no speech") }
        return audio
    }

    /// The phonemes espeak-ng reads `text` as (`-x -q`), one clause a line: what a listener hears.
    public func phonemes(_ text: String, language: Language) throws(VoiceError) -> String {
        let result = try ExternalProgram.run(
            executable, ["-v", Self.voice(for: language), "-x", "-q", "--stdin"], input: Array(text.utf8), timeout: 30)
        guard result.status == 0 else { throw VoiceError(.synthesisFailed, "espeak-ng exited \(result.status)") }
        return String(decoding: result.output, as: UTF8.self)
    }
}

/// Runs a helper program (espeak-ng, aplay) to completion with a deadline. Blocking.
enum ExternalProgram {
    struct Result {
        var status: Int32
        var output: [UInt8]
        var errors: String
    }

    /// The program's path on `PATH`, or nil.
    static func find(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Runs `executable` with `input` on standard input; killed after `timeout` seconds.
    static func run(_ executable: String, _ arguments: [String], input: [UInt8], timeout: Double) throws(VoiceError) -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let stdin = Pipe()
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        do {
            try process.run()
        } catch {
            throw VoiceError(.synthesizerMissing, "cannot start \(executable): \(error)")
        }
        let timer = DispatchSource.makeTimerSource()
        timer.schedule(deadline: .now() + timeout)
        timer.setEventHandler { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        timer.resume()
        defer { timer.cancel() }
        // Read both pipes while writing, so neither side blocks on a full pipe.
        let group = DispatchGroup()
        let collected = OutputBox()
        group.enter()
        DispatchQueue.global().async {
            collected.output = stdout.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        group.enter()
        DispatchQueue.global().async {
            collected.errors = stderr.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        try? stdin.fileHandleForWriting.write(contentsOf: Data(input))
        try? stdin.fileHandleForWriting.close()
        group.wait()
        process.waitUntilExit()
        return Result(
            status: process.terminationReason == .uncaughtSignal ? -process.terminationStatus : process.terminationStatus,
            output: Array(collected.output), errors: String(decoding: collected.errors, as: UTF8.self))
    }
}

/// The two pipes' contents, each written by one reader before `group.wait()` returns.
private final class OutputBox: @unchecked Sendable {  // each field is written once, then read after the group's wait
    var output = Data()
    var errors = Data()
}
