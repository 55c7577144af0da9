import Testing
import TurneroCore

@Suite("What a ticket's QR holds, scanned or typed")
struct TicketPayloadTests {
    static let token = "k5mzq3x7wbtr2hd4nc6vyplfga"

    @Test func theOfflinePayloadIsLabelAndCode() {
        #expect(TicketPayload.offlineText(label: "P-042", code: "48213") == "P-042 48213")
        #expect(TicketPayload.parse("P-042 48213") == .code(label: "P-042", code: "48213"))
    }

    @Test("what scanners and people type reads the same", arguments: [
        "P-042 48213", "p042 48213", "P 42 48213", "P-042*48213", "P'042 48213", "  P-042\t48213 ", "P/042/48213",
    ])
    func offlineVariants(text: String) {
        #expect(TicketPayload.parse(text) == .code(label: "P-042", code: "48213"))
    }

    @Test("links read with any case and scheme", arguments: [
        "https://turnos.example.co/t/\(token)", "HTTPS://TURNOS.EXAMPLE.CO/T/\(token.uppercased())",
        "http://127.0.0.1:8080/t/\(token)", "https://c.example/base/t/\(token)?utm=x",
    ])
    func links(text: String) {
        #expect(TicketPayload.parse(text) == .link(token: Self.token))
    }

    @Test("not payloads", arguments: [
        "", "P-042", "48213", "P-042 4821", "P-042 482131", "TURNERO:8F3A2C1E-5B7D-4E21-9C0A-6D4B2F1E0A93",
        "https://turnos.example.co/t/short", "https://turnos.example.co/t/\(token)1", "ABCD-1 12345", "P-0 12345",
    ])
    func notPayloads(text: String) {
        #expect(TicketPayload.parse(text) == nil)
    }

    @Test func tokensAreBase32Of128Bits() {
        let token = TicketPayload.token(from: [UInt8](repeating: 0xff, count: 16))
        #expect(token.count == 26 && TicketPayload.isToken(token))
        #expect(TicketPayload.token(from: [UInt8](repeating: 0, count: 16)) == String(repeating: "a", count: 26))
        #expect(!TicketPayload.isToken(Self.token.uppercased()))
        #expect(!TicketPayload.isToken(String(Self.token.dropLast()) + "1"))
    }
}
