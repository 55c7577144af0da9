import Dispatch
import Foundation
public import Logging
public import ServiceLifecycle
import TerminalFront

/// Runs a `TerminalApp` on the controlling terminal as a ServiceLifecycle service: raw mode,
/// decoding, timers, resizes, systemd readiness and watchdog, and the messages other services
/// of the program post to it.
///
/// Event-driven: it sleeps until a byte arrives, a message is posted, the terminal is resized
/// or the moment the app named with `nextWake` comes, so an idle screen never wakes. It returns
/// on graceful shutdown (SIGTERM, SIGINT, SIGHUP through the ServiceGroup), at end of input, or
/// on Ctrl-C with `allowQuit`, always with the terminal restored.
public final class TerminalService<App: TerminalApp>: ServiceLifecycle.Service, Sendable {
    public let app: App
    let device: TerminalDevice
    /// Lets Ctrl-C end the program (development only; kiosks ignore it).
    let allowQuit: Bool
    let notifier: SystemdNotifier
    let logger: Logger
    private let events: AsyncStream<RunnerEvent<App.Message>>
    private let sink: AsyncStream<RunnerEvent<App.Message>>.Continuation

    public init(app: App, device: TerminalDevice, allowQuit: Bool, notifier: SystemdNotifier = .init(), logger: Logger) {
        self.app = app
        self.device = device
        self.allowQuit = allowQuit
        self.notifier = notifier
        self.logger = logger
        (events, sink) = AsyncStream.makeStream(of: RunnerEvent<App.Message>.self, bufferingPolicy: .bufferingNewest(4096))
    }

    /// Hands `message` to the app (from any thread or service); delivered in order.
    public func post(_ message: App.Message) {
        sink.yield(.message(message))
    }

    /// Runs until graceful shutdown, end of input, or Ctrl-C with `allowQuit`.
    public func run() async {
        let sink = self.sink
        await withGracefulShutdownHandler {
            await TerminalRunner(service: self).run(events: events, sink: sink)
        } onGracefulShutdown: {
            sink.yield(.terminate)
        }
    }
}

/// What wakes the runner.
enum RunnerEvent<Message: Sendable>: Sendable {
    case bytes([UInt8])
    case inputClosed
    case tick
    case resize
    case terminate
    case message(Message)
}

/// SIGWINCH → `onResize`. The terminating signals are the ServiceGroup's; the keys that could
/// stop the program are ignored whoever sends them.
final class ResizeWatcher: @unchecked Sendable {  // `source` is immutable; dispatch sources are thread-safe
    private let source: any DispatchSourceSignal

    init(_ onResize: @escaping @Sendable () -> Void) {
        // Ctrl-Z and Ctrl-\ never arrive as signals in raw mode; ignore them from elsewhere too.
        signal(SIGTSTP, SIG_IGN)
        signal(SIGQUIT, SIG_IGN)
        signal(SIGPIPE, SIG_IGN)
        signal(SIGWINCH, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGWINCH, queue: .global())
        source.setEventHandler(handler: onResize)
        source.resume()
    }

    func cancel() { source.cancel() }
}
