import Foundation
import TurneroCore

/// Shared values for core tests.
enum Fixtures {
    static let t0 = Date(timeIntervalSince1970: 1_794_903_960)  // 2026-11-17 03:26 in Bogotá

    static func turn(
        label: String = "P-001", service: ServiceCode = "pagos", preferential: Bool = false,
        state: TurnState = .waiting, issuedAt: Date = t0, order: Int64 = 1
    ) -> Turn {
        var turn = Turn(
            id: UUID(), label: label, service: service, preferential: preferential,
            day: LocalDay(rawValue: "2026-11-17")!, issuedAt: issuedAt, order: order)
        turn.state = state
        if state != .waiting { turn.counter = 1 }
        if state == .called || state == .serving { turn.calls = 1; turn.lastCalledAt = issuedAt }
        if state == .noShow { turn.finishedAt = issuedAt }
        return turn
    }

    static let office = OfficeConfiguration(
        officeId: "test", officeName: "Oficina de prueba",
        services: [
            Service(code: "pagos", prefix: "P", name: .init(es: "Pagos", en: "Payments"), targetWaitMinutes: 10),
            Service(code: "reclamos", prefix: "R", name: .init(es: "Reclamos", en: "Claims")),
        ],
        counters: [Counter(number: 1, services: ["pagos"]), Counter(number: 2, services: ["pagos", "reclamos"])])
}
