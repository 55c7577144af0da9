/// How an office prints payment coupons: the bank barcode's identifiers and the amount rules.
///
/// ```json
/// "coupons": { "enabled": true, "companyGLN": "7709998000018", "partialSharePercent": 70 }
/// ```
public struct CouponConfiguration: Codable, Sendable, Hashable {
    /// Whether the kiosk offers coupons at all.
    public var enabled: Bool
    /// The collecting company's GLN, AI (415): 13 digits with a valid check digit.
    public var companyGLN: String
    /// Share of the bill a partial payment ("abono") asks for, in percent.
    public var partialSharePercent: Int
    /// Partial amounts are rounded up to a multiple of this (pesos).
    public var partialRoundUpTo: Int64
    /// The smallest partial payment; smaller bills can only be paid in full.
    public var partialMinimum: Int64
    /// Digits of the payment reference, AI (8020): the account, zero-padded on the left.
    public var referenceDigits: Int
    /// Whether the reference ends with the coupon kind (1 full, 2 partial, 3 duplicate), as
    /// some collecting banks require.
    public var referenceKindDigit: Bool
    /// Digits of the amount, AI (3900), zero-padded as agreed with the banks.
    public var amountDigits: Int
    /// Bills past their due date: printed (`allow`, due today) or sent to the counter (`refuse`).
    public var overdueBills: OverduePolicy
    /// Account numbers have this many digits.
    public var accountMinimumDigits: Int
    public var accountMaximumDigits: Int
    /// Digits of the account left visible on screens and coupons.
    public var visibleAccountDigits: Int
    /// Coupon lookups one kiosk answers per minute (abuse limit).
    public var lookupsPerMinute: Int
    /// Text at the bottom of the coupon.
    public var footer: LocalizedText

    public enum OverduePolicy: String, Codable, Sendable, Hashable {
        case allow, refuse
    }

    public init(
        enabled: Bool = false, companyGLN: String = "", partialSharePercent: Int = 70, partialRoundUpTo: Int64 = 100,
        partialMinimum: Int64 = 10_000, referenceDigits: Int = 10, referenceKindDigit: Bool = false,
        amountDigits: Int = 10, overdueBills: OverduePolicy = .allow, accountMinimumDigits: Int = 6,
        accountMaximumDigits: Int = 10, visibleAccountDigits: Int = 4, lookupsPerMinute: Int = 12,
        footer: LocalizedText = .init(es: "Pague en bancos y corresponsales autorizados.", en: "Pay at authorised banks and payment points.")
    ) {
        self.enabled = enabled
        self.companyGLN = companyGLN
        self.partialSharePercent = partialSharePercent
        self.partialRoundUpTo = partialRoundUpTo
        self.partialMinimum = partialMinimum
        self.referenceDigits = referenceDigits
        self.referenceKindDigit = referenceKindDigit
        self.amountDigits = amountDigits
        self.overdueBills = overdueBills
        self.accountMinimumDigits = accountMinimumDigits
        self.accountMaximumDigits = accountMaximumDigits
        self.visibleAccountDigits = visibleAccountDigits
        self.lookupsPerMinute = lookupsPerMinute
        self.footer = footer
    }

    private enum CodingKeys: String, CodingKey {
        case enabled, companyGLN, partialSharePercent, partialRoundUpTo, partialMinimum, referenceDigits
        case referenceKindDigit, amountDigits, overdueBills, accountMinimumDigits, accountMaximumDigits
        case visibleAccountDigits, lookupsPerMinute, footer
    }

    public init(from decoder: any Decoder) throws {
        let defaults = CouponConfiguration()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        enabled = try c.decodeIfPresent(Bool.self, forKey: .enabled) ?? true
        companyGLN = try c.decode(String.self, forKey: .companyGLN)
        partialSharePercent = try c.decodeIfPresent(Int.self, forKey: .partialSharePercent) ?? defaults.partialSharePercent
        partialRoundUpTo = try c.decodeIfPresent(Int64.self, forKey: .partialRoundUpTo) ?? defaults.partialRoundUpTo
        partialMinimum = try c.decodeIfPresent(Int64.self, forKey: .partialMinimum) ?? defaults.partialMinimum
        referenceDigits = try c.decodeIfPresent(Int.self, forKey: .referenceDigits) ?? defaults.referenceDigits
        referenceKindDigit = try c.decodeIfPresent(Bool.self, forKey: .referenceKindDigit) ?? false
        amountDigits = try c.decodeIfPresent(Int.self, forKey: .amountDigits) ?? defaults.amountDigits
        overdueBills = try c.decodeIfPresent(OverduePolicy.self, forKey: .overdueBills) ?? .allow
        accountMinimumDigits = try c.decodeIfPresent(Int.self, forKey: .accountMinimumDigits) ?? defaults.accountMinimumDigits
        accountMaximumDigits = try c.decodeIfPresent(Int.self, forKey: .accountMaximumDigits) ?? defaults.accountMaximumDigits
        visibleAccountDigits = try c.decodeIfPresent(Int.self, forKey: .visibleAccountDigits) ?? defaults.visibleAccountDigits
        lookupsPerMinute = try c.decodeIfPresent(Int.self, forKey: .lookupsPerMinute) ?? defaults.lookupsPerMinute
        footer = try c.decodeIfPresent(LocalizedText.self, forKey: .footer) ?? defaults.footer
    }

    /// Rejects settings that would print a symbol a bank cannot read, at start-up rather than
    /// at a customer's turn.
    public func validate() throws(ConfigurationError) {
        guard enabled else { return }
        if !GS1.isValidGLN(companyGLN) {
            throw ConfigurationError(
                field: "coupons.companyGLN", reason: "'\(companyGLN.prefix(20))' is not a 13-digit GLN with a valid check digit")
        }
        if !(1...99).contains(partialSharePercent) {
            throw ConfigurationError(field: "coupons.partialSharePercent", reason: "must be between 1 and 99")
        }
        if !(1...1_000_000).contains(partialRoundUpTo) {
            throw ConfigurationError(field: "coupons.partialRoundUpTo", reason: "must be between 1 and 1000000 pesos")
        }
        if partialMinimum < 0 { throw ConfigurationError(field: "coupons.partialMinimum", reason: "must not be negative") }
        if !(4...18).contains(accountMinimumDigits) || !(accountMinimumDigits...18).contains(accountMaximumDigits) {
            throw ConfigurationError(field: "coupons.accountMaximumDigits", reason: "account lengths must satisfy 4 ≤ min ≤ max ≤ 18")
        }
        // (8020) holds up to 25 characters; the reference must also hold the longest account.
        let reference = referenceDigits + (referenceKindDigit ? 1 : 0)
        if referenceDigits < accountMaximumDigits || reference > 25 {
            throw ConfigurationError(
                field: "coupons.referenceDigits", reason: "must hold the longest account (\(accountMaximumDigits)) and stay within 25 characters")
        }
        if !(6...15).contains(amountDigits) {
            throw ConfigurationError(field: "coupons.amountDigits", reason: "AI (3900) takes 6 to 15 digits")
        }
        if !(0...8).contains(visibleAccountDigits) {
            throw ConfigurationError(field: "coupons.visibleAccountDigits", reason: "must be between 0 and 8")
        }
        if !(1...600).contains(lookupsPerMinute) {
            throw ConfigurationError(field: "coupons.lookupsPerMinute", reason: "must be between 1 and 600")
        }
    }
}
