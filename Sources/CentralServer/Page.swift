import Hummingbird
import NIOCore

/// A whole operators' page: head (optionally refreshing itself), the navigation, the body. No
/// script anywhere; the content security policy (``SecurityHeadersMiddleware``) forbids it.
struct Page: Sendable {
    var title: String
    var body: HTML
    var navigation: HTML = .empty
    /// Seconds between reloads (live pages), or nil.
    var refresh: Int?

    /// The document.
    var html: HTML {
        let meta: HTML = refresh.map { "<meta http-equiv=\"refresh\" content=\"\($0)\">" } ?? .empty
        return """
            <!doctype html>
            <html lang="es"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            \(meta)<title>\(title) · Turnero</title><style>\(Self.style)</style></head>
            <body><header><span class="brand">Turnero</span>\(navigation)</header><main>
            \(body)
            </main></body></html>
            """
    }

    /// The page as an HTML response.
    func response(status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "text/html; charset=utf-8"
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(string: html.markup)))
    }

    /// An unknown dashboard address.
    static let notFound = Page(title: "No encontrado", body: "<h1>No encontrado</h1><p><a href=\"/dashboard\">Volver al tablero</a></p>")

    static let style: HTML = """
        :root{--ink:#1d2733;--muted:#5d6b7a;--line:#dde3ea;--ok:#1f8a4c;--warn:#b7791f;--bad:#c53030;--accent:#2b6cb0;--bg:#f5f7fa}
        *{box-sizing:border-box}body{margin:0;font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:var(--ink);background:var(--bg)}
        header{display:flex;gap:18px;align-items:center;padding:10px 24px;background:#1d2733;color:#fff}
        header a,header button{color:#cfe0f5;text-decoration:none;background:none;border:0;font:inherit;cursor:pointer}
        header form{margin-left:auto}.brand{font-weight:700;font-size:16px;margin-right:12px}
        main{padding:18px 24px;max-width:1400px}h1{font-size:22px;margin:4px 0 2px}h2{font-size:16px;margin:22px 0 8px}
        .sub{color:var(--muted);margin:0 0 14px}
        .tiles{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:10px}
        .tile{background:#fff;border:1px solid var(--line);border-radius:8px;padding:10px 12px}
        .tile .label{color:var(--muted);font-size:12px}.tile .value{font-size:24px;font-weight:650;margin-top:2px}
        .tile .note{font-size:12px;color:var(--muted)}
        table{border-collapse:collapse;background:#fff;border:1px solid var(--line);border-radius:8px;width:100%}
        th,td{padding:6px 8px;border-bottom:1px solid var(--line);text-align:right;white-space:nowrap}
        th{font-size:12px;color:var(--muted);font-weight:600;background:#fafbfc;white-space:normal;vertical-align:bottom}
        td:has(.badge){white-space:normal}
        th:first-child,td:first-child{text-align:left}tr:last-child td{border-bottom:0}
        .ok{color:var(--ok)}.warn{color:var(--warn)}.bad{color:var(--bad)}
        .alerts{background:#fde8e8;border:1px solid #f5b5b5;border-radius:8px;padding:8px 14px;margin:8px 0 14px}
        .alerts ul{margin:4px 0 0;padding-left:18px}.alerts li.bad{color:var(--bad);font-weight:600}.alerts li.warn{color:var(--warn);font-weight:600}
        .badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:600;background:#e2e8f0;color:#2d3748}
        .badge.ok{background:#e6f4ea;color:var(--ok)}.badge.warn{background:#fdf3e1;color:var(--warn)}.badge.bad{background:#fde8e8;color:var(--bad)}
        .charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:12px}
        .chart{background:#fff;border:1px solid var(--line);border-radius:8px;padding:10px}
        .chart h3{font-size:13px;margin:0 0 6px;color:var(--muted);font-weight:600}
        form.card,.card{background:#fff;border:1px solid var(--line);border-radius:8px;padding:14px;max-width:560px}
        label{display:block;margin:8px 0 2px;font-weight:600}input[type=text],input[type=password],input[type=date],input[type=month],select,textarea{width:100%;padding:6px 8px;border:1px solid #b8c2cc;border-radius:6px;font:inherit}
        button.primary{margin-top:12px;background:var(--accent);color:#fff;border:0;border-radius:6px;padding:8px 16px;font:inherit;font-weight:600;cursor:pointer}
        .error{color:var(--bad);font-weight:600}.muted{color:var(--muted)}a{color:var(--accent)}
        .choices label{font-weight:400;display:inline-block;margin-right:14px}
        """
}
