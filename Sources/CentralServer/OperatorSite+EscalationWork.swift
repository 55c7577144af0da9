import Foundation
import Hummingbird
import TurneroCore

// Who works an escalation, and the customer's contact for its answer (issue 16): given only
// with consent at the counter, shown in full only to the operator working the escalation.
extension OperatorSite {
    /// The contact cell of an escalation's row: in full for the operator working it, masked for
    /// everyone else; a button to take an open one nobody works yet.
    static func escalationContact(_ record: EscalationRecord, session: OperatorSession) -> HTML {
        let o = record.opening
        var cell: HTML
        if let contact = record.contact {
            cell = record.workedBy == session.operatorName
                ? "<span data-contact=\"full\">\(contact.formatted)</span>"
                : "<span data-contact=\"masked\">\(contact.masked)</span>"
        } else {
            cell = o.contactGiven ? "sí" : "no"
        }
        if let worker = record.workedBy {
            cell += " <span class=\"sub\" data-worked-by=\"\(worker)\">(lo atiende \(worker))</span>"
        } else if record.closedAt == nil {
            cell += """
                <form method="post" action="/dashboard/escalations/\(pathSegment: o.id)/take">\
                <input type="hidden" name="csrf" value="\(session.csrfToken)"><button type="submit">Atenderlo yo</button></form>
                """
        }
        return cell
    }

    /// `POST /dashboard/escalations/{id}/take`: the signed-in operator works it from now on.
    func takeEscalation(_ request: Request, _ context: CentralRequestContext) async throws -> Response {
        let session = try context.requireOperator()
        let id = context.parameters.get("id") ?? ""
        guard UUID(uuidString: id) != nil, try await storage.takeEscalation(id: id, operatorName: session.operatorName, now: context.now) else {
            return try await escalationsPage(
                request, context, message: "Ese escalamiento no existe, está cerrado o ya lo atiende otra persona.", status: .conflict)
        }
        logger.info("escalation taken", metadata: ["escalation": "\(id)", "operator": "\(session.operatorName)"])
        return .seeOther("/dashboard/escalations")
    }
}
