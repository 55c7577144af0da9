public import Foundation
import SyncProtocol

/// How the centre's detractor team works ("SWAT detractores"): the reasons an agent records,
/// the areas a case can be escalated to, how many failed attempts close a call-back, how long
/// a customer's number is kept, and the targets the dashboard measures against.
///
/// Read by `turnero-central serve --settings FILE` from the `callbacks` object of the centre's
/// settings file (`kiosk-scripts/config/central.example.json`); every field has a default.
public struct CallbackPolicy: Codable, Sendable, Hashable {
    /// A choice with a stable code (stored) and a Spanish name (shown).
    public struct Choice: Codable, Sendable, Hashable {
        public var code: String
        public var name: String

        public init(code: String, name: String) {
            self.code = code
            self.name = name
        }
    }

    /// Why customers rate low, as the agent hears it.
    public var reasons: [Choice]
    /// Where a case can be escalated.
    public var areas: [Choice]
    /// The failed attempt that closes a call-back as not contacted (the procedure: "no
    /// contactado" after more than two attempts, so the third).
    public var failedAttemptsToClose: Int
    /// Days a customer's number is kept after the call-back closes.
    public var contactRetentionDays: Int
    /// Effective-contact target (share of worked call-backs where the customer was reached).
    public var effectiveContactTarget: Double
    /// A second-survey score at or above this reverses the detractor.
    public var reversalMinimumScore: Int

    public init(
        reasons: [Choice] = Self.defaultReasons, areas: [Choice] = Self.defaultAreas, failedAttemptsToClose: Int = 3,
        contactRetentionDays: Int = 30, effectiveContactTarget: Double = 0.8, reversalMinimumScore: Int = 9
    ) {
        self.reasons = reasons
        self.areas = areas
        self.failedAttemptsToClose = failedAttemptsToClose
        self.contactRetentionDays = contactRetentionDays
        self.effectiveContactTarget = effectiveContactTarget
        self.reversalMinimumScore = reversalMinimumScore
    }

    public static let defaultReasons = [
        Choice(code: "tiempo-espera", name: "Tiempo de espera"), Choice(code: "trato", name: "Trato"),
        Choice(code: "solucion", name: "Solución"), Choice(code: "informacion", name: "Información"),
        Choice(code: "otro", name: "Otro"),
    ]

    public static let defaultAreas = [
        Choice(code: "facturacion", name: "Facturación"), Choice(code: "tecnica", name: "Área técnica"),
        Choice(code: "cartera", name: "Cartera"), Choice(code: "comercial", name: "Comercial"),
    ]

    /// The name of a reason code (the code itself when unknown, e.g. removed since).
    public func reasonName(_ code: String) -> String { reasons.first { $0.code == code }?.name ?? code }
    /// The name of an area code.
    public func areaName(_ code: String) -> String { areas.first { $0.code == code }?.name ?? code }

    /// Seconds a number is kept after closing.
    public var contactRetention: TimeInterval { TimeInterval(contactRetentionDays) * 86_400 }

    private enum CodingKeys: String, CodingKey {
        case reasons, areas, failedAttemptsToClose, contactRetentionDays, effectiveContactTarget, reversalMinimumScore
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            reasons: try c.decodeIfPresent([Choice].self, forKey: .reasons) ?? Self.defaultReasons,
            areas: try c.decodeIfPresent([Choice].self, forKey: .areas) ?? Self.defaultAreas,
            failedAttemptsToClose: try c.decodeIfPresent(Int.self, forKey: .failedAttemptsToClose) ?? 3,
            contactRetentionDays: try c.decodeIfPresent(Int.self, forKey: .contactRetentionDays) ?? 30,
            effectiveContactTarget: try c.decodeIfPresent(Double.self, forKey: .effectiveContactTarget) ?? 0.8,
            reversalMinimumScore: try c.decodeIfPresent(Int.self, forKey: .reversalMinimumScore) ?? 9)
    }

    /// Why the policy cannot be used, or nil.
    public var problem: String? {
        for (field, choices) in [("reasons", reasons), ("areas", areas)] {
            guard !choices.isEmpty, choices.count <= 40 else { return "callbacks.\(field) must list 1–40 choices" }
            guard Set(choices.map(\.code)).count == choices.count else { return "callbacks.\(field) repeats a code" }
            for choice in choices where !Identifier.isValid(choice.code) || choice.name.isEmpty || choice.name.count > 60 {
                return "callbacks.\(field): '\(choice.code.prefix(40))' needs a code of letters, digits, '-', '_' or '.' and a name of 1–60 characters"
            }
        }
        guard (1...10).contains(failedAttemptsToClose) else { return "callbacks.failedAttemptsToClose must be 1–10" }
        guard (1...365).contains(contactRetentionDays) else { return "callbacks.contactRetentionDays must be 1–365" }
        guard (0.0...1.0).contains(effectiveContactTarget) else { return "callbacks.effectiveContactTarget must be 0–1" }
        guard (1...10).contains(reversalMinimumScore) else { return "callbacks.reversalMinimumScore must be 1–10" }
        return nil
    }
}
