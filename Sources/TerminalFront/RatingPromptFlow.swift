public import Foundation
public import TurneroCore

/// The small touch screen at a counter: when the counter finishes a turn it asks
/// "¿Cómo calificaría la atención? 1–10", thanks the customer, and times out quietly.
public struct RatingPromptFlow: Sendable {
    public enum Screen: Sendable, Hashable {
        /// Nothing to rate: a quiet welcome.
        case idle
        case asking(label: String, turn: UUID)
        /// After a detractor's score: may we call you back, and at which number.
        case contact(ContactRequest)
        case thanks
    }

    public enum Event: Sendable, Hashable {
        case press(ButtonID?)
        case release(ButtonID?)
        case key(InputEvent)
        case tick
        /// The counter finished this turn (from the database watcher).
        case finished(label: String, turn: UUID)
        /// The rating was stored; `callback` when it opened a detractor call-back.
        case stored(callback: UUID?)
    }

    public enum Effect: Sendable, Hashable {
        case rate(turn: UUID, score: Int)
        /// Keep the number a detractor gave, with their consent.
        case saveContact(callback: UUID, phone: ColombianPhone)
        case wipe
    }

    public private(set) var screen: Screen = .idle
    public private(set) var language: Language = .spanish
    public private(set) var pressed: ButtonID?
    public private(set) var typed = ""
    public let counterName: String
    /// Who calls detractors back, named in the consent text.
    public let contactController: String
    /// How long the question stays without an answer.
    public var askTimeout: TimeInterval = 60
    public var thanksTimeout: TimeInterval = 4
    public var debounce: TimeInterval = 0.4

    private var since: Date
    private var lastActivation = Date.distantPast
    private var sent = false

    public init(counterName: String, now: Date, contactController: String = "la empresa") {
        self.counterName = counterName
        self.contactController = contactController
        since = now
    }

    public var buttons: [Button] {
        let languageButton = Button(id: .language, key: "*", title: UIText.text(.otherLanguage, language))
        switch screen {
        case .asking: return (1...10).map { Button(id: .score($0), key: String($0), title: String($0)) } + [languageButton]
        case .contact(let request): return request.buttons(language) + [languageButton]
        case .idle, .thanks: return []
        }
    }

    /// When the screen next changes by itself (a question or thanks timing out); nil while idle.
    /// A `.tick` at or after that moment performs the change.
    public var nextDeadline: Date? {
        switch screen {
        case .idle: nil
        case .asking, .contact: since.addingTimeInterval(askTimeout)
        case .thanks: since.addingTimeInterval(thanksTimeout)
        }
    }

    public mutating func handle(_ event: Event, at now: Date) -> [Effect] {
        switch event {
        case .finished(let label, let turn):
            screen = .asking(label: label, turn: turn)
            reset(at: now)
            return [.wipe]
        case .stored(let callback):
            guard case .asking = screen else { return [] }
            screen = callback.map { .contact(ContactRequest(callback: $0, controller: contactController)) } ?? .thanks
            reset(at: now)
            return []
        case .tick:
            let elapsed = now.timeIntervalSince(since)
            switch screen {
            case .asking where elapsed >= askTimeout, .contact where elapsed >= askTimeout, .thanks where elapsed >= thanksTimeout:
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
            return activate(id, at: now)
        case .key(.text(let character)):
            since = now
            if case .contact(var request) = screen, request.step == .phone {
                request.type(character)
                screen = .contact(request)
                return []
            }
            if typed.count < 3 && (character.isNumber || character == "*") { typed.append(character) }
            return []
        case .key(.backspace):
            if case .contact(var request) = screen {
                return contact(request.activate(.erase), request: request, at: now)
            }
            if !typed.isEmpty { typed.removeLast() }
            return []
        case .key(.enter):
            if case .contact(var request) = screen, request.step == .phone {
                let outcome = request.submit()
                return contact(outcome, request: request, at: now)
            }
            let entry = typed
            typed = ""
            guard let button = buttons.first(where: { $0.key == entry }) else { return [] }
            return activate(button.id, at: now)
        case .key:
            return []
        }
    }

    private mutating func activate(_ id: ButtonID, at now: Date) -> [Effect] {
        switch (screen, id) {
        case (_, .language):
            language = language == .spanish ? .english : .spanish
            return []
        case (.asking(_, let turn), .score(let score)) where !sent:
            sent = true
            return [.rate(turn: turn, score: score)]
        case (.contact(var request), _):
            return contact(request.activate(id), request: request, at: now)
        default:
            return []
        }
    }

    private mutating func contact(_ outcome: ContactRequest.Outcome, request: ContactRequest, at now: Date) -> [Effect] {
        switch outcome {
        case .pending:
            screen = .contact(request)
            since = now
            return []
        case .declined:
            screen = .thanks
            reset(at: now)
            return []
        case .save(let phone):
            screen = .thanks
            reset(at: now)
            return [.saveContact(callback: request.callback, phone: phone)]
        }
    }

    private mutating func reset(at now: Date) {
        since = now
        typed = ""
        pressed = nil
        sent = false
    }
}

extension RatingPromptFlow.Screen {
    var isContact: Bool {
        if case .contact = self { return true }
        return false
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
        case .contact(let request):
            painter.contact(request, buttons: flow.buttons)
        case .thanks:
            painter.message([t(.thanks), t(.thanksDetail)], bold: true)
        }
        painter.footer(typed: flow.screen.isContact ? "" : flow.typed, hasButtons: !flow.buttons.isEmpty)
        return RenderedScreen(canvas: painter.canvas, hits: painter.hits)
    }
}
