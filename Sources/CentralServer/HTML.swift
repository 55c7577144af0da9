import Foundation

/// A fragment of the operators' pages, escaped by construction.
///
/// Markup comes only from **string literals in this module's source** (the literal type is
/// `StaticString`, so no runtime text can pose as one); everything interpolated into a literal
/// is escaped — a `String` as text, a number as its digits — unless it is itself an `HTML`
/// fragment. There is no initializer from a `String`: the only way for text to reach a page is
/// through ``Interpolation/appendInterpolation(_:)-(String)``, which escapes it. Values of any
/// other type (a GRDB `SQL` literal a closure was inferred to build, say) do not compile.
///
/// ```swift
/// let row: HTML = "<tr data-office=\"\(office.id)\"><td>\(office.name)</td></tr>"
/// ```
///
/// Why a builder rather than swift-mustache (see docs/centre.md): a template's keys are looked
/// up at run time (a typo renders nothing), its `{{{raw}}}` form escapes nothing, and the pages
/// compute much of what they show; here the compiler checks every value and every escape.
struct HTML: Sendable, Hashable, ExpressibleByStringInterpolation, CustomStringConvertible {
    /// The markup, escaped; read only to send it.
    private(set) var markup: String

    /// Literal markup written in this module's source.
    init(stringLiteral literal: StaticString) { markup = "\(literal)" }

    init(stringInterpolation: Interpolation) { markup = stringInterpolation.markup }

    private init(markup: String) { self.markup = markup }

    /// Nothing.
    static let empty: HTML = ""

    var description: String { markup }

    var isEmpty: Bool { markup.isEmpty }

    /// Builds a fragment: literals as markup, interpolated text escaped.
    struct Interpolation: StringInterpolationProtocol {
        fileprivate var markup = ""

        init(literalCapacity: Int, interpolationCount: Int) { markup.reserveCapacity(literalCapacity + 16 * interpolationCount) }

        mutating func appendLiteral(_ literal: StaticString) { markup += "\(literal)" }

        /// Text: escaped for element content and for quoted attribute values.
        mutating func appendInterpolation(_ text: String) { markup += HTML.escape(text) }

        /// Text, or nothing for nil.
        mutating func appendInterpolation(_ text: String?) { if let text { appendInterpolation(text) } }

        /// A fragment built the same way: inserted as it is.
        mutating func appendInterpolation(_ html: HTML) { markup += html.markup }

        /// A fragment or nothing.
        mutating func appendInterpolation(_ html: HTML?) { if let html { markup += html.markup } }

        /// A number's digits.
        mutating func appendInterpolation(_ number: Int) { markup += String(number) }

        /// A number's digits.
        mutating func appendInterpolation(_ number: Int64) { markup += String(number) }

        /// A path segment or query value of a link: percent-encoded, then escaped.
        mutating func appendInterpolation(pathSegment text: String) { markup += HTML.escape(HTML.percentEncoded(text)) }
    }

    /// Joins fragments.
    static func + (left: HTML, right: HTML) -> HTML { HTML(markup: left.markup + right.markup) }

    static func += (left: inout HTML, right: HTML) { left.markup += right.markup }

    /// Escapes text for element content and quoted attribute values. Control characters other
    /// than tab and newline never reach the page.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                if character.value < 0x20 && character != "\t" && character != "\n" { continue }
                out.unicodeScalars.append(character)
            }
        }
        return out
    }

    /// Percent-encodes a value for a path segment or a query (unreserved characters and `/` stay).
    static func percentEncoded(_ text: String) -> String {
        var allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        allowed.insert(charactersIn: "-._~/")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}

extension Sequence<HTML> {
    /// The fragments one after another, with `separator` between them.
    func joined(separator: HTML = .empty) -> HTML {
        var result = HTML.empty
        for (index, fragment) in enumerated() {
            if index > 0 { result += separator }
            result += fragment
        }
        return result
    }
}
