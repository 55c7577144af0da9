import TurneroCore

/// Which buttons each screen offers. Numbers work from a keypad; `0` is always "back" and `*`
/// always switches the language.
enum ScreenButtons {
    static func buttons(
        for screen: KioskScreen, language: Language, services: [Service], options: KioskOptions, warningIdle: Bool
    ) -> [Button] {
        func t(_ key: UIText.Key) -> String { UIText.text(key, language) }
        if warningIdle { return [Button(id: .moreTime, key: "1", title: t(.moreTime))] }
        let languageButton = Button(id: .language, key: "*", title: t(.otherLanguage))
        let back = Button(id: .back, key: "0", title: t(.back))
        switch screen {
        case .home:
            var list = [Button(id: .takeTurn, key: "1", title: t(.takeTurn))]
            if options.couponsEnabled { list.append(Button(id: .printCoupon, key: "2", title: t(.printCoupon))) }
            list.append(Button(id: .rate, key: "3", title: t(.rateAttention)))
            return list + [languageButton]
        case .chooseService:
            let list = services.enumerated().map { index, service in
                Button(id: .service(service.code), key: String(index + 1), title: service.name.text(in: language))
            }
            return list + [back, languageButton]
        case .askPreferential:
            return [
                Button(id: .yes, key: "1", title: t(.yes)), Button(id: .no, key: "2", title: t(.no)), back, languageButton,
            ]
        case .ticket, .notice, .thanks:
            return [Button(id: .done, key: "1", title: t(.done))]
        case .rateEnterLabel:
            // A touch keypad: the service letters and the digits type themselves.
            let letters = Array(Set(services.map(\.prefix))).sorted().compactMap(\.first)
            let keys = letters + Array("1234567890")
            return keys.map { Button(id: .key($0), key: "", title: String($0)) } + [
                Button(id: .erase, key: "", title: t(.erase)), Button(id: .submit, key: "", title: t(.submit)),
                Button(id: .back, key: "", title: t(.back)), languageButton,
            ]
        case .rateEnterCode:
            return Array("1234567890").map { Button(id: .key($0), key: "", title: String($0)) } + [
                Button(id: .erase, key: "", title: t(.erase)), Button(id: .submit, key: "", title: t(.submit)),
                Button(id: .back, key: "", title: t(.back)), languageButton,
            ]
        case .contact(let request):
            return request.buttons(language) + [languageButton]
        case .rateScore:
            return (1...10).map { Button(id: .score($0), key: String($0), title: String($0)) } + [back, languageButton]
        case .couponAccount:
            return Array("1234567890").map { Button(id: .key($0), key: "", title: String($0)) } + [
                Button(id: .erase, key: "", title: t(.erase)), Button(id: .submit, key: "", title: t(.submit)),
                Button(id: .back, key: "", title: t(.back)), languageButton,
            ]
        case .couponOptions(let offer):
            let list = offer.options.enumerated().map { index, option in
                let title: String =
                    switch option.kind {
                    case .full: t(.couponFull)
                    case .partial: t(.couponPartial)
                    case .duplicate: t(.couponDuplicate)
                    }
                return Button(id: .coupon(option.kind), key: String(index + 1), title: title, detail: option.amount)
            }
            return list + [back, languageButton]
        case .couponPrinted:
            return [Button(id: .done, key: "1", title: t(.done))]
        case .printing, .outOfService, .couponPrinting:
            return []
        }
    }
}
