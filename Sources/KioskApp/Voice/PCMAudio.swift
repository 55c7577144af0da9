import Foundation

/// Mono 16-bit PCM audio: what espeak-ng writes, a generated chime, silence, and the WAV file
/// bytes of their concatenation. Pure values.
public struct PCMAudio: Sendable, Hashable {
    public var sampleRate: Int
    public var samples: [Int16]

    public init(sampleRate: Int, samples: [Int16] = []) {
        self.sampleRate = sampleRate
        self.samples = samples
    }

    /// Seconds of audio.
    public var duration: Double { Double(samples.count) / Double(max(1, sampleRate)) }

    /// Reads a RIFF/WAVE file holding 16-bit mono PCM (espeak-ng's output).
    public init(wav bytes: [UInt8]) throws(VoiceError) {
        func word(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 | Int(bytes[at + 2]) << 16 | Int(bytes[at + 3]) << 24 }
        func half(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
        guard bytes.count >= 12, bytes[0..<4] == Array("RIFF".utf8)[...], bytes[8..<12] == Array("WAVE".utf8)[...] else {
            throw VoiceError(.badAudio, "not a WAV file")
        }
        var offset = 12
        var rate: Int?
        while offset + 8 <= bytes.count {
            let id = String(decoding: bytes[offset..<offset + 4], as: UTF8.self)
            // espeak-ng writing to a pipe leaves the sizes at 0x7fffffff: read to the end.
            let size = min(word(offset + 4), bytes.count - offset - 8)
            let body = offset + 8
            if id == "fmt " && size >= 16 {
                guard half(body) == 1, half(body + 2) == 1, half(body + 14) == 16 else {
                    throw VoiceError(.badAudio, "not 16-bit mono PCM")
                }
                rate = word(body + 4)
            } else if id == "data", let rate {
                var samples = [Int16](repeating: 0, count: size / 2)
                for index in samples.indices { samples[index] = Int16(bitPattern: UInt16(half(body + 2 * index))) }
                self.init(sampleRate: rate, samples: samples)
                return
            }
            offset = body + size + (size & 1)
        }
        throw VoiceError(.badAudio, "no PCM data in the WAV file")
    }

    /// The WAV file of this audio.
    public var wav: [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(44 + samples.count * 2)
        func append32(_ value: Int) { bytes += (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }
        func append16(_ value: Int) { bytes += (0..<2).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }
        bytes += Array("RIFF".utf8)
        append32(36 + samples.count * 2)
        bytes += Array("WAVEfmt ".utf8)
        append32(16)
        append16(1)  // PCM
        append16(1)  // mono
        append32(sampleRate)
        append32(sampleRate * 2)
        append16(2)
        append16(16)
        bytes += Array("data".utf8)
        append32(samples.count * 2)
        for sample in samples { append16(Int(UInt16(bitPattern: sample))) }
        return bytes
    }

    /// `seconds` of silence.
    public static func silence(_ seconds: Double, sampleRate: Int) -> PCMAudio {
        PCMAudio(sampleRate: sampleRate, samples: [Int16](repeating: 0, count: Int(seconds * Double(sampleRate))))
    }

    /// The two-note chime before an announcement (a falling major third, each note decaying like a bell).
    public static func chime(sampleRate: Int) -> PCMAudio {
        var samples: [Int16] = []
        for (frequency, seconds) in [(659.25, 0.35), (523.25, 0.6)] {
            let count = Int(seconds * Double(sampleRate))
            for index in 0..<count {
                let t = Double(index) / Double(sampleRate)
                let attack = min(1, t / 0.01)
                let envelope = attack * exp(-3.5 * t / seconds)
                let wave = sin(2 * .pi * frequency * t) + 0.3 * sin(4 * .pi * frequency * t)
                samples.append(Int16(max(-32_767, min(32_767, 12_000 * envelope * wave / 1.3))))
            }
        }
        return PCMAudio(sampleRate: sampleRate, samples: samples)
    }

    /// This audio followed by `other` (resampled by repetition or dropping when the rates differ).
    public func appending(_ other: PCMAudio) -> PCMAudio {
        guard other.sampleRate != sampleRate else { return PCMAudio(sampleRate: sampleRate, samples: samples + other.samples) }
        let ratio = Double(other.sampleRate) / Double(sampleRate)
        let count = Int(Double(other.samples.count) / ratio)
        let converted = (0..<count).map { other.samples[min(other.samples.count - 1, Int(Double($0) * ratio))] }
        return PCMAudio(sampleRate: sampleRate, samples: samples + converted)
    }

    /// The loudest sample's magnitude (a silent file is a failed synthesis).
    public var peak: Int { samples.map { Int($0.magnitude) }.max() ?? 0 }
}
