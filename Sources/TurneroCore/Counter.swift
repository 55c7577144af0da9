/// A counter ("módulo", "taquilla") where staff serve customers. Numbered from 1.
public struct Counter: Codable, Sendable, Hashable, Identifiable {
    /// The number on the counter's sign and in `--counter N`.
    public var number: Int
    /// Display name for the board ("Módulo 3"); defaults from the number.
    public var name: String?
    /// Services this counter calls from, in no particular order.
    public var services: [ServiceCode]

    public var id: Int { number }

    public init(number: Int, name: String? = nil, services: [ServiceCode]) {
        self.number = number
        self.name = name
        self.services = services
    }

    /// The name shown to customers.
    public var displayName: String { name ?? "Módulo \(number)" }

    /// Whether this counter calls turns of `service`.
    public func serves(_ service: ServiceCode) -> Bool { services.contains(service) }
}
