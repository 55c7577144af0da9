import Foundation
import KioskApp
import TestSupport
import Testing
import TurneroCore

/// espeak-ng is installed by kiosk-scripts/setup.sh; in CI (CI=1) these tests run without it
/// and fail, so a missing synthesizer is never a silent pass.
enum Espeak {
    static let required = ProcessInfo.processInfo.environment["CI"] == "1"
    static let installed = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":")
        .contains { FileManager.default.isExecutableFile(atPath: "\($0)/espeak-ng") }

    /// espeak-ng's phonemes reduced to what a listener tells apart: no stress, pause or
    /// vowel-reduction marks (`2`, `#`),
    /// lenited consonants as their plain ones (/ð/→d, /β/→b, /ɣ/→g), no doubled sounds.
    static func heard(_ phonemes: String) -> String {
        let marks: Set<Character> = ["'", ",", ";", ":", "_", "!", "*", "2", "#", " ", "\n"]
        let plain: [Character: Character] = ["D": "d", "B": "b", "Q": "g", "j": "i", "E": "e", "I": "i", "O": "o"]
        var out = ""
        for character in phonemes where !marks.contains(character) {
            let mapped = Character((plain[character] ?? character).lowercased())
            if out.last != mapped { out.append(mapped) }
        }
        return out
    }
}

@Suite(
    "Calls spoken by espeak-ng", .serialized,
    .enabled(if: Espeak.installed || Espeak.required, "espeak-ng is not installed (kiosk-scripts/setup.sh installs it)"))
struct VoiceTests {
    /// The oracle is espeak-ng itself reading the digits: our words must sound exactly like it.
    @Test("numbers in words sound as espeak-ng reads the digits (es-419 and en-us)")
    func wordsSoundLikeTheNumber() throws {
        let espeak = try EspeakSynthesizer()
        var random = SplitMix64(seed: 17)
        let numbers = [1, 16, 21, 42, 100, 101, 555, 1000, 1001, 2021, 9999] + (0..<25).map { _ in Int.random(in: 1...9999, using: &random) }
        for number in numbers {
            for language in Language.allCases {
                let words = try espeak.phonemes(SpokenNumber.words(number, in: language), language: language)
                let digits = try espeak.phonemes(String(number), language: language)
                #expect(Espeak.heard(words) == Espeak.heard(digits), "\(number) \(language): '\(words)' vs '\(digits)'")
            }
        }
    }

    @Test func theSentenceIsHeardAsTheLetterTheNumberAndTheCounter() throws {
        let espeak = try EspeakSynthesizer()
        let call = CallAnnouncement(turnId: "x", label: "P-042", counter: 3, call: 1, language: .spanish)
        let heard = Espeak.heard(try espeak.phonemes(call.text(), language: .spanish))
        let expected = try ["turno", "pe", "42", "módulo", "3"].map { Espeak.heard(try espeak.phonemes($0, language: .spanish)) }
        #expect(heard == expected.joined(), "\(heard) vs \(expected)")
        // The raw label would have been heard with a "cero" in it.
        let raw = Espeak.heard(try espeak.phonemes("Turno P-042, módulo 3", language: .spanish))
        let zero = Espeak.heard(try espeak.phonemes("cero", language: .spanish))
        #expect(raw != heard && raw.contains(zero))
    }

    /// The board as the office runs it: every call and recall becomes a WAV (chime + sentence),
    /// one after another, never two at once.
    @Test func theBoardWritesAWavPerCallInTurnAndRepeatsARecall() throws {
        let cli = try TurneroProcess()
        defer { cli.remove() }
        try cli.initialize()
        let wavs = cli.stateDirectory.appendingPathComponent("voice")
        try cli.run(["turn", "issue", "--service", "pagos", "--no-print"])
        try cli.run(["turn", "issue", "--service", "reclamos", "--no-print", "--language", "en"])
        let board = try cli.startOnTerminal(["board", "--voice-wav-dir", wavs.path], columns: 80, rows: 24)
        defer { board.process.terminate() }
        #expect(board.wait(for: "Esperando el primer llamado"))
        try cli.run(["counter", "call", "--counter", "1"])
        try cli.run(["counter", "call", "--counter", "3"])
        try cli.run(["counter", "recall", "--counter", "1"])
        let names = ["0001-P-001-1", "0002-R-001-1", "0003-P-001-2"]
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, !FileManager.default.fileExists(atPath: wavs.appendingPathComponent("\(names[2]).wav").path) {
            Thread.sleep(forTimeInterval: 0.05)  // polling the folder the board writes
        }
        var previousEnd: Date?
        let sentences = ["Turno pe, uno, módulo uno", "Ticket ar, one, counter three", "Turno pe, uno, módulo uno"]
        for (name, sentence) in zip(names, sentences) {
            let wav = wavs.appendingPathComponent("\(name).wav")
            let text = try String(contentsOf: wavs.appendingPathComponent("\(name).txt"), encoding: .utf8)
            #expect(text == sentence)
            let audio = try PCMAudio(wav: Array(Data(contentsOf: wav)))
            // Chime (~1.2 s) and a short sentence at 150 words a minute: a few seconds, never silence.
            #expect(audio.duration > 2 && audio.duration < 12 && audio.peak > 1000, "\(name): \(audio.duration) s")
            let written = try FileManager.default.attributesOfItem(atPath: wav.path)[.modificationDate] as! Date
            if let previousEnd { #expect(written >= previousEnd.addingTimeInterval(-0.1), "\(name) talked over the previous call") }
            previousEnd = written.addingTimeInterval(audio.duration)
        }
        #expect(board.screen.contains("Módulo 1"))
    }
}

