import Dispatch
import Foundation
public import Logging
import TerminalFront

#if canImport(Glibc)
    import Glibc
#endif

/// Runs a `TerminalApp` on the controlling terminal: raw mode, decoding, ticks, resizes,
/// signals, systemd readiness and watchdog. The loop never blocks on I/O.
public struct TerminalRunner: Sendable {
    public var device: TerminalDevice
    /// Lets Ctrl-C end the program (development only; kiosks ignore it).
    public var allowQuit: Bool
    public var notifier: SystemdNotifier
    public var logger: Logger
    public var tickInterval: Duration = .milliseconds(250)

    public init(device: TerminalDevice, allowQuit: Bool, notifier: SystemdNotifier = .init(), logger: Logger) {
        self.device = device
        self.allowQuit = allowQuit
        self.notifier = notifier
        self.logger = logger
    }

    enum Event<Message: Sendable>: Sendable {
        case bytes([UInt8])
        case inputClosed
        case tick
        case resize
        case terminate
        case message(Message)
    }

    /// Runs until SIGTERM/SIGINT/SIGHUP, end of input, or Ctrl-C with `allowQuit`.
    public func run<App: TerminalApp>(_ app: App) async {
        let (events, sink) = AsyncStream.makeStream(of: Event<App.Message>.self, bufferingPolicy: .bufferingNewest(4096))
        device.takeOver()
        defer { device.restore() }
        InputReader.start(fd: device.input) { bytes in sink.yield(bytes.map(Event.bytes) ?? .inputClosed) }
        let signals = SignalWatcher { sink.yield($0 ? .resize : .terminate) }
        let post: @Sendable (App.Message) -> Void = { sink.yield(.message($0)) }
        let background = Task { [tickInterval] in
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    while !Task.isCancelled {
                        try? await Task.sleep(for: tickInterval)
                        sink.yield(.tick)
                    }
                }
                group.addTask { await app.background(post: post) }
            }
        }
        defer {
            background.cancel()
            signals.cancel()
        }

        var state = app.initialState(now: Date())
        var decoder = InputDecoder()
        var writer = ANSIWriter()
        var screen = draw(app, state, &writer)
        // Technicians (and the touch-stack test) read the grid the font gives on this display.
        var drawnSize = (screen.canvas.columns, screen.canvas.rows)
        logger.notice("terminal is \(drawnSize.0)×\(drawnSize.1)", metadata: ["columns": "\(drawnSize.0)", "rows": "\(drawnSize.1)"])
        notifier.notify("READY=1")
        var lastPing = ContinuousClock.now
        // A lone ESC is only a key if nothing follows for a while: terminals and multiplexers
        // may deliver an escape sequence in more than one read.
        var escapeSince: ContinuousClock.Instant?

        loop: for await event in events {
            var appEvents: [TerminalEvent<App.Message>] = []
            switch event {
            case .bytes(let bytes):
                for input in decoder.decode(bytes) {
                    if allowQuit, case .control(0x03) = input { break loop }
                    appEvents += Self.events(for: input, on: screen)
                }
                escapeSince = decoder.hasPendingEscape ? (escapeSince ?? .now) : nil
            case .inputClosed, .terminate:
                break loop
            case .tick:
                if let since = escapeSince, ContinuousClock.now - since >= .milliseconds(700) {
                    appEvents += decoder.flush().map { .key($0) }
                    escapeSince = nil
                }
                appEvents.append(.tick)
                if let interval = notifier.watchdogInterval, ContinuousClock.now - lastPing >= interval {
                    notifier.notify("WATCHDOG=1")
                    lastPing = .now
                }
            case .resize:
                writer.invalidate()
            case .message(let message):
                appEvents.append(.message(message))
            }
            for appEvent in appEvents {
                for command in app.handle(appEvent, state: &state, now: Date(), post: post) {
                    switch command {
                    case .wipe:
                        device.write(ANSIWriter.wipe)
                        writer.invalidate()
                    }
                }
            }
            screen = draw(app, state, &writer)
            if (screen.canvas.columns, screen.canvas.rows) != drawnSize {
                drawnSize = (screen.canvas.columns, screen.canvas.rows)
                logger.notice("terminal is \(drawnSize.0)×\(drawnSize.1)", metadata: ["columns": "\(drawnSize.0)", "rows": "\(drawnSize.1)"])
            }
        }
        notifier.notify("STOPPING=1")
    }

    /// Keys pass through; pointer reports become presses and releases of the button under the
    /// finger on the screen as last drawn (wheel and motion reports are ignored).
    static func events<Message>(for input: InputEvent, on screen: RenderedScreen) -> [TerminalEvent<Message>] {
        guard case .pointer(let pointer) = input else { return [.key(input)] }
        guard !pointer.isWheel, !pointer.isMotion else { return [] }
        let target = screen.button(atColumn: pointer.column, row: pointer.row)
        if pointer.isPress { return pointer.button == 0 ? [.press(target)] : [] }
        return [.release(target)]
    }

    private func draw<App: TerminalApp>(_ app: App, _ state: App.State, _ writer: inout ANSIWriter) -> RenderedScreen {
        let size = device.size()
        let rendered = app.render(state, columns: size.columns, rows: size.rows, now: Date())
        device.write(writer.frame(rendered.canvas))
        return rendered
    }
}

/// SIGWINCH → resize (true); SIGTERM, SIGINT, SIGHUP → terminate (false). Default actions are
/// disabled so the terminal is always restored first.
final class SignalWatcher: @unchecked Sendable {  // `sources` is immutable; cancel is thread-safe
    private let sources: [any DispatchSourceSignal]

    init(_ handler: @escaping @Sendable (_ isResize: Bool) -> Void) {
        var sources: [any DispatchSourceSignal] = []
        for number in [SIGWINCH, SIGTERM, SIGINT, SIGHUP] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { handler(number == SIGWINCH) }
            source.resume()
            sources.append(source)
        }
        // Ctrl-Z and Ctrl-\ never arrive as signals in raw mode; ignore them from elsewhere too.
        signal(SIGTSTP, SIG_IGN)
        signal(SIGQUIT, SIG_IGN)
        signal(SIGPIPE, SIG_IGN)
        self.sources = sources
    }

    func cancel() {
        for source in sources { source.cancel() }
    }
}

/// "HH:mm" in `zone`.
func clockText(_ date: Date, _ zone: TimeZone) -> String {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = zone
    let parts = calendar.dateComponents([.hour, .minute], from: date)
    return String(format: "%02d:%02d", parts.hour ?? 0, parts.minute ?? 0)
}
