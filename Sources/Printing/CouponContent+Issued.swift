public import ESCPOS
public import Foundation
public import TurneroCore
public import TurneroStore

extension CouponContent {
    /// What the coupon of `coupon` says: the account and name masked as the office says, the
    /// amount, due date, bank barcode and the date of the cached data.
    public init(_ issued: IssuedCoupon, office: OfficeConfiguration, dataAsOf: LocalDay, now: Date) {
        let coupon = issued.coupon
        let settings = office.coupons
        var notes: [String] = []
        if coupon.dueDate > coupon.bill.dueDate { notes.append("Factura vencida: este cupón vence hoy") }
        if coupon.bill.suspended { notes.append("Servicio suspendido: con el pago total se programa la reconexión") }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = office.resolvedTimeZone
        let t = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: now)
        self.init(
            companyName: office.companyName, officeName: office.officeName, kindTitle: coupon.kind.spanishTitle,
            maskedAccount: PersonalData.maskAccount(coupon.bill.account, visible: settings.visibleAccountDigits),
            maskedName: PersonalData.maskName(coupon.bill.holderName), billNumber: coupon.bill.billNumber,
            amountText: coupon.amount.description, dueDateText: Self.date(coupon.dueDate), barcode: coupon.barcode.humanReadable,
            notes: notes, dataDateText: "Datos al \(Self.date(dataAsOf))",
            issuedText: String(format: "Impreso %02d/%02d/%04d %02d:%02d", t.day ?? 0, t.month ?? 0, t.year ?? 0, t.hour ?? 0, t.minute ?? 0),
            footer: settings.footer.es)
    }

    /// "2026-03-31" → "31/03/2026".
    static func date(_ day: LocalDay) -> String {
        let parts = day.rawValue.split(separator: "-")
        return "\(parts[2])/\(parts[1])/\(parts[0])"
    }
}
