public import Foundation
public import TerminalFront

/// A full-screen terminal program (kiosk front, rating prompt, board) as the runner drives it:
/// pure state, events in, a picture out. Side effects run in tasks that `post` messages back.
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
    /// Long-running producers (health checks, database watchers); cancelled at exit.
    func background(post: @escaping @Sendable (Message) -> Void) async
}

/// What reaches a `TerminalApp`: touches already hit-tested, keys, time, its own messages.
public enum TerminalEvent<Message: Sendable>: Sendable {
    case press(ButtonID?)
    case release(ButtonID?)
    case key(InputEvent)
    case tick
    case message(Message)
}

/// What an app asks of the terminal.
public enum TerminalCommand: Sendable, Hashable {
    /// Clear screen and scrollback (privacy between customers).
    case wipe
}
