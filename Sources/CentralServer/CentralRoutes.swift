/// Every route the centre answers, with every status it may send there: the contract that
/// docs/openapi.yaml documents (a test checks both ways, and drives each route to check the
/// router agrees). Any route may also get 429 (global limit) and 503 (connection cap, drain).
public enum CentralRoutes {
    /// One route: method, path template (`{name}` for a segment), statuses.
    public struct Route: Sendable, Hashable {
        /// `GET`, `POST`.
        public var method: String
        /// The path template, as in docs/openapi.yaml.
        public var path: String
        /// Every status the route may answer (429 and 503 included).
        public var statuses: Set<Int>

        init(_ method: String, _ path: String, _ statuses: Set<Int>) {
            self.method = method
            self.path = path
            self.statuses = statuses.union([429, 503])
        }
    }

    public static let all: [Route] = [
        Route("GET", "/v1/health", [200]),
        Route("GET", "/v1/ready", [200]),
        Route("POST", "/v1/enroll", [200, 400, 401, 409, 413, 415]),
        Route("POST", "/v1/kiosks/{kiosk_id}/events", [200, 400, 401, 403, 409, 413, 415]),
        Route("POST", "/v1/kiosks/{kiosk_id}/status", [200, 400, 401, 403, 413, 415]),
        Route("POST", "/v1/kiosks/{kiosk_id}/key", [200, 400, 401, 403, 413, 415]),
        Route("POST", "/v1/kiosks/{kiosk_id}/gaps", [200, 400, 401, 403, 409, 413, 415]),
        Route("POST", "/v1/kiosks/{kiosk_id}/contacts", [200, 400, 401, 403, 413, 415]),
        Route("GET", "/v1/datasets/{name}", [200, 304, 400, 401, 404]),
        Route("GET", "/v1/reports/{kind}", [200, 400, 401, 403, 404]),
        Route("GET", "/metrics", [200, 401, 404]),
        Route("GET", "/", [303]),
        Route("GET", "/login", [200]),
        Route("POST", "/login", [303, 401, 403, 413, 415]),
        Route("GET", "/login/link/{token}", [303, 401]),
        Route("POST", "/logout", [303, 403, 413, 415]),
        Route("GET", "/dashboard", [200, 303]),
        Route("GET", "/dashboard/offices/{office}", [200, 303, 403, 404]),
        Route("GET", "/dashboard/kiosks", [200, 303, 403]),
        Route("POST", "/dashboard/kiosks/{kiosk_id}/revoke", [303, 403, 404, 413, 415]),
        Route("GET", "/dashboard/callbacks", [200, 303]),
        Route("GET", "/dashboard/callbacks/{id}", [200, 303, 404]),
        Route("POST", "/dashboard/callbacks/{id}/attempts", [303, 400, 403, 404, 409, 413, 415]),
        Route("POST", "/dashboard/callbacks/{id}/assign", [303, 400, 403, 404, 409, 413, 415]),
        Route("GET", "/dashboard/reports", [200, 303, 403]),
        Route("GET", "/dashboard/reports/{file}", [200, 303, 400, 403, 404]),
    ]
}
