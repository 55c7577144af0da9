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
        let t = LocalTime(now, in: office.resolvedTimeZone)
        self.init(
            companyName: office.companyName, officeName: office.officeName, kindTitle: coupon.kind.spanishTitle,
            maskedAccount: PersonalData.maskAccount(coupon.bill.account, visible: settings.visibleAccountDigits),
            maskedName: PersonalData.maskName(coupon.bill.holderName), billNumber: coupon.bill.billNumber,
            amountText: coupon.amount.description, dueDateText: Self.date(coupon.dueDate), barcode: coupon.barcode.humanReadable,
            notes: notes, dataDateText: "Datos al \(Self.date(dataAsOf))",
            issuedText: String(format: "Impreso %02d/%02d/%04d %02d:%02d", t.day, t.month, t.year, t.hour, t.minute),
            footer: settings.footer.es)
    }

    /// "2026-03-31" → "31/03/2026".
    static func date(_ day: LocalDay) -> String {
        let parts = day.rawValue.split(separator: "-")
        return "\(parts[2])/\(parts[1])/\(parts[0])"
    }
}
