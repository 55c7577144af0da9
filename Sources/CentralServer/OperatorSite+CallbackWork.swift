import Foundation
import Hummingbird
import Logging
import SyncProtocol
import TurneroCore

// The forms of one call-back: an agent's attempt (with the procedure's closure) and a
// manager's reassignment. CSRF-checked by ``CSRFMiddleware``.
extension OperatorSite {
    /// The attempt form's fields.
    struct AttemptForm: Decodable {
        var result: String?
        var outcome: String?
        var reason: String?
        var reasonNote: String?
        var area: String?
        var secondSurvey: String?
        var note: String?

        enum CodingKeys: String, CodingKey {
            case result, outcome, reason, area, note
            case reasonNote = "reason_note"
            case secondSurvey = "second_survey"
        }

        /// A field trimmed and cut to 500 characters; nil when empty.
        static func text(_ value: String?) -> String? {
            value.map { String($0.trimmingCharacters(in: .whitespacesAndNewlines).prefix(500)) }.flatMap { $0.isEmpty ? nil : $0 }
        }
    }

    /// The reassignment form's field.
    struct AssignForm: Decodable {
        var agent: String?
    }

    /// `POST /dashboard/callbacks/{id}/attempts`.
    func recordAttempt(_ request: Request, _ context: CentralRequestContext) async throws -> Response {
        let session = try context.requireOperator()
        let id = context.parameters.get("id") ?? ""
        let form = try await request.form(AttemptForm.self)
        func refuse(_ message: String, _ status: HTTPResponse.Status = .badRequest) async throws -> Response {
            try await callbackPage(id: id, context, message: message, status: status)
        }
        guard let result = AttemptForm.text(form.result).flatMap(CallbackAttemptResult.init(rawValue:)) else {
            return try await refuse("Elija el resultado del intento.")
        }
        var closure: CallbackClosureInput?
        if result == .contacted {
            guard let outcome = AttemptForm.text(form.outcome).flatMap(CallbackOutcome.init(rawValue:)) else {
                return try await refuse("Elija cómo terminó la llamada.")
            }
            var survey: Int?
            if let typed = AttemptForm.text(form.secondSurvey) {
                guard let score = Int(typed), (1...10).contains(score) else { return try await refuse("La calificación de la llamada va de 1 a 10.") }
                survey = score
            }
            closure = CallbackClosureInput(
                reason: AttemptForm.text(form.reason) ?? "", reasonNote: AttemptForm.text(form.reasonNote), outcome: outcome,
                area: outcome == .escalated ? AttemptForm.text(form.area) : nil, secondSurvey: survey)
        }
        let attempt = CallbackAttemptInput(agent: session.operatorName, result: result, note: AttemptForm.text(form.note), closure: closure)
        switch try await storage.recordCallbackAttempt(id: id, attempt, policy: policy, byManager: session.role == .manager, now: context.now) {
        case .notFound:
            return try await callbackPage(id: id, context, message: nil)
        case .alreadyClosed:
            return try await refuse("La llamada ya estaba cerrada; no se registró nada.", .conflict)
        case .refused(let why):
            return try await refuse(why)
        case .recorded(let record):
            // Never the number, the notes or the reason's detail: they are personal data.
            logger.info("call-back attempt recorded", metadata: [
                "callback": "\(id)", "office": "\(record.officeId)", "agent": "\(session.operatorName)",
                "result": "\(result.rawValue)", "outcome": "\(record.outcome?.rawValue ?? "open")",
            ])
            return .seeOther( "/dashboard/callbacks/\(HTML.percentEncoded(id))")
        }
    }

    /// `POST /dashboard/callbacks/{id}/assign` (managers).
    func reassign(_ request: Request, _ context: CentralRequestContext) async throws -> Response {
        let session = try context.requireOperator()
        guard session.role == .manager else { return forbidden(session) }
        let id = context.parameters.get("id") ?? ""
        let agent = (try await request.form(AssignForm.self).agent ?? "").trimmingCharacters(in: .whitespaces)
        guard Identifier.isValid(agent), try await storage.operatorAccount(name: agent) != nil else {
            return try await callbackPage(id: id, context, message: "No hay un usuario «\(agent.prefix(64))».", status: .badRequest)
        }
        guard try await storage.reassignCallback(id: id, to: agent, now: context.now) else {
            return try await callbackPage(id: id, context, message: "Solo se reasignan llamadas abiertas.", status: .conflict)
        }
        logger.notice("call-back reassigned", metadata: ["callback": "\(id)", "to": "\(agent)", "by": "\(session.operatorName)"])
        return .seeOther( "/dashboard/callbacks/\(HTML.percentEncoded(id))")
    }
}
