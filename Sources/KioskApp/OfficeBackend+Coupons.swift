import Foundation
import Logging
import Printing
public import TerminalFront
public import TurneroCore
import TurneroStore

extension OfficeBackend {
    public func lookUpBill(typed: String) async -> CouponLookup {
        let settings = store.configuration.coupons
        let calculator = CouponCalculator(configuration: settings)
        guard let account = calculator.account(fromTyped: typed) else { return .invalidFormat }
        guard couponLookups.allow(at: limitClock()) else {
            logger.warning("coupon lookups rate-limited", metadata: ["limit": "\(settings.lookupsPerMinute)/min"])
            return .tooManyLookups
        }
        do {
            let (bill, dataset, hash) = try await database.run { [store] in
                (try store.bill(account: account), try store.billDataset(), try store.accountHash(account))
            }
            guard let bill, let dataset else {
                logger.info("coupon lookup: no bill", metadata: ["account": "\(hash)"])
                return .notFound
            }
            let today = store.day(at: Date())
            let offers = calculator.offers(for: bill, today: today)
            logger.info("coupon lookup", metadata: ["account": "\(hash)", "offers": "\(offers.map(\.rawValue))"])
            guard !offers.isEmpty else { return .goToCounter }
            let options = offers.compactMap { kind -> CouponOffer.Option? in
                guard case .success(let (amount, _)) = calculator.amount(kind, for: bill, today: today) else { return nil }
                return CouponOffer.Option(kind: kind, amount: amount.description)
            }
            return .found(
                CouponOffer(
                    account: account, maskedAccount: PersonalData.maskAccount(account, visible: settings.visibleAccountDigits),
                    maskedName: PersonalData.maskName(bill.holderName), billNumber: bill.billNumber,
                    totalDue: bill.totalDue.description, dueDate: Self.date(bill.dueDate), overdue: bill.dueDate < today,
                    suspended: bill.suspended, options: options, dataDate: Self.date(dataset.asOf)))
        } catch {
            logger.error("bill lookup failed", metadata: ["error": "\(error)"])
            return .notFound
        }
    }

    public func printCoupon(account: String, kind: CouponKind) async -> Result<PrintedCoupon, IssueFailure> {
        watched(await issueCoupon(account: account, kind: kind))
    }

    private func issueCoupon(account: String, kind: CouponKind) async -> Result<PrintedCoupon, IssueFailure> {
        if let problem = await printer.problem() {
            return .failure(IssueFailure(reason: problem, detail: "printer not ready"))
        }
        let office = store.configuration
        let calculator = CouponCalculator(configuration: office.coupons)
        let issued: IssuedCoupon
        let dataset: BillDataset
        do {
            (issued, dataset) = try await database.run { [store] () throws -> (IssuedCoupon, BillDataset) in
                guard let bill = try store.bill(account: account), let dataset = try store.billDataset() else {
                    throw StoreError(.invalidArgument, "the bill disappeared from the cache")
                }
                let coupon = try calculator.coupon(kind, for: bill, today: store.day(at: Date()), datasetVersion: dataset.version).get()
                return (try store.recordCoupon(coupon), dataset)
            }
        } catch {
            logger.error("coupon not issued", metadata: ["error": "\(error)"])
            return .failure(IssueFailure(reason: (error as? StoreError)?.isStorageFailure == true ? .database : nil, detail: "\(error)"))
        }
        onRecorded()
        do {
            try await printer.print(issued, office: office, dataAsOf: dataset.asOf)
        } catch {
            logger.error("coupon committed but not printed", metadata: ["coupon": "\(issued.id)", "error": "\(error.detail)"])
            return .failure(IssueFailure(reason: error.reason, detail: error.detail, unconfirmed: error.unconfirmed))
        }
        logger.info("coupon printed", metadata: ["coupon": "\(issued.id)", "kind": "\(kind.rawValue)"])
        return .success(
            PrintedCoupon(
                kind: kind, amount: issued.coupon.amount.description,
                maskedAccount: PersonalData.maskAccount(account, visible: office.coupons.visibleAccountDigits)))
    }

    static func date(_ day: LocalDay) -> String {
        let parts = day.rawValue.split(separator: "-")
        return "\(parts[2])/\(parts[1])/\(parts[0])"
    }
}
