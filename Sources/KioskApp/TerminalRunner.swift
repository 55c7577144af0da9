import Foundation
import Logging
import TerminalFront
import TurneroCore

/// The loop of a ``TerminalService``: decodes input, feeds the app, draws, and keeps one timer
/// armed for the earliest moment something is due (the app's next wake, a lone Escape's
/// flush, the systemd watchdog). Between events nothing runs.
struct TerminalRunner<App: TerminalApp> {
    let service: TerminalService<App>

    /// How long a lone ESC waits for the rest of a sequence: terminals and multiplexers may
    /// deliver an escape sequence in more than one read.
    static var escapeWait: Duration { .milliseconds(700) }

    func run(events: AsyncStream<RunnerEvent<App.Message>>, sink: AsyncStream<RunnerEvent<App.Message>>.Continuation) async {
        let app = service.app
        let device = service.device
        let notifier = service.notifier
        let logger = service.logger
        device.takeOver()
        defer { device.restore() }
        InputReader.start(fd: device.input) { bytes in sink.yield(bytes.map(RunnerEvent.bytes) ?? .inputClosed) }
        let resize = ResizeWatcher { sink.yield(.resize) }
        let post: @Sendable (App.Message) -> Void = { sink.yield(.message($0)) }
        var timer = WakeTimer { sink.yield(.tick) }
        defer {
            timer.disarm()
            resize.cancel()
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
        var escapeSince: ContinuousClock.Instant?
        timer.arm(wake(app, state, escapeSince: escapeSince, lastPing: lastPing))

        loop: for await event in events {
            var appEvents: [TerminalEvent<App.Message>] = []
            switch event {
            case .bytes(let bytes):
                for input in decoder.decode(bytes) {
                    if service.allowQuit, case .control(0x03) = input { break loop }
                    appEvents += Self.events(for: input, on: screen)
                }
                escapeSince = decoder.hasPendingEscape ? (escapeSince ?? .now) : nil
            case .inputClosed, .terminate:
                break loop
            case .tick:
                timer.fired()
                if let since = escapeSince, ContinuousClock.now - since >= Self.escapeWait {
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
            timer.arm(wake(app, state, escapeSince: escapeSince, lastPing: lastPing))
        }
        notifier.notify("STOPPING=1")
    }

    /// The earliest moment something is due.
    private func wake(
        _ app: App, _ state: App.State, escapeSince: ContinuousClock.Instant?, lastPing: ContinuousClock.Instant
    ) -> ContinuousClock.Instant? {
        let now = ContinuousClock.now
        var candidates: [ContinuousClock.Instant] = []
        if let date = app.nextWake(state, now: Date()) {
            // A few milliseconds late, so the app's own clock sees the moment as passed.
            candidates.append(now + .milliseconds(Int64(max(0, date.timeIntervalSinceNow) * 1000) + 5))
        }
        if let escapeSince { candidates.append(escapeSince + Self.escapeWait) }
        if let interval = service.notifier.watchdogInterval { candidates.append(lastPing + interval) }
        return candidates.min()
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

    private func draw(_ app: App, _ state: App.State, _ writer: inout ANSIWriter) -> RenderedScreen {
        let size = service.device.size()
        let rendered = app.render(state, columns: size.columns, rows: size.rows, now: Date())
        service.device.write(writer.frame(rendered.canvas))
        return rendered
    }
}

/// One pending wake-up: a task sleeping until a moment, replaced when the moment changes.
struct WakeTimer {
    private let fire: @Sendable () -> Void
    private var task: Task<Void, Never>?
    private var armedFor: ContinuousClock.Instant?

    init(fire: @escaping @Sendable () -> Void) { self.fire = fire }

    /// Wakes at `moment` (nil: not at all), replacing an earlier arming.
    mutating func arm(_ moment: ContinuousClock.Instant?) {
        guard moment != armedFor else { return }
        disarm()
        guard let moment else { return }
        armedFor = moment
        task = Task { [fire] in
            do { try await Task.sleep(until: moment, tolerance: .milliseconds(20), clock: .continuous) } catch { return }
            fire()
        }
    }

    /// The wake-up came: the next `arm` starts a new one even for the same moment.
    mutating func fired() {
        task = nil
        armedFor = nil
    }

    mutating func disarm() {
        task?.cancel()
        task = nil
        armedFor = nil
    }
}

/// "HH:mm" in `zone`.
func clockText(_ date: Date, _ zone: TimeZone) -> String {
    let local = LocalTime(date, in: zone)
    return String(format: "%02d:%02d", local.hour, local.minute)
}
