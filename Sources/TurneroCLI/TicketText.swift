import Foundation
import TurneroCore
import TurneroStore

/// The ticket as plain text, for the terminal and logs (the printer layout lives in ESCPOS).
enum TicketText {
    static func render(_ ticket: IssuedTicket, office: OfficeConfiguration, width: Int = 32) -> String {
        let clock = OfficeClock(timeZone: office.resolvedTimeZone)
        func center(_ text: String) -> String {
            let space = max(0, (width - text.count) / 2)
            return String(repeating: " ", count: space) + text
        }
        var lines = [String(repeating: "=", count: width)]
        if !office.companyName.isEmpty { lines.append(center(office.companyName)) }
        lines.append(center(office.officeName))
        lines.append(center(ticket.service.name.es))
        lines.append("")
        lines.append(center("TURNO  \(ticket.turn.label)"))
        if ticket.turn.preferential { lines.append(center("Atención preferencial")) }
        lines.append("")
        lines.append(center(clock.dateTime(ticket.turn.issuedAt)))
        lines.append(center("Personas antes de usted: \(ticket.ahead)"))
        if let estimate = ticket.estimate {
            lines.append(center("Espera estimada: \(estimate.text)"))
        }
        if !ticket.ratingCode.isEmpty { lines.append(center("Código para calificar: \(ticket.ratingCode)")) }
        if !office.ticketFooter.es.isEmpty { lines.append(center(office.ticketFooter.es)) }
        lines.append(String(repeating: "=", count: width))
        return lines.joined(separator: "\n")
    }
}

/// The JSON shape of an issued ticket (`turnero turn issue --json`).
struct TicketJSON: Encodable {
    var id: String
    var label: String
    var service: String
    var serviceName: String
    var preferential: Bool
    var ahead: Int
    var estimate: EstimateJSON?
    var issuedAt: Date
    var day: String
    var eventSequence: Int64
    /// The code printed on the ticket for rating at the kiosk.
    var ratingCode: String
    /// What the ticket's QR holds: the turn's page at the centre, or the label and code.
    var qr: String

    struct EstimateJSON: Encodable {
        var lowerMinutes: Int
        var upperMinutes: Int
        var text: String
    }

    init(_ ticket: IssuedTicket) {
        id = ticket.turn.id.uuidString.lowercased()
        label = ticket.turn.label
        service = ticket.turn.service.rawValue
        serviceName = ticket.service.name.es
        preferential = ticket.turn.preferential
        ahead = ticket.ahead
        ratingCode = ticket.ratingCode
        qr = ticket.qrPayload
        estimate = ticket.estimate.map {
            EstimateJSON(lowerMinutes: $0.lowerMinutes, upperMinutes: $0.upperMinutes, text: $0.text)
        }
        issuedAt = ticket.turn.issuedAt
        day = ticket.turn.day.rawValue
        eventSequence = ticket.eventSequence
    }
}

/// The JSON shape of a turn in listings and counter answers.
struct TurnJSON: Encodable {
    var id: String
    var label: String
    var service: String
    var preferential: Bool
    var state: String
    var counter: Int?
    var calls: Int
    var issuedAt: Date
    var queuedSince: Date
    var outcome: String?

    init(_ turn: Turn) {
        id = turn.id.uuidString.lowercased()
        label = turn.label
        service = turn.service.rawValue
        preferential = turn.preferential
        state = turn.state.rawValue
        counter = turn.counter
        calls = turn.calls
        issuedAt = turn.issuedAt
        queuedSince = turn.queuedSince
        outcome = turn.outcome?.rawValue
    }
}
