public import Foundation
public import TurneroCore

/// The small touch screen at a counter: when the counter finishes a turn it asks
/// "¿Cómo calificaría la atención? 1–10", thanks the customer, and times out quietly.
public struct RatingPromptFlow: Sendable {
    public enum Screen: Sendable, Hashable {
        /// Nothing to rate: a quiet welcome.
        case idle
        case asking(label: String, turn: UUID)
        case thanks
    }

    public enum Event: Sendable, Hashable {
        case press(ButtonID?)
        case release(ButtonID?)
        case key(InputEvent)
        case tick
        /// The counter finished this turn (from the database watcher).
        case finished(label: String, turn: UUID)
        /// The rating was stored.
        case stored
    }

    public enum Effect: Sendable, Hashable {
        case rate(turn: UUID, score: Int)
        case wipe
    }

    public private(set) var screen: Screen = .idle
    public private(set) var language: Language = .spanish
    public private(set) var pressed: ButtonID?
    public private(set) var typed = ""
    public let counterName: String
    /// How long the question stays without an answer.
    public var askTimeout: TimeInterval = 60
    public var thanksTimeout: TimeInterval = 4
    public var debounce: TimeInterval = 0.4

    private var since: Date
    private var lastActivation = Date.distantPast
    private var sent = false

    public init(counterName: String, now: Date) {
        self.counterName = counterName
        since = now
    }

    public var buttons: [Button] {
        guard case .asking = screen else { return [] }
        return (1...10).map { Button(id: .score($0), key: String($0), title: String($0)) }
            + [Button(id: .language, key: "*", title: UIText.text(.otherLanguage, language))]
    }

    public mutating func handle(_ event: Event, at now: Date) -> [Effect] {
        switch event {
        case .finished(let label, let turn):
            screen = .asking(label: label, turn: turn)
            reset(at: now)
            return [.wipe]
        case .stored:
            guard case .asking = screen else { return [] }
            screen = .thanks
            reset(at: now)
            return []
        case .tick:
            let elapsed = now.timeIntervalSince(since)
            switch screen {
            case .asking where elapsed >= askTimeout, .thanks where elapsed >= thanksTimeout:
                screen = .idle
                reset(at: now)
                language = .spanish
                return [.wipe]
            default:
                return []
            }
        case .press(let id):
            pressed = id
            return []
        case .release(let id):
            defer { pressed = nil }
            guard let id, id == pressed, now.timeIntervalSince(lastActivation) >= debounce else { return [] }
            lastActivation = now
            return activate(id)
        case .key(.text(let character)):
            if typed.count < 3 && (character.isNumber || character == "*") { typed.append(character) }
            return []
        case .key(.backspace):
            if !typed.isEmpty { typed.removeLast() }
            return []
        case .key(.enter):
            let entry = typed
            typed = ""
            guard let button = buttons.first(where: { $0.key == entry }) else { return [] }
            return activate(button.id)
        case .key:
            return []
        }
    }

    private mutating func activate(_ id: ButtonID) -> [Effect] {
        switch (screen, id) {
        case (_, .language):
            language = language == .spanish ? .english : .spanish
            return []
        case (.asking(_, let turn), .score(let score)) where !sent:
            sent = true
            return [.rate(turn: turn, score: score)]
        default:
            return []
        }
    }

    private mutating func reset(at now: Date) {
        since = now
        typed = ""
        pressed = nil
        sent = false
    }
}

/// Draws the rating prompt.
public struct RatingPromptRenderer: Sendable {
    public var officeName: String

    public init(officeName: String) { self.officeName = officeName }

    public func render(_ flow: RatingPromptFlow, columns: Int, rows: Int, clock: String) -> RenderedScreen {
        var painter = Painter(columns: columns, rows: rows, language: flow.language, pressed: flow.pressed)
        painter.header("\(officeName) — \(flow.counterName)", clock: clock)
        let t = { (key: UIText.Key) in UIText.text(key, flow.language) }
        switch flow.screen {
        case .idle:
            painter.message([t(.welcome)], bold: true)
        case .asking(let label, _):
            painter.title([t(.rateQuestion), "\(t(.yourTurn)): \(label)", t(.rateScale)])
            painter.buttonGrid(flow.buttons, columnsWanted: 5)
        case .thanks:
            painter.message([t(.thanks), t(.thanksDetail)], bold: true)
        }
        painter.footer(typed: flow.typed, hasButtons: !flow.buttons.isEmpty)
        return RenderedScreen(canvas: painter.canvas, hits: painter.hits)
    }
}
