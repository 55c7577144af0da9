import Foundation
public import Logging
public import ServiceLifecycle
import SystemIO
import TurneroCore
public import TurneroStore

/// The board's voice: every call and recall recorded in the office's database is announced
/// aloud — a chime, then "Turno pe, cuarenta y dos, módulo tres" in the customer's language —
/// one at a time (``AnnouncementQueue``), with espeak-ng, to the sound device or WAV files.
/// A service of the board's program: it wakes when the database changes, never on a timer.
public final class VoiceAnnouncer: ServiceLifecycle.Service, Sendable {
    let store: QueueStore
    let synthesizer: any SpeechSynthesizer
    let sink: AudioSink
    let logger: Logger
    /// Reads the outbox for new calls.
    private let database = BlockingExecutor(label: "turnero.voice.calls")
    /// Synthesizes and plays (seconds per call), apart from the reads so none waits on it.
    private let speech = BlockingExecutor(label: "turnero.voice.speech")
    /// The outbox position when the announcer was made: calls before it are not announced.
    private let startCursor: Int64?

    /// - Throws: `VoiceError` when espeak-ng (or, for the device, aplay) is missing, or the
    ///   directory cannot be created.
    public init(
        store: QueueStore, output: AudioOutput, synthesizer: (any SpeechSynthesizer)? = nil,
        logger: Logger = Logger(label: "turnero.voice")
    ) throws(VoiceError) {
        self.store = store
        if let synthesizer {
            self.synthesizer = synthesizer
        } else {
            self.synthesizer = try EspeakSynthesizer()
        }
        self.sink = try AudioSink(output)
        self.logger = logger
        self.startCursor = try? store.database.lastOutboxSeq()
    }

    private enum Input: Sendable {
        case called(CallAnnouncement)
        case finished
    }

    /// Announces calls made from now on until cancelled or graceful shutdown.
    public func run() async {
        await cancelWhenGracefulShutdown { [self] in await announce() }
    }

    private func announce() async {
        let settings = store.configuration.announcements
        let (inputs, continuation) = AsyncStream.makeStream(of: Input.self)
        let watcher = Task { [self] in await watch(continuation) }
        defer { watcher.cancel() }
        var queue = AnnouncementQueue()
        var spoken = 0
        var current: Task<Void, Never>?
        logger.notice("announcing calls aloud", metadata: ["output": "\(sink.output)"])
        await withTaskCancellationHandler {
            for await input in inputs {
                let action: AnnouncementQueue.Action
                switch input {
                case .called(let call): action = queue.called(call)
                case .finished: action = queue.finished()
                }
                guard case .speak(let call) = action else { continue }
                spoken += 1
                let name = String(format: "%04d", spoken) + "-\(call.label)-\(call.call)"
                current = Task { [self] in
                    await say(call, text: call.text(settings: settings), settings: settings, name: name)
                    continuation.yield(.finished)
                }
            }
        } onCancel: {
            continuation.finish()
        }
        current?.cancel()
    }

    /// Reads new calls from the outbox whenever the database changes and feeds them in.
    private func watch(_ continuation: AsyncStream<Input>.Continuation) async {
        var cursor = startCursor
        await StoreWatch.run(store, on: database, logger: logger) { [self] in
            do {
                if let from = cursor {
                    let (calls, through) = try await database.run { [store] in try store.calls(after: from) }
                    for call in calls { continuation.yield(.called(call)) }
                    cursor = through
                } else {
                    // Calls made before the board started are not announced.
                    cursor = try await database.run { [store] in try store.database.lastOutboxSeq() }
                }
            } catch {
                logger.error("calls could not be read", metadata: ["error": "\(error)"])
            }
        }
    }

    /// Synthesizes and plays one announcement; a failure is logged and the queue goes on.
    private func say(_ call: CallAnnouncement, text: String, settings: AnnouncementSettings, name: String) async {
        do {
            try await speech.run { [synthesizer, sink] in
                let speech = try synthesizer.synthesize(text, language: call.language)
                let rate = speech.sampleRate
                var audio = settings.chime ? PCMAudio.chime(sampleRate: rate).appending(.silence(0.25, sampleRate: rate)) : PCMAudio(sampleRate: rate)
                for repetition in 0..<max(1, settings.repetitions) {
                    if repetition > 0 { audio = audio.appending(.silence(0.8, sampleRate: rate)) }
                    audio = audio.appending(speech)
                }
                try sink.play(audio.appending(.silence(0.3, sampleRate: rate)), name: name, text: text)
            }
            logger.info("call announced", metadata: ["label": "\(call.label)", "counter": "\(call.counter)", "call": "\(call.call)"])
        } catch {
            logger.error("call not announced", metadata: ["label": "\(call.label)", "error": "\(error)"])
        }
    }
}
