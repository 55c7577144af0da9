public import Foundation
public import TurneroCore

/// What the customer sees on the printed-ticket screen.
public struct TicketView: Sendable, Hashable {
    public var label: String
    public var serviceName: LocalizedText
    public var preferential: Bool
    public var ahead: Int
    /// "15–25 min", or nil while there are too few samples.
    public var estimate: String?

    public init(label: String, serviceName: LocalizedText, preferential: Bool, ahead: Int, estimate: String?) {
        self.label = label
        self.serviceName = serviceName
        self.preferential = preferential
        self.ahead = ahead
        self.estimate = estimate
    }
}

extension OutOfServiceReason {
    /// What the screen says for this reason.
    var textKey: UIText.Key {
        switch self {
        case .paperOut: .outOfServicePaper
        case .coverOpen: .outOfServiceCover
        case .printerOffline: .outOfServicePrinter
        case .database: .outOfServiceSystem
        }
    }
}

/// A short message shown for a few seconds.
public enum Notice: Sendable, Hashable {
    case turnNotFound, notRateable, alreadyRated, issueFailed, tooManyAttempts
    case accountNotFound, accountInvalid, tooManyLookups, couponAtCounter, couponFailed
    /// The turn exists (committed) but its ticket did not print: the customer is told the
    /// number so staff can reprint it.
    case notPrinted(label: String)
    /// The ticket was sent but the printer never confirmed it: it may be in the tray. The
    /// customer is told the number and to go to the counter only if nothing came out.
    case printUnconfirmed(label: String)
    /// The coupon was sent but the printer never confirmed it.
    case couponUnconfirmed

    /// The lines shown, in `language`.
    func lines(_ language: Language) -> [String] {
        let t = { (key: UIText.Key) in UIText.text(key, language) }
        switch self {
        case .turnNotFound: return [t(.turnNotFound), t(.tryAgain)]
        case .notRateable: return [t(.notRateable), t(.tryAgain)]
        case .alreadyRated: return [t(.alreadyRated), t(.tryAgain)]
        case .tooManyAttempts: return [t(.tooManyAttempts)]
        case .issueFailed: return [t(.issueFailed), t(.tryAgain)]
        case .accountNotFound: return [t(.accountNotFound), t(.checkAccount)]
        case .accountInvalid: return [t(.accountInvalid), t(.checkAccount)]
        case .tooManyLookups: return [t(.tooManyLookups)]
        case .couponAtCounter: return [t(.couponAtCounter), t(.goToCounter)]
        case .couponFailed: return [t(.couponFailed), t(.tryAgain)]
        case .notPrinted(let label): return ["\(t(.yourTurn)): \(label)", t(.notPrinted), t(.goToCounter)]
        case .printUnconfirmed(let label): return ["\(t(.yourTurn)): \(label)", t(.lookInTray), t(.ifNothingCameOut)]
        case .couponUnconfirmed: return [t(.couponUnconfirmed), t(.lookInTray), t(.ifNothingCameOut)]
        }
    }
}

/// The screens of the customer front.
public enum KioskScreen: Sendable, Hashable {
    case home
    case chooseService
    case askPreferential(ServiceCode)
    case printing
    case ticket(TicketView)
    case outOfService(OutOfServiceReason)
    case rateEnterLabel
    /// The code printed on the ticket proves the customer holds it.
    case rateEnterCode(label: String)
    case rateScore(label: String, code: String)
    /// After a detractor's score: may we call you back, and at which number.
    case contact(ContactRequest)
    case thanks
    case notice(Notice)
    /// Typing the account number for a payment coupon.
    case couponAccount
    /// The bill and the coupons it allows.
    case couponOptions(CouponOffer)
    /// A coupon on its way to the printer.
    case couponPrinting
    case couponPrinted(PrintedCoupon)
}

extension KioskScreen {
    /// Screens that show what is typed in a field of their own (not in the footer).
    var hasField: Bool {
        switch self {
        case .rateEnterLabel, .rateEnterCode, .couponAccount, .contact: true
        default: false
        }
    }
}

/// Timing and limits of the front (seconds).
public struct KioskOptions: Sendable, Hashable {
    /// Inactivity before a screen goes back home (home too, when something was typed or
    /// English chosen there).
    public var idleTimeout: TimeInterval
    /// How long before the timeout "¿Necesita más tiempo?" appears.
    public var idleWarning: TimeInterval
    /// How long the printed-ticket screen stays.
    public var ticketScreen: TimeInterval
    /// How long notices and thanks stay.
    public var noticeScreen: TimeInterval
    /// Taps closer than this to the previous activation are ignored (double taps).
    public var debounce: TimeInterval
    /// Longest text the line editor keeps.
    public var maximumTyped: Int
    /// Whether the payment-coupon flow is offered.
    public var couponsEnabled: Bool
    /// Longest wait for the printer/database answer before telling the customer.
    public var actionTimeout: TimeInterval
    /// How many digits an account number has (coupons).
    public var accountDigits: ClosedRange<Int>
    /// Who calls detractors back, named in the consent text (the company).
    public var contactController: String

    public init(
        idleTimeout: TimeInterval = 45, idleWarning: TimeInterval = 20, ticketScreen: TimeInterval = 10,
        noticeScreen: TimeInterval = 6, debounce: TimeInterval = 0.4, maximumTyped: Int = 12,
        couponsEnabled: Bool = false, actionTimeout: TimeInterval = 20, accountDigits: ClosedRange<Int> = 6...10,
        contactController: String = "la empresa"
    ) {
        self.contactController = contactController
        self.idleTimeout = idleTimeout
        self.idleWarning = min(idleWarning, idleTimeout)
        self.ticketScreen = ticketScreen
        self.noticeScreen = noticeScreen
        self.debounce = debounce
        self.maximumTyped = maximumTyped
        self.couponsEnabled = couponsEnabled
        self.actionTimeout = actionTimeout
        self.accountDigits = accountDigits
    }
}
