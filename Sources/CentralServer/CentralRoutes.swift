import HTTPTypes
import Hummingbird
import Synchronization

/// The centre's route table: every route with every status it may answer, recorded as the
/// routes are added to Hummingbird's router (``RouteRecorder``), so the table is the router's.
/// docs/openapi.yaml documents it (a test checks both ways). Any route may also answer 429 (the
/// global limit) and 503 (connection cap, drain, storage).
public enum CentralRoutes {
    /// One route: method, path template (`{name}` for a segment, as in docs/openapi.yaml), statuses.
    public struct Route: Sendable, Hashable {
        /// `GET`, `POST`.
        public var method: String
        /// The path template, as Hummingbird's router and docs/openapi.yaml write it.
        public var path: String
        /// Every status the route may answer (429 and 503 included).
        public var statuses: Set<Int>

        init(_ method: String, _ path: String, _ statuses: Set<Int>) {
            self.method = method
            self.path = path
            self.statuses = statuses.union([429, 503])
        }

        /// Whether a request path fits the template (one segment per `{…}`).
        public func matches(path requested: String) -> Bool {
            let template = path.split(separator: "/", omittingEmptySubsequences: false)
            let parts = requested.split(separator: "/", omittingEmptySubsequences: false)
            guard template.count == parts.count else { return false }
            return zip(template, parts).allSatisfy { pattern, part in
                pattern.hasPrefix("{") && pattern.hasSuffix("}") ? !part.isEmpty : pattern == part
            }
        }
    }
}

/// The routes recorded so far (filled while the router is built, read once it serves).
final class RouteTable: Sendable {
    private let routes = Mutex<[CentralRoutes.Route]>([])

    func append(_ route: CentralRoutes.Route) { routes.withLock { $0.append(route) } }

    var all: [CentralRoutes.Route] { routes.withLock { $0 } }

    /// The methods the table answers on a path, when any.
    func methods(for path: String) -> [String] { all.filter { $0.matches(path: path) }.map(\.method) }
}

/// Adds routes to a Hummingbird ``RouterGroup`` and records each in the ``RouteTable`` with the
/// statuses it may answer: the one place a route is declared.
struct RouteRecorder {
    typealias Handler = @Sendable (Request, CentralRequestContext) async throws -> Response

    let routerGroup: RouterGroup<CentralRequestContext>
    let prefix: String
    let table: RouteTable

    /// A sub-group under `path` (its middleware applies only to routes added to it afterwards).
    func group(_ path: String) -> RouteRecorder {
        RouteRecorder(routerGroup: routerGroup.group(RouterPath(path)), prefix: prefix + path, table: table)
    }

    /// Adds middleware to this group (routes added after it pass through it).
    @discardableResult
    func add(middleware: some RouterMiddleware<CentralRequestContext>) -> RouteRecorder {
        routerGroup.add(middleware: middleware)
        return self
    }

    /// `GET path`, answering one of `statuses` (429 and 503 are implied).
    func get(_ path: String = "", answers statuses: Set<Int>, use handler: @escaping Handler) {
        on(.get, path, statuses, handler)
    }

    /// `POST path`, answering one of `statuses` (429 and 503 are implied).
    func post(_ path: String = "", answers statuses: Set<Int>, use handler: @escaping Handler) {
        on(.post, path, statuses, handler)
    }

    private func on(_ method: HTTPRequest.Method, _ path: String, _ statuses: Set<Int>, _ handler: @escaping Handler) {
        routerGroup.on(RouterPath(path), method: method, use: handler)
        let full = prefix + path
        table.append(CentralRoutes.Route(method.rawValue, full.isEmpty ? "/" : full, statuses))
    }
}

extension RouteRecorder {
    /// A group of pages anyone may open, without a session or a signature (a one-time sign-in
    /// link; a customer's ticket page): the pages' security headers, and a limit per client
    /// address counted in the database over every instance (`name` keys the counts).
    func publicPages(_ path: String, name: String, limit: WindowLimit, ledger: any RequestLedgerStorage) -> RouteRecorder {
        group(path)
            .add(middleware: SecurityHeadersMiddleware())
            .add(middleware: AddressLimitMiddleware(ledger: ledger, name: name, limit: limit))
    }
}
