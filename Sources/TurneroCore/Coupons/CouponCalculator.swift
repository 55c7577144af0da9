/// The coupon rules: which kinds a bill allows and for how much. Pure, integer pesos only.
public struct CouponCalculator: Sendable {
    public var configuration: CouponConfiguration

    public init(configuration: CouponConfiguration) {
        self.configuration = configuration
    }

    /// Partial amount: ⌈share × total⌉ rounded **up** to `partialRoundUpTo`, at least
    /// `partialMinimum`, never above the total. Nil when the bill is below the minimum.
    public func partialAmount(of total: Pesos) -> Pesos? {
        guard total.rawValue >= configuration.partialMinimum, total.rawValue > 0 else { return nil }
        let share = Int64(configuration.partialSharePercent)
        // Overflow-safe ceiling of total × share / 100 for any bill up to Int64.max.
        let (quotient, remainder) = total.rawValue.quotientAndRemainder(dividingBy: 100)
        let exact = quotient * share + (remainder * share + 99) / 100
        let step = configuration.partialRoundUpTo
        let rounded = exact % step == 0 ? exact : (exact / step + 1) * step
        return Pesos(min(total.rawValue, max(configuration.partialMinimum, rounded)))
    }

    /// What `kind` would cost for `bill` today, or why it is not offered.
    public func amount(_ kind: CouponKind, for bill: Bill, today: LocalDay) -> Result<(Pesos, LocalDay), CouponRefusal> {
        guard bill.totalDue.rawValue > 0 else { return .failure(.nothingDue) }
        let overdue = bill.dueDate < today
        if overdue && configuration.overdueBills == .refuse { return .failure(.overdue) }
        // Overdue bills printed under `allow` are payable today.
        let due = overdue ? today : bill.dueDate
        switch kind {
        case .full, .duplicate:
            return .success((bill.totalDue, due))
        case .partial:
            if bill.inPaymentAgreement { return .failure(.paymentAgreement) }
            if bill.suspended { return .failure(.suspended) }
            guard let amount = partialAmount(of: bill.totalDue) else { return .failure(.belowPartialMinimum) }
            return .success((amount, due))
        }
    }

    /// The kinds offered for `bill`, in screen order.
    public func offers(for bill: Bill, today: LocalDay) -> [CouponKind] {
        CouponKind.allCases.filter {
            if case .success = amount($0, for: bill, today: today) { return true }
            return false
        }
    }

    /// The coupon to print, or why not.
    public func coupon(_ kind: CouponKind, for bill: Bill, today: LocalDay, datasetVersion: String) -> Result<Coupon, CouponRefusal> {
        amount(kind, for: bill, today: today).map { amount, due in
            Coupon(
                kind: kind, bill: bill, amount: amount, dueDate: due,
                barcode: GS1PaymentCode(account: bill.account, kind: kind, amount: amount, dueDate: due, configuration: configuration),
                datasetVersion: datasetVersion)
        }
    }

    /// Checks what a customer typed: digits only, within the configured length. Returns the
    /// account, or nil (the screen says "check the number").
    public func account(fromTyped text: String) -> String? {
        let digits = text.filter { $0 != " " && $0 != "-" }
        guard (configuration.accountMinimumDigits...configuration.accountMaximumDigits).contains(digits.count),
            digits.allSatisfy({ $0.isASCII && $0.isNumber })
        else { return nil }
        return digits
    }
}
