import Foundation
import TurneroCore

/// What a ticket's page shows, decided without I/O from the turn's status, what was asked on
/// the page, the office's kiosks and the clock: the state's words, whether it refreshes,
/// which forms it offers. Nothing in it names the customer.
struct MobileTicketView: Sendable {
    var status: TicketStatus
    var language: Language
    var serviceName: String
    var officeName: String
    var timeZone: TimeZone
    var now: Date
    /// The office's kiosk was last heard from at this instant, when it has been silent longer
    /// than the online window (the page says its figures may be behind).
    var silentSince: Date?
    var cancelRequested: Bool
    /// A rating was given on the page (waiting for the kiosk, or recorded).
    var ratedHere: Bool
    var detractorMaxScore: Int

    /// Seconds between reloads: while something can still change on its own.
    var refresh: Int? {
        switch status.state {
        case .waiting: cancelRequested ? 10 : 20
        case .called, .serving: 15
        case .served, .noShow, .cancelled, .abandoned: nil
        }
    }

    var canCancel: Bool { status.state == .waiting && !cancelRequested }

    var canRate: Bool { status.rateable && !ratedHere }

    var thanked: Bool { ratedHere || status.rated }

    /// Chooses Spanish or English.
    func t(_ es: String, _ en: String) -> String { language == .english ? en : es }

    /// The state's headline.
    var headline: String {
        switch status.state {
        case .waiting: cancelRequested ? t("Cancelando su turno…", "Cancelling your turn…") : t("En espera", "Waiting")
        case .called(let counter): t("¡ES SU TURNO! Acérquese al módulo \(counter)", "IT'S YOUR TURN! Go to counter \(counter)")
        case .serving(let counter): t("Lo están atendiendo en el módulo \(counter)", "You are being served at counter \(counter)")
        case .served: t("Atendido", "Served")
        case .noShow: t("No se presentó al llamado", "You did not come when called")
        case .cancelled: t("Turno cancelado", "Turn cancelled")
        case .abandoned: t("El turno no alcanzó a ser atendido hoy", "The turn was not served today")
        }
    }

    /// A CSS class for the state's block.
    var stateClass: String {
        switch status.state {
        case .waiting: "waiting"
        case .called: "called"
        case .serving, .served: "done"
        case .noShow, .cancelled, .abandoned: "over"
        }
    }

    /// The lines under the headline.
    var details: [String] {
        var lines: [String] = []
        switch status.state {
        case .waiting where cancelRequested:
            lines.append(t(
                "La oficina confirmará la cancelación en cuanto reciba su solicitud.",
                "The office will confirm the cancellation as soon as it gets your request."))
        case .waiting:
            if let ahead = status.ahead {
                lines.append(ahead == 0
                    ? t("Usted es el siguiente.", "You are next.")
                    : ahead == 1 ? t("1 persona antes que usted.", "1 person ahead of you.")
                    : t("\(ahead) personas antes que usted.", "\(ahead) people ahead of you."))
            }
            if let estimate = status.estimate {
                lines.append(t("Tiempo estimado: \(estimate.text)", "Estimated wait: \(estimate.text)"))
            }
        case .called:
            lines.append(t("Diríjase ahora al módulo indicado.", "Please go now to the counter shown."))
        case .served where thanked:
            lines.append(t("Gracias por su calificación.", "Thank you for your rating."))
        case .served:
            lines.append(t("Gracias por su visita.", "Thank you for your visit."))
        case .noShow:
            lines.append(t("Si aún lo necesita, pida un turno nuevo en el kiosco.", "If you still need it, take a new turn at the kiosk."))
        case .cancelled:
            lines.append(t("Ya no está en la fila.", "You are no longer in the queue."))
        case .serving, .abandoned:
            break
        }
        return lines
    }

    /// "As of" in the office's time zone.
    var asOf: String { t("Actualizado a las \(Format.time(now, in: timeZone)) (hora de la oficina)", "As of \(Format.time(now, in: timeZone)) (office time)") }

    /// The honest notice when the office's figures may be behind.
    var staleNotice: String? {
        guard let since = silentSince else { return nil }
        return t(
            "La oficina no envía datos desde las \(Format.time(since, in: timeZone)): esta información puede estar atrasada.",
            "The office has not sent data since \(Format.time(since, in: timeZone)): this information may be out of date.")
    }
}
