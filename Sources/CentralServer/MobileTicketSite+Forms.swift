import Foundation
import Hummingbird
import TurneroCore

// The ticket page's two forms. Each queues a notice for the kiosk that issued the turn (the
// office records it as its own event) and sends the customer back to the page.
extension MobileTicketSite {
    /// The fields of both forms.
    struct TicketForm: Decodable {
        var key: String?
        var lang: String?
        var score: String?
        var consent: String?
        var phone: String?
    }

    /// The live ticket and its form, after the form's checks: 404 for no live ticket, 403 for a
    /// form from another site or without the ticket's key.
    private func checkedForm(
        _ request: Request, _ context: CentralRequestContext, purpose: String
    ) async throws -> Result<(Ticket, TicketForm), Refusal> {
        let token = context.parameters.get("token") ?? ""
        guard let ticket = try await ticket(token: token, request: request, now: context.now) else { return .failure(.notFound) }
        let form = try await request.form(TicketForm.self)
        guard request.isSameOrigin, constantTimeEqual(form.key ?? "", TicketLinkRule.formKey(token: ticket.token, purpose: purpose)) else {
            logger.notice("ticket form refused: key or origin", metadata: ["office": "\(ticket.link.officeId)", "form": "\(purpose)"])
            return .failure(.answer(MobileTicketPage.message(
                ticket.view.t("Formulario vencido", "Form expired"),
                ticket.view.t("Vuelva a abrir la página del turno e intente de nuevo.", "Open the turn's page again and retry."),
                token: ticket.token, status: .forbidden)))
        }
        var checked = ticket
        if let lang = form.lang.flatMap(Language.init(rawValue:)) { checked.view.language = lang }
        return .success((checked, form))
    }

    /// Why a form was not taken.
    enum Refusal: Error {
        case notFound
        case answer(Response)

        var response: Response {
            switch self {
            case .notFound: MobileTicketPage.respond(MobileTicketPage.notFound, status: .notFound)
            case .answer(let response): response
            }
        }
    }

    private func backToPage(_ ticket: Ticket) -> Response {
        .seeOther("/t/\(ticket.token)?lang=\(ticket.view.language.rawValue)")
    }

    /// `POST /t/{token}/cancel`: "ya no necesito el turno" — only while the turn waits.
    func cancel(_ request: Request, _ context: CentralRequestContext) async throws -> Response {
        let ticket: Ticket
        switch try await checkedForm(request, context, purpose: "cancel") {
        case .failure(let refusal): return refusal.response
        case .success(let checked): ticket = checked.0
        }
        let view = ticket.view
        guard view.status.state == .waiting else {
            return MobileTicketPage.message(
                view.t("Su turno ya no está en espera", "Your turn is no longer waiting"),
                view.t("El turno ya fue llamado o terminó, y no se puede cancelar desde aquí.", "The turn was already called or is over; it cannot be cancelled here."),
                token: ticket.token, status: .conflict)
        }
        let added = try await storage.addTicketRequest(
            TicketRequest(kioskId: ticket.link.kioskId, officeId: ticket.link.officeId, turnId: ticket.link.turnId, kind: .cancel,
                requestedAt: context.now),
            contact: nil)
        if added {
            signal.signal(kioskId: ticket.link.kioskId)
            logger.info("ticket page: cancellation queued", metadata: ["kiosk": "\(ticket.link.kioskId)", "turn": "\(ticket.link.turnId)"])
        }
        return backToPage(ticket)
    }

    /// `POST /t/{token}/rate`: one rating per turn, after service, with the counter's rules: a
    /// detractor gets a call-back, and leaves a number only with explicit consent.
    func rate(_ request: Request, _ context: CentralRequestContext) async throws -> Response {
        let ticket: Ticket
        let form: TicketForm
        switch try await checkedForm(request, context, purpose: "rate") {
        case .failure(let refusal): return refusal.response
        case .success(let checked): (ticket, form) = (checked.0, checked.1)
        }
        let view = ticket.view
        guard view.canRate else {
            return MobileTicketPage.message(
                view.t("No se puede calificar", "Cannot rate"),
                view.t("Este turno ya fue calificado o aún no ha sido atendido.", "This turn was already rated or has not been served yet."),
                token: ticket.token, status: .conflict)
        }
        guard let score = form.score.flatMap({ Int($0) }), (1...10).contains(score) else {
            return MobileTicketPage.message(
                view.t("Falta la calificación", "Rating missing"), view.t("Elija un número del 1 al 10.", "Choose a number from 1 to 10."),
                token: ticket.token, status: .badRequest)
        }
        let detractor = score <= ticket.configuration.rating.detractorMaxScore
        let phoneText = (form.phone ?? "").trimmingCharacters(in: .whitespaces)
        var contact: TicketContact?
        if detractor, !phoneText.isEmpty {
            guard form.consent == "yes" else {
                return MobileTicketPage.message(
                    view.t("Falta su autorización", "Consent missing"),
                    view.t(
                        "Para dejar su teléfono marque la casilla que autoriza la llamada, o deje el teléfono en blanco.",
                        "To leave your phone, tick the box agreeing to be called, or leave the phone empty."),
                    token: ticket.token, status: .badRequest)
            }
            guard let phone = ColombianPhone(parsing: phoneText) else {
                return MobileTicketPage.message(
                    view.t("Teléfono no válido", "Invalid phone"),
                    view.t("Escriba un celular o fijo de Colombia (10 dígitos).", "Write a Colombian mobile or landline (10 digits)."),
                    token: ticket.token, status: .badRequest)
            }
            contact = TicketContact(phone: phone.digits, consentAt: context.now)
        }
        let added = try await storage.addTicketRequest(
            TicketRequest(
                kioskId: ticket.link.kioskId, officeId: ticket.link.officeId, turnId: ticket.link.turnId, kind: .rate, score: score,
                callbackId: detractor ? UUID().uuidString : nil, contactGiven: contact != nil, requestedAt: context.now),
            contact: contact)
        guard added else {
            return MobileTicketPage.message(
                view.t("Ya calificó este turno", "You already rated this turn"), view.t("Gracias.", "Thank you."),
                token: ticket.token, status: .conflict)
        }
        signal.signal(kioskId: ticket.link.kioskId)
        logger.info("ticket page: rating queued", metadata: [
            "kiosk": "\(ticket.link.kioskId)", "turn": "\(ticket.link.turnId)", "score": "\(score)", "contact": "\(contact != nil)",
        ])
        return backToPage(ticket)
    }
}
