import Foundation
import TurneroCore
import TurneroStore

extension CounterConsole {
    /// The signed-in agent's own figures today (`m`): attended, average handling time, rating
    /// average, first-contact resolution and escalations opened. Refused with nobody signed in
    /// at this counter; never another agent's figures.
    func myFigures() throws(StoreError) -> String {
        guard let session = try store.session(counter: counter) else {
            throw StoreError(.signInRequired, "nobody is signed in at counter \(counter)")
        }
        let kpi = try store.agentFigures(session.agent)
        func decimal(_ value: Double?, _ unit: String = "") -> String {
            guard let value else { return "—" }
            return String(format: "%.1f", value).replacingOccurrences(of: ".", with: ",") + unit
        }
        let fcr = kpi.firstContactResolution.map { String(format: "%.0f %%", $0 * 100) } ?? "—"
        return """
            Sus cifras de hoy (\(session.agent.rawValue)) / Your figures today: \
            atendidos / attended \(kpi.attended) · atención promedio / avg handling \(decimal(kpi.handlingAverage.map { $0 / 60 }, " min")) · \
            calificación / rating \(decimal(kpi.ratingAverage)) (\(kpi.ratings)) · primer contacto / first contact \(fcr) · \
            escalados / escalated \(kpi.escalationsOpened)
            """
    }
}
