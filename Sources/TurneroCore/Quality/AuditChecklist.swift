/// An auditor's verdict on one checklist item.
public enum AuditAnswer: String, Codable, Sendable, Hashable, CaseIterable {
    /// The attention met the item.
    case met
    /// It did not.
    case notMet = "not-met"
    /// The item does not apply to this attention (e.g. escalation when nothing was escalated).
    case notApplicable = "not-applicable"
}

/// One item a quality auditor checks in an attention.
public struct AuditItem: Codable, Sendable, Hashable, Identifiable {
    public var code: String
    public var name: LocalizedText

    public var id: String { code }

    public init(code: String, name: LocalizedText) {
        self.code = code
        self.name = name
    }
}

/// The checklist of a quality audit: the items of form F189 by default (welcome protocol,
/// effective answer, registration, escalation, treatment), and how many attentions are drawn
/// per agent and month.
public struct AuditChecklist: Codable, Sendable, Hashable {
    public var items: [AuditItem]
    /// Attentions drawn per agent and month (all of them when the agent served fewer).
    public var sampleSize: Int

    public init(items: [AuditItem] = Self.f189, sampleSize: Int = 5) {
        self.items = items
        self.sampleSize = sampleSize
    }

    /// The items of the personalised-attention audit form (F189).
    public static let f189 = [
        AuditItem(code: "bienvenida", name: .init(es: "Protocolo de bienvenida", en: "Welcome protocol")),
        AuditItem(code: "respuesta-efectiva", name: .init(es: "Respuesta efectiva", en: "Effective answer")),
        AuditItem(code: "registro", name: .init(es: "Registro en el sistema", en: "Registration")),
        AuditItem(code: "escalamiento", name: .init(es: "Escalamiento", en: "Escalation")),
        AuditItem(code: "trato", name: .init(es: "Trato al cliente", en: "Treatment")),
    ]

    private enum CodingKeys: String, CodingKey { case items, sampleSize }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            items: try c.decodeIfPresent([AuditItem].self, forKey: .items) ?? Self.f189,
            sampleSize: try c.decodeIfPresent(Int.self, forKey: .sampleSize) ?? 5)
    }

    /// Why the checklist cannot be used, or nil.
    public var problem: String? {
        guard !items.isEmpty, items.count <= 30 else { return "audits.items must list 1–30 items" }
        guard Set(items.map(\.code)).count == items.count else { return "audits.items repeats a code" }
        for item in items {
            let validCode = !item.code.isEmpty && item.code.utf8.count <= 32
                && item.code.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || "-_".unicodeScalars.contains($0) }
            if !validCode || item.name.es.isEmpty || item.name.es.count > 80 {
                return "audits.items: '\(item.code.prefix(32))' needs a code of lowercase letters, digits, '-' or '_' and a name of 1–80 characters"
            }
        }
        guard (1...100).contains(sampleSize) else { return "audits.sampleSize must be 1–100" }
        return nil
    }

    /// Checks an auditor's answers: one per item, no unknown item.
    public func problem(with answers: [String: AuditAnswer]) -> String? {
        for code in answers.keys where !items.contains(where: { $0.code == code }) {
            return "unknown checklist item '\(code.prefix(32))'"
        }
        for item in items where answers[item.code] == nil {
            return "answer every item (missing: \(item.name.es))"
        }
        return nil
    }

    /// The score of one audit, 0–100: items met ÷ items that apply. Nil when none applies.
    public static func score(_ answers: [String: AuditAnswer]) -> Double? {
        let applicable = answers.values.filter { $0 != .notApplicable }
        guard !applicable.isEmpty else { return nil }
        return 100 * Double(applicable.count { $0 == .met }) / Double(applicable.count)
    }
}
