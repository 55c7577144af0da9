import Foundation
import TestSupport
import Testing

/// The coupon flow at the touch screen, and what a bank's scanner reads from the printed coupon.
@Suite("Payment coupons at the kiosk", .serialized)
struct CouponJourneyTests {
    static let sampleBills = TurneroProcess.repositoryRoot.appendingPathComponent("kiosk-scripts/data/bills.sample.csv").path

    static func kiosk(_ cli: TurneroProcess) throws -> PseudoTerminal {
        try cli.initialize()
        #expect(try cli.run(["bills", "import", sampleBills, "--as-of", "2026-11-20"]).status == 0)
        let terminal = try cli.startOnTerminal(["kiosk"], columns: 80, rows: 30)
        #expect(terminal.wait(for: "Imprimir cupón de pago"))
        return terminal
    }

    @Test func partialPaymentCouponByTouchScansAsGS1() throws {
        let cli = try TurneroProcess()
        defer { cli.remove() }
        let terminal = try Self.kiosk(cli)
        #expect(terminal.tap(on: "Imprimir cupón de pago"))
        #expect(terminal.wait(for: "Escriba su número de cuenta"))
        for digit in "12345678" { #expect(terminal.tap(on: " \(digit) ")) }
        #expect(terminal.wait(for: "12345678"))
        #expect(terminal.tap(on: "Aceptar"))
        #expect(terminal.wait(for: "Elija el cupón") || terminal.wait(for: "Pago total"), "\(terminal.screen)")
        let screen = terminal.screen
        #expect(screen.contains("****5678") && screen.contains("JUA* CAR*** PÉR** GÓM**"))
        #expect(!screen.contains("JUAN") && !screen.contains("12345678"), "the screen must not show personal data in clear")
        #expect(screen.contains("$ 131.225") && screen.contains("$ 91.900"))
        #expect(terminal.tap(on: "Abono"))
        #expect(terminal.wait(for: "Recoja su cupón"), "\(terminal.screen)")
        let png = cli.stateDirectory.appendingPathComponent("tickets/0001.png")
        let decoded = try BarcodeDecoder.decode(png)
        #expect(decoded.contains { $0.symbologyIdentifier == "]C1" && $0.text == "(415)7709998000018(8020)0012345678(3900)0000091900(96)20261205" },
                "\(decoded)")
        terminal.process.terminate()
        _ = terminal.waitForExit()
    }

    @Test func typedAccountIsValidatedAndUnknownAccountsRevealNothing() throws {
        let cli = try TurneroProcess()
        defer { cli.remove() }
        let terminal = try Self.kiosk(cli)
        terminal.type("2\r")
        #expect(terminal.wait(for: "Escriba su número de cuenta"))
        terminal.type("12ab34\r")  // letters are ignored as typed: 1234 is too short
        #expect(terminal.wait(for: "El número de cuenta no es válido"))
        #expect(terminal.wait(for: "Bienvenido", timeout: 10))
        terminal.type("2\r")
        #expect(terminal.wait(for: "Escriba su número de cuenta"))
        terminal.type("99999999\r")
        #expect(terminal.wait(for: "No encontramos una factura para ese número"))
        terminal.type("1\r")
        terminal.type("2\r")
        #expect(terminal.wait(for: "Escriba su número de cuenta"))
        terminal.type(String(repeating: "9", count: 500) + "\r")  // only 10 digits are kept
        #expect(terminal.wait(for: "No encontramos una factura"))
        terminal.process.terminate()
        _ = terminal.waitForExit()
    }
}
