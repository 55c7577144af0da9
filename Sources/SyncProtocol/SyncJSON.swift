public import Foundation

/// JSON conventions of the wire: explicit snake_case keys in the types, sorted keys out.
public enum SyncJSON {
    /// An encoder for wire bodies.
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// A decoder for wire bodies.
    public static func decoder() -> JSONDecoder { JSONDecoder() }

    /// Encodes `value` to bytes.
    public static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        Array(try encoder().encode(value))
    }

    /// Decodes `T` from bytes.
    public static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        try decoder().decode(type, from: Data(bytes))
    }
}
