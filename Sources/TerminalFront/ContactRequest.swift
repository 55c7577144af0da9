public import Foundation
public import TurneroCore

/// After a detractor's score, on the kiosk and on the counter's rating screen: may the company
/// call back, and at which number. Consent comes first, with the Habeas Data text (Ley 1581 de
/// 2012); the number is optional, typed on the on-screen keypad and checked against Colombia's
/// numbering plan. Pure: buttons in, an outcome out.
public struct ContactRequest: Sendable, Hashable {
    /// Where the customer is.
    public enum Step: Sendable, Hashable {
        /// "¿Podemos llamarle?" with the consent text.
        case consent
        /// Typing the number.
        case phone
    }

    /// What the customer decided.
    public enum Outcome: Sendable, Hashable {
        /// Still deciding.
        case pending
        /// Consented and gave this number: store it.
        case save(ColombianPhone)
        /// Declined (or left the number out): nothing is kept.
        case declined
    }

    /// The call-back the number is for.
    public let callback: UUID
    /// Who will call, named in the consent text.
    public let controller: String
    public private(set) var step: Step = .consent
    /// Digits typed so far.
    public private(set) var typed = ""
    /// The last number submitted was not a valid Colombian number.
    public private(set) var invalid = false

    public init(callback: UUID, controller: String) {
        self.callback = callback
        self.controller = controller
    }

    /// The buttons of the current step.
    public func buttons(_ language: Language) -> [Button] {
        let t = { (key: UIText.Key) in UIText.text(key, language) }
        switch step {
        case .consent:
            return [Button(id: .yes, key: "1", title: t(.contactYes)), Button(id: .no, key: "2", title: t(.contactNo))]
        case .phone:
            return Array("1234567890").map { Button(id: .key($0), key: "", title: String($0)) } + [
                Button(id: .erase, key: "", title: t(.erase)), Button(id: .submit, key: "", title: t(.submit)),
                Button(id: .no, key: "", title: t(.contactNo)),
            ]
        }
    }

    /// A touched (or keyed) button.
    public mutating func activate(_ id: ButtonID) -> Outcome {
        switch (step, id) {
        case (.consent, .yes):
            step = .phone
        case (_, .no):
            return .declined
        case (.phone, .key(let character)):
            type(character)
        case (.phone, .erase):
            if !typed.isEmpty { typed.removeLast() }
            invalid = false
        case (.phone, .submit):
            return submit()
        default:
            break
        }
        return .pending
    }

    /// A typed character on the phone step (digits only; anything else is ignored).
    public mutating func type(_ character: Character) {
        guard step == .phone, character.isASCII, character.isNumber, typed.count < 12 else { return }
        typed.append(character)
        invalid = false
    }

    /// Enter on the phone step.
    public mutating func submit() -> Outcome {
        guard step == .phone else { return .pending }
        guard let phone = ColombianPhone(parsing: typed) else {
            invalid = true
            typed = ""
            return .pending
        }
        return .save(phone)
    }

    /// The screen's text: title, then paragraphs to wrap.
    public func text(_ language: Language) -> (title: String, paragraphs: [String]) {
        let t = { (key: UIText.Key) in UIText.text(key, language) }
        switch step {
        case .consent:
            let consent = t(.contactConsent).replacingOccurrences(of: "{controller}", with: controller)
            return (t(.contactQuestion), [t(.contactWhy), consent])
        case .phone:
            return (t(.contactEnterPhone), [invalid ? t(.contactInvalid) : t(.contactPhoneHint)])
        }
    }
}
