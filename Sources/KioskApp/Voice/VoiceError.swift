/// Why an announcement could not be said: the synthesizer or the player failed, or a file could
/// not be written. Technicians see the code and the detail; customers hear nothing wrong, the
/// next call is announced anyway.
public struct VoiceError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Value: String { case synthesizerMissing, synthesisFailed, playbackFailed, badAudio, io }
        private let value: Value
        private init(_ value: Value) { self.value = value }
        /// espeak-ng (or the player) is not installed.
        public static let synthesizerMissing = Code(.synthesizerMissing)
        /// espeak-ng ran but gave no usable audio.
        public static let synthesisFailed = Code(.synthesisFailed)
        /// The player failed or the sound device refused the audio.
        public static let playbackFailed = Code(.playbackFailed)
        /// Audio that is not 16-bit PCM WAV.
        public static let badAudio = Code(.badAudio)
        /// A WAV file could not be written.
        public static let io = Code(.io)
        public var description: String { value.rawValue }
    }

    public var code: Code
    public var detail: String

    public init(_ code: Code, _ detail: String) {
        self.code = code
        self.detail = detail
    }

    public var description: String { "\(code): \(detail)" }
}
