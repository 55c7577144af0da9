import Testing
import TurneroCore

/// What an agent may record as the customer's contact for an escalation's answer (issue 16).
@Suite("Customer contacts for escalations")
struct CustomerContactStoredTests {
    @Test(arguments: [
        ("300 123 4567", "300 123 4567", "300 *** **67"), ("+57 (601) 234-5678", "601 234 5678", "601 *** **78"),
        ("Ana.Perez+pqr@Empresa.com.co", "ana.perez+pqr@empresa.com.co", "an***@empresa.com.co"),
    ])
    func readsPhonesAndEmails(_ text: String, _ formatted: String, _ masked: String) throws {
        let contact = try #require(CustomerContact(parsing: text))
        #expect(contact.formatted == formatted && contact.masked == masked && "\(contact)" == masked)
        #expect(CustomerContact(phone: contact.phoneDigits, email: contact.emailAddress) == contact)
    }

    @Test(arguments: [
        "", "12345", "200 123 4567", "609 123 4567", "ana@", "@empresa.co", "ana@empresa", "ana@@empresa.co", "ana perez@empresa.co",
        "ana@empresa..co", "ana@-empresa.co", "ana@empresa.co\u{7}", String(repeating: "a", count: 65) + "@empresa.co",
    ])
    func refusesWhatIsNeither(_ text: String) {
        #expect(CustomerContact(parsing: text) == nil)
    }
}
