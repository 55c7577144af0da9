public import Foundation
public import TerminalFront

/// A full-screen terminal program (kiosk front, rating prompt, board) as the runner drives it:
/// pure state, events in, a picture out. Side effects run in tasks that `post` messages back;
/// other services of the program post messages too (``TerminalService/post(_:)``).
///
/// Nothing polls: the runner wakes for input, for messages, and at the moment ``nextWake(_:now:)``
/// names (a timeout, the clock's next minute), so an idle screen costs no CPU.
public protocol TerminalApp: Sendable {
    associatedtype State: Sendable
    associatedtype Message: Sendable

    func initialState(now: Date) -> State
    /// Handles one event; returns what the terminal itself must do (wipe the screen).
    func handle(
        _ event: TerminalEvent<Message>, state: inout State, now: Date, post: @escaping @Sendable (Message) -> Void
    ) -> [TerminalCommand]
    /// Draws `state` for a terminal of `columns` × `rows`.
    func render(_ state: State, columns: Int, rows: Int, now: Date) -> RenderedScreen
    /// The next moment `state` changes by itself or its picture does (a timeout expires, the
    /// clock on screen turns a minute); the runner sends `.tick` then. Nil: not before the
    /// next event.
    func nextWake(_ state: State, now: Date) -> Date?
}

/// What reaches a `TerminalApp`: touches already hit-tested, keys, time, its own messages.
public enum TerminalEvent<Message: Sendable>: Sendable {
    case press(ButtonID?)
    case release(ButtonID?)
    case key(InputEvent)
    /// A moment the app asked for with `nextWake` has come (or a little later).
    case tick
    case message(Message)
}

/// What an app asks of the terminal.
public enum TerminalCommand: Sendable, Hashable {
    /// Clear screen and scrollback (privacy between customers).
    case wipe
}

/// When the "HH:mm" clock every screen shows next changes.
public func nextMinute(after date: Date) -> Date {
    let seconds = date.timeIntervalSinceReferenceDate
    return Date(timeIntervalSinceReferenceDate: (seconds / 60).rounded(.down) * 60 + 60)
}

/// The earliest of the given moments (nil ones ignored).
func earliest(_ dates: Date?...) -> Date? {
    dates.compactMap { $0 }.min()
}
