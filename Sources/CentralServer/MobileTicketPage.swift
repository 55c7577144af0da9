import Hummingbird
import NIOCore
import TurneroCore

/// A ticket's page as a phone shows it: one column readable at 360 px, no script (the
/// content security policy forbids it), forms that post without JavaScript, reloaded by a
/// meta refresh while the turn can still change.
struct MobileTicketPage: Sendable {
    var view: MobileTicketView
    /// The token as it appears in the page's own address (the customer's ticket holds it).
    var token: String

    private func t(_ es: String, _ en: String) -> String { view.t(es, en) }

    /// The document.
    var html: HTML {
        let status = view.status
        let meta: HTML = view.refresh.map { "<meta http-equiv=\"refresh\" content=\"\($0)\">" } ?? .empty
        let other: Language = view.language == .english ? .spanish : .english
        let switchLink: HTML = "<a class=\"lang\" href=\"/t/\(pathSegment: token)?lang=\(other.rawValue)\">\(other == .english ? "English" : "Español")</a>"
        let details = view.details.map { line -> HTML in "<p>\(line)</p>" }.joined()
        let stale: HTML = view.staleNotice.map { "<p class=\"stale\" role=\"status\">\($0)</p>" } ?? .empty
        return """
            <!doctype html>
            <html lang="\(view.language.rawValue)"><head><meta charset="utf-8">\
            <meta name="viewport" content="width=device-width, initial-scale=1">\(meta)\
            <meta name="robots" content="noindex"><title>\(status.label) · \(t("Su turno", "Your turn"))</title>\
            <style>\(Self.style)</style></head>
            <body><main>
            <div class="top"><span>\(view.officeName)</span>\(switchLink)</div>
            <p class="label">\(status.label)</p><p class="service">\(view.serviceName)</p>
            <section class="state \(view.stateClass)"><h1>\(view.headline)</h1>\(details)</section>
            \(stale)\(ratingForm)\(cancelForm)
            <p class="asof">\(view.asOf)</p>
            </main></body></html>
            """
    }

    private var cancelForm: HTML {
        guard view.canCancel else { return .empty }
        return """
            <form method="post" action="/t/\(pathSegment: token)/cancel" class="cancel">\
            <input type="hidden" name="key" value="\(TicketLinkRule.formKey(token: token, purpose: "cancel"))">\
            <input type="hidden" name="lang" value="\(view.language.rawValue)">\
            <button type="submit">\(t("Ya no necesito el turno", "I no longer need my turn"))</button></form>
            """
    }

    private var ratingForm: HTML {
        guard view.canRate else { return .empty }
        let scores = (1...10).map { score -> HTML in
            "<label class=\"score\"><input type=\"radio\" name=\"score\" value=\"\(score)\" required><span>\(score)</span></label>"
        }.joined()
        return """
            <form method="post" action="/t/\(pathSegment: token)/rate" class="rate">\
            <input type="hidden" name="key" value="\(TicketLinkRule.formKey(token: token, purpose: "rate"))">\
            <input type="hidden" name="lang" value="\(view.language.rawValue)">\
            <h2>\(t("¿Cómo lo atendimos?", "How did we serve you?"))</h2>\
            <p class="hint">\(t("1 = muy mal, 10 = excelente", "1 = very poor, 10 = excellent"))</p>\
            <div class="scores">\(scores)</div>\
            <fieldset><legend>\(t("Si califica \(view.detractorMaxScore) o menos", "If you rate \(view.detractorMaxScore) or less"))</legend>\
            <label class="consent"><input type="checkbox" name="consent" value="yes"> \
            \(t("Acepto que la empresa me llame en las próximas 24 horas para atender mi caso.", "I agree to be called within 24 hours about my case."))</label>\
            <label for="phone">\(t("Teléfono (opcional)", "Phone (optional)"))</label>\
            <input id="phone" type="tel" name="phone" inputmode="tel" autocomplete="tel" maxlength="20"></fieldset>\
            <button type="submit">\(t("Enviar calificación", "Send rating"))</button></form>
            """
    }

    /// The page as an HTML response.
    func response() -> Response { Self.respond(html, status: .ok) }

    static func respond(_ html: HTML, status: HTTPResponse.Status) -> Response {
        Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: html.markup)))
    }

    /// The answer for any address that is not a live ticket: the same for a token that never
    /// existed, one from another day and text that is not a token.
    static let notFound: HTML = """
        <!doctype html>
        <html lang="es"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">\
        <meta name="robots" content="noindex"><title>Turno no disponible</title><style>body{font:17px/1.4 system-ui,sans-serif;margin:24px}</style></head>
        <body><h1>Turno no disponible</h1><p>Este enlace no muestra ningún turno. Los turnos se pueden consultar solo el día en que se pidieron.</p>
        <p lang="en">This link shows no turn. Turns can be followed only on the day they were taken.</p></body></html>
        """

    /// A short page answering a form (refused or stale), with a link back to the ticket.
    static func message(_ title: String, _ text: String, token: String?, status: HTTPResponse.Status) -> Response {
        let back: HTML = token.map { "<p><a href=\"/t/\(pathSegment: $0)\">←</a></p>" } ?? .empty
        let html: HTML = """
            <!doctype html>
            <html lang="es"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">\
            <title>\(title)</title><style>body{font:17px/1.4 system-ui,sans-serif;margin:24px}</style></head>
            <body><h1>\(title)</h1><p>\(text)</p>\(back)</body></html>
            """
        return respond(html, status: status)
    }

    static let style: HTML = """
        *{box-sizing:border-box}body{margin:0;font:17px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:#1d2733;background:#f5f7fa}
        main{max-width:480px;margin:0 auto;padding:14px 16px 28px}
        .top{display:flex;justify-content:space-between;align-items:center;color:#5d6b7a;font-size:15px}
        .lang{color:#2b6cb0;font-weight:600;padding:6px 0}
        .label{font-size:56px;font-weight:800;letter-spacing:1px;margin:10px 0 0;text-align:center}
        .service{text-align:center;margin:0 0 14px;color:#5d6b7a}
        .state{border-radius:12px;padding:14px 16px;background:#fff;border:1px solid #dde3ea}
        .state h1{font-size:24px;margin:0 0 6px}.state p{margin:4px 0;font-size:18px}
        .state.called{background:#1f8a4c;color:#fff;border-color:#1f8a4c}.state.called h1{font-size:30px}
        .state.done{background:#e6f4ea;border-color:#b7dfc4}.state.over{background:#edf0f3}
        .stale{background:#fdf3e1;border:1px solid #f0d49b;border-radius:10px;padding:10px 12px;color:#7a4e0c}
        .asof{color:#5d6b7a;font-size:14px;text-align:center;margin-top:18px}
        form{margin-top:16px}button{width:100%;padding:14px;font:inherit;font-weight:700;border-radius:10px;border:0;background:#2b6cb0;color:#fff}
        form.cancel button{background:#fff;color:#c53030;border:2px solid #c53030}
        .rate h2{font-size:20px;margin:0}.hint{color:#5d6b7a;margin:2px 0 8px;font-size:15px}
        .scores{display:grid;grid-template-columns:repeat(5,1fr);gap:6px}
        .score input{position:absolute;opacity:0}.score span{display:block;text-align:center;padding:12px 0;border:2px solid #b8c2cc;border-radius:8px;font-weight:700;background:#fff}
        .score input:checked+span{background:#2b6cb0;color:#fff;border-color:#2b6cb0}
        fieldset{border:1px solid #dde3ea;border-radius:10px;margin:12px 0;padding:8px 12px}legend{font-size:15px;color:#5d6b7a}
        .consent{display:block;margin:6px 0;font-size:15px}input[type=tel]{width:100%;padding:10px;font:inherit;border:1px solid #b8c2cc;border-radius:8px}
        """
}
