import Foundation

/// Where announcements go: the default sound device, or WAV files (tests and CI have no sound
/// card; a technician can listen to them).
public enum AudioOutput: Sendable, Hashable {
    /// Played with `aplay` (alsa-utils) on the default device.
    case device
    /// Written as `NNNN-<label>-<call>.wav` with the spoken sentence beside it in `.txt`; the
    /// writer then waits as long as the audio lasts, as the sound card would, so calls are
    /// queued here exactly as in the hall.
    case directory(String)
}

/// Plays or writes one announcement's audio. Blocking: runs off the cooperative pool.
struct AudioSink: Sendable {
    let output: AudioOutput
    let player: String?

    /// - Throws: `.synthesizerMissing` when the device is wanted and aplay is not installed;
    ///   `.io` when the directory cannot be created.
    init(_ output: AudioOutput) throws(VoiceError) {
        self.output = output
        switch output {
        case .device:
            guard let aplay = ExternalProgram.find("aplay") else {
                throw VoiceError(.synthesizerMissing, "aplay is not installed (kiosk-scripts/setup.sh installs it: apt-get install alsa-utils)")
            }
            player = aplay
        case .directory(let path):
            player = nil
            do {
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            } catch {
                throw VoiceError(.io, "cannot create \(path): \(error.localizedDescription)")
            }
        }
    }

    /// Plays `audio` to its end (device), or writes it and waits as long as it lasts (files).
    func play(_ audio: PCMAudio, name: String, text: String) throws(VoiceError) {
        switch output {
        case .device:
            let result = try ExternalProgram.run(player ?? "aplay", ["-q", "-"], input: audio.wav, timeout: audio.duration + 15)
            guard result.status == 0 else {
                throw VoiceError(.playbackFailed, "aplay exited \(result.status): \(result.errors.prefix(200))")
            }
        case .directory(let path):
            let base = (path as NSString).appendingPathComponent(name)
            do {
                // The sentence first, then the audio renamed into place: a reader that sees the
                // WAV sees it whole, with its text.
                try Data(text.utf8).write(to: URL(fileURLWithPath: base + ".txt"), options: .atomic)
                try Data(audio.wav).write(to: URL(fileURLWithPath: base + ".wav"), options: .atomic)
            } catch {
                throw VoiceError(.io, "cannot write \(base).wav: \(error.localizedDescription)")
            }
            Thread.sleep(forTimeInterval: audio.duration)
        }
    }
}
