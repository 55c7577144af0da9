public import TurneroCore

/// What a button does.
public enum ButtonID: Sendable, Hashable {
    case takeTurn, printCoupon, rate, language, back
    case service(ServiceCode)
    case yes, no, done, moreTime
    case score(Int)
    case key(Character)
    case erase, submit
    case coupon(CouponKind)
}

/// A button on a screen: its action, the key that activates it from a keyboard, its title.
public struct Button: Sendable, Hashable {
    public var id: ButtonID
    /// Typed then Enter (`1`, `0`, `*`); empty for keypad keys, which type themselves.
    public var key: String
    public var title: String
    /// Shown after the title and never cut (an amount): when space runs out the title gives way.
    public var detail: String?

    public init(id: ButtonID, key: String, title: String, detail: String? = nil) {
        self.id = id
        self.key = key
        self.title = title
        self.detail = detail
    }
}
