@testable import CentralServer
@testable import CentralSQLite
import Foundation
import SyncProtocol
import Testing
import TestSupport

/// Finding 9: every route the centre answers, every status it sends there and every error code
/// is in docs/openapi.yaml, and the route table agrees with the router.
@Suite("OpenAPI contract")
struct ContractTests {
    /// `paths:` of docs/openapi.yaml: "METHOD path" → documented statuses; and the Error enum.
    struct Document {
        var operations: [String: Set<Int>] = [:]
        var errorCodes: Set<String> = []

        init(_ text: String) {
            var inPaths = false
            var path: String?
            var operation: String?
            var enumText: String?
            for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
                if let collecting = enumText {
                    enumText = collecting + line
                    if line.contains("]") { errorCodes = Self.list(enumText!); enumText = nil }
                    continue
                }
                if line.hasPrefix("paths:") { inPaths = true; continue }
                if !inPaths {
                    if line.contains("error:") || line.trimmingCharacters(in: .whitespaces).hasPrefix("enum: [gap") {
                        if line.contains("enum: [") { enumText = line; if line.contains("]") { errorCodes = Self.list(line); enumText = nil } }
                    }
                    continue
                }
                let indent = line.prefix { $0 == " " }.count
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if indent == 2, trimmed.hasSuffix(":") { path = String(trimmed.dropLast()); continue }
                if indent == 4, trimmed.hasSuffix(":"), let path {
                    operation = "\(trimmed.dropLast().uppercased()) \(path)"
                    operations[operation!] = []
                    continue
                }
                if indent == 8, let operation, trimmed.hasPrefix("\""), let status = Int(trimmed.dropFirst().prefix(3)) {
                    operations[operation]?.insert(status)
                }
            }
        }

        static func list(_ text: String) -> Set<String> {
            guard let open = text.firstIndex(of: "["), let close = text.firstIndex(of: "]") else { return [] }
            return Set(text[text.index(after: open)..<close].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        }
    }

    static let root = TurneroProcess.repositoryRoot
    static func document() throws -> Document {
        Document(try String(contentsOf: root.appendingPathComponent("docs/openapi.yaml"), encoding: .utf8))
    }

    /// A centre on a fresh SQLite file (its routes are what its router was built with).
    static func api(in directory: TempDirectory) throws -> CentralAPI {
        CentralAPI(storage: try SQLiteCentralStorage(path: directory.path("central.sqlite")), logger: Fixtures.quiet, metrics: CentralMetrics())
    }

    @Test("every route and its statuses are documented, and nothing documented is missing from the server")
    func routesDocumented() throws {
        let document = try Self.document()
        let directory = try TempDirectory("turnero-contract")
        defer { directory.remove() }
        let routes = try Self.api(in: directory).routes
        #expect(Set(routes.map { "\($0.method) \($0.path)" }).count == routes.count, "a route is registered twice")
        let served = Dictionary(routes.map { ("\($0.method) \($0.path)", $0.statuses) }, uniquingKeysWith: { $0.union($1) })
        for (route, statuses) in served.sorted(by: { $0.key < $1.key }) {
            let documented = try #require(document.operations[route], "\(route) is not in docs/openapi.yaml")
            #expect(statuses.subtracting(documented).isEmpty, "\(route): undocumented statuses \(statuses.subtracting(documented).sorted())")
            #expect(documented.subtracting(statuses).isEmpty, "\(route): documented but never sent \(documented.subtracting(statuses).sorted())")
        }
        #expect(Set(document.operations.keys) == Set(served.keys), "documented routes the server does not answer: \(Set(document.operations.keys).subtracting(served.keys))")
    }

    @Test("every error code the server can send is in the Error enum")
    func errorCodesDocumented() throws {
        let document = try Self.document()
        #expect(Set(ErrorCode.all) == document.errorCodes, "differs: \(Set(ErrorCode.all).symmetricDifference(document.errorCodes))")
        // Every `ErrorCode.name` the centre's sources use is one of `ErrorCode.all`.
        let listed = try String(contentsOf: Self.root.appendingPathComponent("Sources/SyncProtocol/UploadResponse.swift"), encoding: .utf8)
        let allBlock = String(listed[listed.range(of: "public static let all")!.lowerBound...])
        let sources = Self.root.appendingPathComponent("Sources/CentralServer")
        let files = (FileManager.default.enumerator(atPath: sources.path)?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".swift") }
        #expect(files.count > 40, "the centre's sources were not found")
        var used = Set<String>()
        for file in files {
            let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
            var rest = Substring(text)
            while let range = rest.range(of: "ErrorCode.") {
                let name = rest[range.upperBound...].prefix { $0.isLetter }
                if !name.isEmpty, name != "all" { used.insert(String(name)) }
                rest = rest[range.upperBound...]
            }
            // Error bodies written as literals (the connection cap answers before any handler).
            for literal in Self.literalCodes(text) { #expect(document.errorCodes.contains(literal), "\(file): \(literal)") }
        }
        for name in used.sorted() { #expect(allBlock.contains(name), "ErrorCode.\(name) is used but not in ErrorCode.all") }
    }

    static func literalCodes(_ text: String) -> [String] {
        var codes: [String] = []
        var rest = Substring(text)
        while let range = rest.range(of: #"{"error":""#) {
            codes.append(String(rest[range.upperBound...].prefix { $0 != "\"" }))
            rest = rest[range.upperBound...]
        }
        return codes
    }

    @Test("the router answers every route in the table with one of its statuses; other methods and paths are refused")
    func routerAgrees() async throws {
        let directory = try TempDirectory("turnero-contract")
        defer { directory.remove() }
        let api = try Self.api(in: directory)
        let samples = ["{kiosk_id}": "k", "{name}": "office-config", "{kind}": "daily", "{token}": "x", "{office}": "o", "{id}": "x",
            "{file}": "daily.csv"]
        for route in api.routes {
            var target = route.path
            for (placeholder, value) in samples { target = target.replacingOccurrences(of: placeholder, with: value) }
            let response = await api.respond(to: APIRequest(method: route.method, target: target, headers: [:], body: []))
            #expect(route.statuses.contains(response.status.code), "\(route.method) \(target) answered \(response.status)")
            #expect(!String(decoding: response.body, as: UTF8.self).contains("no such resource"), "\(route.method) \(target) is not routed")
            if route.path.hasPrefix("/v1/") {
                let other = route.method == "GET" ? "POST" : "GET"
                let refused = await api.respond(to: APIRequest(method: other, target: target, headers: [:], body: []))
                #expect(refused.status == 405, "\(other) \(target) answered \(refused.status)")
            }
        }
        for unknown in ["/v1/nothing", "/v1/kiosks/k/other", "/v1/kiosks/k", "/elsewhere"] {
            #expect(await api.respond(to: APIRequest(method: "GET", target: unknown, headers: [:], body: [])).status == 404, "\(unknown)")
        }
    }
}
