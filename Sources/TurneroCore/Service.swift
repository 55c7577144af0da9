/// The short code that identifies a service in configuration, commands and events (`pagos`).
public struct ServiceCode: RawRepresentable, Codable, Sendable, Hashable, Comparable,
    ExpressibleByStringLiteral, CustomStringConvertible
{
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A service customers queue for (payments, claims, new connections…).
public struct Service: Codable, Sendable, Hashable, Identifiable {
    /// Stable code used by commands and events.
    public var code: ServiceCode
    /// Letter(s) printed before the number on the ticket (`P` in `P-027`).
    public var prefix: String
    /// Name shown on the kiosk buttons and the ticket.
    public var name: LocalizedText
    /// The wait the office aims for, in minutes (service-level threshold for this service).
    public var targetWaitMinutes: Int?
    /// Whether the kiosk offers the service; inactive services keep their history.
    public var active: Bool
    /// The kinds of request staff record when finishing a turn of this service; empty: the
    /// office's typology (`requests.types`).
    public var requestTypes: [RequestType]

    public var id: ServiceCode { code }

    public init(
        code: ServiceCode, prefix: String, name: LocalizedText,
        targetWaitMinutes: Int? = nil, active: Bool = true, requestTypes: [RequestType] = []
    ) {
        self.code = code
        self.prefix = prefix
        self.name = name
        self.targetWaitMinutes = targetWaitMinutes
        self.active = active
        self.requestTypes = requestTypes
    }

    private enum CodingKeys: String, CodingKey {
        case code, prefix, name, targetWaitMinutes, active, requestTypes
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        code = try container.decode(ServiceCode.self, forKey: .code)
        prefix = try container.decode(String.self, forKey: .prefix)
        name = try container.decode(LocalizedText.self, forKey: .name)
        targetWaitMinutes = try container.decodeIfPresent(Int.self, forKey: .targetWaitMinutes)
        active = try container.decodeIfPresent(Bool.self, forKey: .active) ?? true
        requestTypes = try container.decodeIfPresent([RequestType].self, forKey: .requestTypes) ?? []
    }
}
