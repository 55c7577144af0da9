import Foundation
import Testing
import TurneroCore

@Suite("Call announcements: the sentence and the queue")
struct AnnouncementTests {
    static func call(_ label: String, counter: Int = 3, call: Int = 1, language: Language = .spanish, turn: String? = nil) -> CallAnnouncement {
        CallAnnouncement(turnId: turn ?? label, label: label, counter: counter, call: call, language: language)
    }

    @Test func spanishSentenceSpellsTheLetterAndSaysTheNumbersAsWords() {
        #expect(Self.call("P-042").text() == "Turno pe, cuarenta y dos, módulo tres")
        #expect(Self.call("AB-007", counter: 12).text() == "Turno a, be larga, siete, módulo doce")
        #expect(Self.call("Y-100", counter: 1).text() == "Turno ye, cien, módulo uno")
    }

    @Test func englishForCustomersWhoChoseEnglish() {
        #expect(Self.call("P-042", language: .english).text() == "Ticket pee, forty-two, counter three")
        #expect(Self.call("R-1021", counter: 6, language: .english).text() == "Ticket ar, one thousand twenty-one, counter six")
    }

    @Test func theOfficeTemplateDecidesTheSentence() throws {
        let settings = AnnouncementSettings(template: LocalizedText(es: "{label}, por favor pase al módulo {counter}", en: ""))
        #expect(Self.call("F-009", counter: 4).text(settings: settings) == "efe, nueve, por favor pase al módulo cuatro")
        // No English template: the Spanish one.
        #expect(Self.call("F-009", counter: 4, language: .english).text(settings: settings) == "ef, nine, por favor pase al módulo four")
        try settings.validate()
    }

    @Test("bad templates are refused with the field and the reason", arguments: [
        ("Pase al módulo {counter}", "must contain {label}"), ("Turno {etiqueta}", "unknown placeholder {etiqueta}"),
        ("Turno {label}, módulo {modulo}", "unknown placeholder {modulo}"),
        ("Turno {label", "unclosed"),
        (String(repeating: "Turno {label} ", count: 20), "at most 200"),
    ])
    func badTemplates(template: String, reason: String) {
        let settings = AnnouncementSettings(template: LocalizedText(es: template, en: "Ticket {label}"))
        #expect {
            try settings.validate()
        } throws: { error in
            let error = error as? ConfigurationError
            return error?.field == "announcements.template.es" && error?.reason.contains(reason) == true
        }
    }

    @Test func officeConfigurationReadsAnnouncementsAndTheTicketLink() throws {
        let json = """
            {"officeId": "x", "officeName": "X", "services": [{"code": "pagos", "prefix": "P", "name": {"es": "Pagos", "en": "Payments"}}],
             "counters": [{"number": 1, "services": ["pagos"]}],
             "announcements": {"template": {"es": "Turno {label} al módulo {counter}", "en": "Ticket {label} to counter {counter}"}, "repetitions": 2},
             "mobileTicket": {"baseURL": "https://turnos.example.co/"}}
            """
        let configuration = try OfficeConfiguration.load(json: Data(json.utf8))
        #expect(configuration.announcements.repetitions == 2 && configuration.announcements.chime)
        #expect(configuration.mobileTicket.link(token: "abc") == "https://turnos.example.co/t/abc")
        let plain = json.replacingOccurrences(of: "https://turnos.example.co/", with: "http://turnos.example.co")
        #expect(throws: ConfigurationError.self) { try OfficeConfiguration.load(json: Data(plain.utf8)) }
        let loopback = json.replacingOccurrences(of: "https://turnos.example.co/", with: "http://127.0.0.1:8080")
        #expect(try OfficeConfiguration.load(json: Data(loopback.utf8)).mobileTicket.link(token: "t") == "http://127.0.0.1:8080/t/t")
    }

    // MARK: - The queue

    @Test func callsQueueInsteadOfTalkingOverEachOther() {
        var queue = AnnouncementQueue()
        #expect(queue.called(Self.call("P-001")) == .speak(Self.call("P-001")))
        #expect(queue.called(Self.call("R-001", counter: 4)) == .none)
        #expect(queue.called(Self.call("P-002", counter: 1)) == .none)
        #expect(queue.pending.map(\.label) == ["R-001", "P-002"])
        #expect(queue.finished() == .speak(Self.call("R-001", counter: 4)))
        #expect(queue.finished() == .speak(Self.call("P-002", counter: 1)))
        #expect(queue.finished() == .none)
        #expect(queue.state == .idle)
        #expect(queue.finished() == .none)
    }

    @Test func aRecallIsSaidAgainButNotTwiceWhileWaiting() {
        var queue = AnnouncementQueue()
        _ = queue.called(Self.call("P-001"))
        // Recalled while being said: said again afterwards.
        #expect(queue.called(Self.call("P-001", call: 2)) == .none)
        #expect(queue.called(Self.call("R-001")) == .none)
        // Recalled again while that repeat still waits: one repeat, the latest call.
        #expect(queue.called(Self.call("P-001", call: 3)) == .none)
        #expect(queue.pending.map { "\($0.label)/\($0.call)" } == ["P-001/3", "R-001/1"])
    }

    @Test func aDeadSpeakerDoesNotGrowTheQueueForever() {
        var queue = AnnouncementQueue(capacity: 3)
        _ = queue.called(Self.call("P-000"))
        for number in 1...10 { _ = queue.called(Self.call(TurnLabel.make(prefix: "P", number: number))) }
        #expect(queue.pending.map(\.label) == ["P-008", "P-009", "P-010"])
        #expect(queue.dropped == 7)
    }
}
