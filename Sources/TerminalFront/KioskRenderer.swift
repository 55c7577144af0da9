import TurneroCore

/// A drawn screen and where its buttons are, for hit-testing touches.
public struct RenderedScreen: Sendable, Equatable {
    public var canvas: Canvas
    public var hits: [Hit]

    public init(canvas: Canvas, hits: [Hit]) {
        self.canvas = canvas
        self.hits = hits
    }

    public struct Hit: Sendable, Equatable {
        public var rect: Rect
        public var button: ButtonID
    }

    /// The button at a 1-based terminal cell (as SGR mouse reports give them), if any.
    public func button(atColumn column: Int, row: Int) -> ButtonID? {
        hits.last { $0.rect.contains(column: column - 1, row: row - 1) }?.button
    }
}

/// Draws the customer front's state. Pure: the same state and size give the same picture.
public struct KioskRenderer: Sendable {
    public var officeName: String

    public init(officeName: String) {
        self.officeName = officeName
    }

    /// Draws `flow` for a terminal of `columns` × `rows`; `clock` is shown in the header ("10:45").
    public func render(_ flow: KioskFlow, columns: Int, rows: Int, clock: String) -> RenderedScreen {
        var painter = Painter(columns: columns, rows: rows, language: flow.language, pressed: flow.pressed)
        painter.header(officeName, clock: clock)
        let t = { (key: UIText.Key) in UIText.text(key, flow.language) }
        // Behind the idle dialog the screen keeps its own buttons (inactive), not the dialog's.
        let buttons = flow.screenButtons
        switch flow.screen {
        case .home:
            painter.title([t(.welcome), t(.chooseAction)])
            painter.buttonList(buttons)
        case .chooseService:
            painter.title([t(.chooseService)])
            painter.buttonList(buttons)
        case .askPreferential:
            painter.title([t(.preferentialQuestion), t(.preferentialWho)])
            painter.buttonList(buttons)
        case .printing:
            painter.message([t(.printing)], bold: true)
        case .ticket(let ticket):
            painter.ticket(ticket)
            painter.buttonList(buttons, bottomAligned: true)
        case .outOfService(let reason):
            // Nobody can switch the language here: both, Spanish first.
            let es = { (key: UIText.Key) in UIText.text(key, .spanish) }
            let en = { (key: UIText.Key) in UIText.text(key, .english) }
            painter.message(
                [es(.outOfService).uppercased(), es(reason.textKey), es(.goToCounter), "",
                 en(.outOfService).uppercased(), en(reason.textKey), en(.goToCounter)],
                boldLines: [0, 4])
        case .rateEnterLabel:
            painter.title([t(.enterLabel), t(.labelExample)])
            painter.field(flow.typed)
            painter.buttonGrid(buttons, columnsWanted: 6)
        case .rateEnterCode(let label):
            painter.title(["\(t(.enterCode)) (\(label))", t(.codeHint)])
            painter.field(flow.typed)
            painter.buttonGrid(buttons, columnsWanted: 6)
        case .rateScore(let label, _):
            painter.title(["\(t(.rateQuestion)) (\(label))", t(.rateScale)])
            painter.buttonGrid(buttons, columnsWanted: 5)
        case .contact(let request):
            painter.contact(request, buttons: buttons)
        case .thanks:
            painter.message([t(.thanks), t(.thanksDetail)], bold: true)
            painter.buttonList(buttons, bottomAligned: true)
        case .notice(let notice):
            painter.message(notice.lines(flow.language), bold: true)
            painter.buttonList(buttons, bottomAligned: true)
        case .couponAccount:
            painter.title([t(.enterAccount), t(.accountHint)])
            painter.field(flow.typed)
            painter.buttonGrid(buttons, columnsWanted: 5)
        case .couponOptions(let offer):
            var lines = [
                "\(t(.couponTitle)) — \(offer.maskedAccount)", offer.maskedName,
                "\(t(.billNumber)) \(offer.billNumber) · \(t(.amountDue)): \(offer.totalDue) · \(t(.dueDate)): \(offer.dueDate)",
            ]
            if offer.overdue { lines.append(t(.overdueNote)) }
            if offer.suspended { lines.append(t(.suspendedNote)) }
            lines.append("\(t(.dataAsOf)) \(offer.dataDate)")
            painter.title(lines)
            painter.buttonList(buttons)
        case .couponPrinting:
            painter.message([t(.printingCoupon)], bold: true)
        case .couponPrinted(let coupon):
            painter.message([t(.takeYourCoupon), coupon.amount, coupon.maskedAccount], bold: true)
            painter.buttonList(buttons, bottomAligned: true)
        }
        if flow.warningIdle { painter.idleWarning(flow.buttons.first) }
        painter.footer(typed: flow.screen.hasField ? "" : flow.typed, hasButtons: !flow.buttons.isEmpty)
        return RenderedScreen(canvas: painter.canvas, hits: painter.hits)
    }
}
