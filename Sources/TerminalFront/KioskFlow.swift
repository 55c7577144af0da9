public import Foundation
public import TurneroCore

/// What reaches the customer front: touches (already hit-tested), keys, time and answers.
public enum FlowEvent: Sendable, Hashable {
    /// Finger down on a button (nil: outside every button).
    case press(ButtonID?)
    /// Finger up (nil: outside every button). Activates the button if it is the one pressed.
    case release(ButtonID?)
    /// A keyboard event (text, Enter, Backspace, Escape, control bytes).
    case key(InputEvent)
    /// Time passes (drives timeouts).
    case tick
    /// The ticket was committed and handed to the printer.
    case ticketIssued(TicketView)
    /// The ticket could not be issued or printed: out of service for `reason` (nil: a one-off
    /// failure); `label` is set when the turn was committed but its ticket did not print.
    case issueFailed(OutOfServiceReason?, label: String?)
    /// The turn `label` was committed and its ticket sent, but the printer never confirmed it:
    /// it may have printed. The customer looks before staff reprint anything.
    case issueUnconfirmed(label: String)
    /// Printer and database health: nil when the kiosk can issue.
    case health(OutOfServiceReason?)
    /// Answer to `lookUpTurnForRating`.
    case ratingTarget(RatingLookup)
    /// Answer to `resolveTicketLink`: the label and rating code of the turn the scanned link
    /// names, or nil when it names none of today's turns.
    case ticketLinkResolved(ScannedTicket?)
    /// The rating was stored; `callback` when it opened a detractor call-back (ask for a contact).
    case rated(callback: UUID?)
    /// Answer to `lookUpBill`.
    case couponLookup(CouponLookup)
    /// The coupon was committed and handed to the printer.
    case couponPrinted(PrintedCoupon)
    /// The coupon did not print: out of service for `reason`, or a one-off failure.
    case couponFailed(OutOfServiceReason?)
    /// The coupon was sent but the printer never confirmed it: it may have printed.
    case couponUnconfirmed
}

/// The turn a ticket's scanned link names: what the customer would otherwise type.
public struct ScannedTicket: Sendable, Hashable {
    public var label: String
    public var code: String

    public init(label: String, code: String) {
        self.label = label
        self.code = code
    }
}

/// Whether a typed label can be rated.
public enum RatingLookup: Sendable, Hashable {
    case rateable(label: String)
    case failed(Notice)
}

/// Work the front asks its host to do; answers come back as `FlowEvent`s.
public enum FlowEffect: Sendable, Hashable {
    /// Commit a turn and print its ticket in the customer's `language`.
    case issueTurn(ServiceCode, preferential: Bool, language: Language)
    /// Check that `label` is a served, unrated turn whose ticket carries `code`.
    case lookUpTurnForRating(label: String, code: String)
    /// Find the turn whose ticket's QR link carries `token` (scanned at the kiosk).
    case resolveTicketLink(token: String)
    case rate(label: String, code: String, score: Int)
    /// Keep the number a detractor gave, with their consent, for their call-back.
    case saveContact(callback: UUID, phone: ColombianPhone)
    /// Look up the bill of a typed account number.
    case lookUpBill(String)
    /// Commit and print a payment coupon.
    case printCoupon(account: String, kind: CouponKind)
    /// Clear the screen and scrollback: the previous customer's data must not stay visible.
    case wipeScreen
}

/// The customer front as a pure state machine: events in, effects out, screen as state.
public struct KioskFlow: Sendable {
    public private(set) var screen: KioskScreen = .home
    public private(set) var language: Language = .spanish
    /// What the customer typed on this screen (digits of a label, a button number).
    public private(set) var typed = ""
    /// The button under the finger, drawn pressed.
    public private(set) var pressed: ButtonID?
    /// Whether "¿Necesita más tiempo?" is showing.
    public private(set) var warningIdle = false
    public let services: [Service]
    public let options: KioskOptions

    private var lastActivity: Date
    private var screenSince: Date
    private var lastActivation: Date = .distantPast
    private var outOfService: OutOfServiceReason?
    /// The rating code sent for checking (kept for the score screen).
    private var pendingCode = ""
    /// Everything typed on the home and label screens, unfiltered: a ticket's QR read by a
    /// scanner (which types it and presses Enter) or typed by hand from a phone's reader.
    private var scanned = ""
    /// A scanned link is being looked up.
    private var resolvingLink = false

    public init(services: [Service], options: KioskOptions = .init(), now: Date) {
        self.services = Array(services.filter(\.active).prefix(9))
        self.options = options
        lastActivity = now
        screenSince = now
    }

    /// Handles one event at `now`; returns the effects to perform, in order.
    public mutating func handle(_ event: FlowEvent, at now: Date) -> [FlowEffect] {
        switch event {
        case .press(let id):
            lastActivity = now
            pressed = id
            return []
        case .release(let id):
            defer { pressed = nil }
            lastActivity = now
            guard let id, id == pressed, now.timeIntervalSince(lastActivation) >= options.debounce else { return [] }
            lastActivation = now
            return activate(id, at: now)
        case .key(let input):
            lastActivity = now
            return key(input, at: now)
        case .tick:
            return tick(at: now)
        case .ticketIssued(let ticket):
            guard screen == .printing else { return [] }
            go(.ticket(ticket), at: now)
            return []
        case .issueFailed(_, let label?):
            // The number exists: the customer must learn it before anything else happens.
            go(.notice(.notPrinted(label: label)), at: now)
            return []
        case .issueUnconfirmed(let label):
            go(.notice(.printUnconfirmed(label: label)), at: now)
            return []
        case .issueFailed(let reason, nil):
            if let reason {
                outOfService = reason
                go(.outOfService(reason), at: now)
                return [.wipeScreen]
            }
            go(.notice(.issueFailed), at: now)
            return []
        case .health(let reason):
            return health(reason, at: now)
        case .ticketLinkResolved(let found):
            guard resolvingLink else { return [] }
            resolvingLink = false
            guard let found else {
                go(.notice(.turnNotFound), at: now)
                return []
            }
            go(.rateEnterCode(label: found.label), at: now)
            pendingCode = found.code
            return [.lookUpTurnForRating(label: found.label, code: found.code)]
        case .ratingTarget(let lookup):
            guard case .rateEnterCode = screen else { return [] }
            switch lookup {
            case .rateable(let label): go(.rateScore(label: label, code: pendingCode), at: now)
            case .failed(let notice): go(.notice(notice), at: now)
            }
            return []
        case .rated(let callback):
            guard case .rateScore = screen else { return [] }
            if let callback {
                go(.contact(ContactRequest(callback: callback, controller: options.contactController)), at: now)
            } else {
                go(.thanks, at: now)
            }
            return []
        case .couponLookup(let lookup):
            guard screen == .couponAccount else { return [] }
            switch lookup {
            case .found(let offer): go(.couponOptions(offer), at: now)
            case .notFound: go(.notice(.accountNotFound), at: now)
            case .invalidFormat: go(.notice(.accountInvalid), at: now)
            case .tooManyLookups: go(.notice(.tooManyLookups), at: now)
            case .goToCounter: go(.notice(.couponAtCounter), at: now)
            }
            return []
        case .couponPrinted(let coupon):
            guard screen == .couponPrinting else { return [] }
            go(.couponPrinted(coupon), at: now)
            return []
        case .couponFailed(let reason):
            if let reason {
                outOfService = reason
                go(.outOfService(reason), at: now)
                return [.wipeScreen]
            }
            go(.notice(.couponFailed), at: now)
            return []
        case .couponUnconfirmed:
            go(.notice(.couponUnconfirmed), at: now)
            return []
        }
    }

    /// The buttons that answer now, in display order: the idle dialog's while it shows.
    public var buttons: [Button] {
        ScreenButtons.buttons(for: screen, language: language, services: services, options: options, warningIdle: warningIdle)
    }

    /// The buttons of the current screen itself, drawn (inactive) behind the idle dialog.
    public var screenButtons: [Button] {
        ScreenButtons.buttons(for: screen, language: language, services: services, options: options, warningIdle: false)
    }

    // MARK: - Transitions

    private mutating func go(_ next: KioskScreen, at now: Date) {
        screen = next
        screenSince = now
        lastActivity = now
        typed = ""
        scanned = ""
        resolvingLink = false
        pressed = nil
        warningIdle = false
    }

    private mutating func goHome(at now: Date) -> [FlowEffect] {
        go(.home, at: now)
        language = .spanish
        return [.wipeScreen]
    }

    private mutating func activate(_ id: ButtonID, at now: Date) -> [FlowEffect] {
        if warningIdle {
            if id == .moreTime { warningIdle = false }
            return []
        }
        if id == .language {
            language = language == .spanish ? .english : .spanish
            return []
        }
        switch (screen, id) {
        case (.home, .takeTurn): go(.chooseService, at: now)
        case (.home, .printCoupon) where options.couponsEnabled: go(.couponAccount, at: now)
        case (.home, .rate): go(.rateEnterLabel, at: now)
        case (.chooseService, .service(let code)): go(.askPreferential(code), at: now)
        case (.chooseService, .back), (.rateEnterLabel, .back), (.couponAccount, .back), (.couponOptions, .back),
            (.rateScore, .back), (.rateEnterCode, .back):
            return goHome(at: now)
        case (.couponAccount, .key(let character)):
            if typed.count < options.accountDigits.upperBound { typed.append(character) }
        case (.couponAccount, .erase):
            if !typed.isEmpty { typed.removeLast() }
        case (.couponAccount, .submit):
            return submitAccount(at: now)
        case (.couponOptions(let offer), .coupon(let kind)):
            go(.couponPrinting, at: now)
            return [.printCoupon(account: offer.account, kind: kind)]
        case (.couponPrinted, .done):
            return goHome(at: now)
        case (.askPreferential, .back): go(.chooseService, at: now)
        case (.askPreferential(let code), .yes), (.askPreferential(let code), .no):
            go(.printing, at: now)
            return [.issueTurn(code, preferential: id == .yes, language: language)]
        case (.ticket, .done), (.notice, .done), (.thanks, .done):
            return goHome(at: now)
        case (.rateEnterLabel, .key(let character)):
            if typed.count < options.maximumTyped { typed.append(character) }
        case (.rateEnterLabel, .erase):
            if !typed.isEmpty { typed.removeLast() }
        case (.rateEnterLabel, .submit):
            return submitLabel(at: now)
        case (.rateEnterCode, .key(let character)):
            if typed.count < 5, character.isNumber { typed.append(character) }
        case (.rateEnterCode, .erase):
            if !typed.isEmpty { typed.removeLast() }
        case (.rateEnterCode(let label), .submit):
            return submitCode(label: label, at: now)
        case (.rateScore(let label, let code), .score(let score)):
            return [.rate(label: label, code: code, score: score)]
        case (.contact(var request), _):
            return contact(request.activate(id), request: request, at: now)
        default:
            break
        }
        return []
    }

    private mutating func key(_ input: InputEvent, at now: Date) -> [FlowEffect] {
        switch input {
        case .text(let character):
            if (screen == .home || screen == .rateEnterLabel) && scanned.count < 200 { scanned.append(character) }
            if case .contact(var request) = screen, request.step == .phone {
                request.type(character)
                screen = .contact(request)
                return []
            }
            if case .rateEnterCode = screen {
                guard character.isASCII, character.isNumber, typed.count < 5 else { return [] }
                typed.append(character)
                return []
            }
            if screen == .couponAccount {
                // Account numbers are digits; anything else is ignored as it is typed.
                guard character.isASCII, character.isNumber, typed.count < options.accountDigits.upperBound else { return [] }
                typed.append(character)
                return []
            }
            guard typed.count < options.maximumTyped, character.isLetter || character.isNumber || character == "-" || character == "*"
            else { return [] }
            typed.append(Character(character.uppercased()))
        case .backspace:
            if case .contact(var request) = screen { return contact(request.activate(.erase), request: request, at: now) }
            if !typed.isEmpty { typed.removeLast() }
        case .escape:
            if warningIdle { warningIdle = false } else if screen != .home, screen != .printing, screen != .couponPrinting,
                !isOutOfService
            {
                return goHome(at: now)
            }
        case .enter:
            if (screen == .home || screen == .rateEnterLabel) && !warningIdle, let payload = TicketPayload.parse(scanned) {
                return submitScanned(payload, at: now)
            }
            scanned = ""
            if screen == .rateEnterLabel && !warningIdle { return submitLabel(at: now) }
            if case .rateEnterCode(let label) = screen, !warningIdle { return submitCode(label: label, at: now) }
            if case .contact(var request) = screen, request.step == .phone, !warningIdle {
                return contact(request.submit(), request: request, at: now)
            }
            if screen == .couponAccount && !warningIdle { return submitAccount(at: now) }
            let entry = typed
            typed = ""
            guard let button = buttons.first(where: { !$0.key.isEmpty && $0.key.caseInsensitiveCompare(entry) == .orderedSame })
            else { return [] }
            lastActivation = now
            return activate(button.id, at: now)
        case .control, .pointer, .special:
            break  // Ctrl-C, Ctrl-Z, Ctrl-\, function keys and arrows do nothing here.
        }
        return []
    }

    private mutating func submitLabel(at now: Date) -> [FlowEffect] {
        guard let label = LabelInput.normalize(typed) else {
            typed = ""
            go(.notice(.turnNotFound), at: now)
            return []
        }
        go(.rateEnterCode(label: label), at: now)
        return []
    }

    /// A ticket's QR (or its text typed by hand): straight to the score, once the office confirms.
    private mutating func submitScanned(_ payload: TicketPayload, at now: Date) -> [FlowEffect] {
        switch payload {
        case .code(let label, let code):
            go(.rateEnterCode(label: label), at: now)
            pendingCode = code
            return [.lookUpTurnForRating(label: label, code: code)]
        case .link(let token):
            scanned = ""
            typed = ""
            resolvingLink = true
            return [.resolveTicketLink(token: token)]
        }
    }

    private mutating func submitCode(label: String, at now: Date) -> [FlowEffect] {
        guard typed.count == 5 else {
            typed = ""
            go(.notice(.turnNotFound), at: now)
            return []
        }
        pendingCode = typed
        return [.lookUpTurnForRating(label: label, code: typed)]
    }

    /// The customer's answer on the contact screens.
    private mutating func contact(_ outcome: ContactRequest.Outcome, request: ContactRequest, at now: Date) -> [FlowEffect] {
        switch outcome {
        case .pending:
            screen = .contact(request)
            return []
        case .declined:
            go(.thanks, at: now)
            return []
        case .save(let phone):
            go(.thanks, at: now)
            return [.saveContact(callback: request.callback, phone: phone)]
        }
    }

    private mutating func submitAccount(at now: Date) -> [FlowEffect] {
        guard options.accountDigits.contains(typed.count) else {
            typed = ""
            go(.notice(.accountInvalid), at: now)
            return []
        }
        return [.lookUpBill(typed)]
    }

    private var isOutOfService: Bool {
        if case .outOfService = screen { return true }
        return false
    }

    /// When the flow next changes by itself: a screen's timeout, the idle warning, the return
    /// home. Nil when nothing is pending (home and clean, out of service): the kiosk then sleeps
    /// until the next touch or message. A `.tick` at or after that moment performs the change.
    public var nextDeadline: Date? {
        switch screen {
        case .home:
            let dirty = !typed.isEmpty || language != .spanish || pressed != nil
            return dirty ? lastActivity.addingTimeInterval(options.idleTimeout) : nil
        case .outOfService:
            return nil
        case .printing, .couponPrinting:
            return screenSince.addingTimeInterval(options.actionTimeout)
        case .ticket, .couponPrinted:
            return screenSince.addingTimeInterval(options.ticketScreen)
        case .notice, .thanks:
            return screenSince.addingTimeInterval(options.noticeScreen)
        default:
            let timeout = lastActivity.addingTimeInterval(options.idleTimeout)
            return warningIdle ? timeout : min(timeout, lastActivity.addingTimeInterval(options.idleTimeout - options.idleWarning))
        }
    }

    private mutating func tick(at now: Date) -> [FlowEffect] {
        let onScreen = now.timeIntervalSince(screenSince)
        let idle = now.timeIntervalSince(lastActivity)
        switch screen {
        case .home:
            // Nothing of the last person may stay for the next: digits typed, English chosen.
            let dirty = !typed.isEmpty || language != .spanish || pressed != nil
            return dirty && idle >= options.idleTimeout ? goHome(at: now) : []
        case .outOfService:
            return []
        case .printing:
            if onScreen >= options.actionTimeout { go(.notice(.issueFailed), at: now) }
            return []
        case .couponPrinting:
            if onScreen >= options.actionTimeout { go(.notice(.couponFailed), at: now) }
            return []
        case .ticket, .couponPrinted:
            return onScreen >= options.ticketScreen ? goHome(at: now) : []
        case .notice, .thanks:
            return onScreen >= options.noticeScreen ? goHome(at: now) : []
        default:
            if idle >= options.idleTimeout { return goHome(at: now) }
            if idle >= options.idleTimeout - options.idleWarning { warningIdle = true }
            return []
        }
    }

    private mutating func health(_ reason: OutOfServiceReason?, at now: Date) -> [FlowEffect] {
        let previous = outOfService
        outOfService = reason
        if let reason {
            // A customer half-way through a flow is sent to the counter too; a ticket already
            // printed stays on screen until its timeout.
            switch screen {
            case .ticket, .printing, .couponPrinting, .couponPrinted: return []
            // A committed number the customer is being told stays until its timeout.
            case .notice(.notPrinted), .notice(.printUnconfirmed), .notice(.couponUnconfirmed): return []
            case .outOfService(let current) where current == reason: return []
            default:
                go(.outOfService(reason), at: now)
                return [.wipeScreen]
            }
        }
        if previous != nil, isOutOfService { return goHome(at: now) }
        return []
    }
}
