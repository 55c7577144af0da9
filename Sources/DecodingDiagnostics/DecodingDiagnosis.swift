import Foundation

/// What a `DecodingError` means for the person who wrote the file: the dotted path of the field
/// at fault (`services[2].prefix`) and a plain reason ("is required but missing").
///
/// One mapping for every JSON file Turnero reads (office configuration, printer profiles), so
/// a technician sees the same kind of message whichever file is wrong.
public struct DecodingDiagnosis: Sendable, Hashable, CustomStringConvertible {
    /// Dotted path of the offending field, or `(file)` when the document as a whole is wrong.
    public var field: String
    /// What is wrong, for a technician.
    public var reason: String

    /// The path a technician reads for the whole document.
    public static let wholeFile = "(file)"

    /// Diagnoses `error`.
    public init(_ error: DecodingError) {
        switch error {
        case .keyNotFound(let key, let context):
            let parent = Self.path(context.codingPath)
            field = parent == Self.wholeFile ? key.stringValue : "\(parent).\(key.stringValue)"
            reason = "is required but missing"
        case .typeMismatch(let type, let context):
            field = Self.path(context.codingPath)
            reason = "expected \(Self.describe(type))"
        case .valueNotFound(let type, let context):
            field = Self.path(context.codingPath)
            reason = "expected \(Self.describe(type)), found null"
        case .dataCorrupted(let context):
            field = Self.path(context.codingPath)
            if context.codingPath.isEmpty, let underlying = context.underlyingError {
                // The parser's own complaint: the text is not JSON at all.
                reason = "not valid JSON (\(underlying.localizedDescription))"
            } else {
                reason = context.debugDescription
            }
        @unknown default:
            field = Self.wholeFile
            reason = "\(error)"
        }
    }

    public var description: String { "\(field): \(reason)" }

    /// `services[2].prefix` for a coding path; `(file)` for the root.
    public static func path(_ codingPath: [any CodingKey]) -> String {
        var result = ""
        for key in codingPath {
            if let index = key.intValue {
                result += "[\(index)]"
            } else {
                result += result.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return result.isEmpty ? wholeFile : result
    }

    /// A JSON kind in words, for "expected …".
    static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type, is Substring.Type, is Character.Type: "a string"
        case is Int.Type, is Int64.Type, is Int32.Type, is UInt.Type, is UInt8.Type, is UInt16.Type, is UInt32.Type,
            is UInt64.Type:
            "a whole number"
        case is Double.Type, is Float.Type: "a number"
        case is Bool.Type: "true or false"
        default: "\(type)".hasPrefix("Array") ? "a list" : "an object"
        }
    }
}
