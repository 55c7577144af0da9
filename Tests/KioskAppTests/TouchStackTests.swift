import Foundation
import TerminalFront
import TestSupport
import Testing
import TurneroCore

/// The production touch stack proven from pictures: the unit's real command line under cage
/// and foot, with a real font, shows exactly the kiosk's screens (no log line, nothing else),
/// filling the display; and a ticket can be taken (keyboard under sway, the same terminal).
@Suite("Production touch stack: cage + foot, headless", .serialized)
struct TouchStackTests {
    /// Enabled everywhere; where the compositor packages are missing it fails under CI and says
    /// loudly why it did nothing elsewhere.
    static func toolsPresent() -> Bool {
        let missing = TouchStack.missingTools
        guard !missing.isEmpty else { return true }
        let packages = Set(missing.compactMap { TouchStack.tools[$0] }).sorted().joined(separator: " ")
        if ProcessInfo.processInfo.environment["CI"] == "1" {
            Issue.record("missing \(missing.joined(separator: ", ")): kiosk-scripts/setup.sh --test installs \(packages)")
        } else {
            print("⚠︎ SKIPPED the cage + foot test: install \(packages) (kiosk-scripts/setup.sh --test)")
        }
        return false
    }

    /// The example office, printing to the virtual printer as a model with a near-end sensor
    /// (so a near-end alert, logged and never shown, can be provoked).
    static func stack() throws -> TouchStack {
        try TouchStack { office in
            office["printer"] = ["connection": "virtual", "profile": "epson-tm-t88vi"]
        }
    }

    static var office: OfficeConfiguration {
        get throws { try OfficeConfiguration.load(json: Data(contentsOf: URL(fileURLWithPath: TurneroProcess.exampleConfig))) }
    }

    /// The kiosk's screen as the kiosk itself draws it, for the grid it reported in its log.
    static func expected(_ flow: KioskFlow, _ stack: TouchStack) throws -> (Canvas, columns: Int, rows: Int) {
        let match = try #require(stack.log.firstMatch(of: /terminal is (\d+)×(\d+)/), "no grid size in the log:\n\(stack.log)")
        let (columns, rows) = (Int(match.1)!, Int(match.2)!)
        let canvas = KioskRenderer(officeName: try office.officeName).render(flow, columns: columns, rows: rows, clock: "00:00").canvas
        return (canvas, columns, rows)
    }

    static func home() throws -> KioskFlow {
        let office = try Self.office
        return KioskFlow(services: office.services, options: KioskOptions(couponsEnabled: office.coupons.enabled), now: Date())
    }

    /// Waits (on the screen itself) until the picture shows `flow`; returns the mismatches left.
    static func waitForScreen(_ flow: KioskFlow, _ stack: TouchStack, _ session: TouchStack.Session, name: String) throws -> (Screenshot, TerminalGrid?, [String]) {
        var last: (shot: Screenshot, grid: TerminalGrid?, mismatches: [String], expected: String)?
        let shown = try Waiting.blockingUntil(timeout: .seconds(20)) {
            let shot = try stack.screenshot(session, name: name)
            var grid: TerminalGrid?
            var mismatches = ["the kiosk has not reported its grid yet"]
            var expectedText = ""
            if stack.log.contains("terminal is") {
                let (canvas, columns, rows) = try expected(flow, stack)
                expectedText = canvas.text
                grid = TerminalGrid(locating: columns, rows, in: shot)
                mismatches = grid.map { $0.mismatches(with: canvas, in: shot) } ?? ["no header bar found"]
            }
            last = (shot, grid, mismatches, expectedText)
            return mismatches.isEmpty
        }
        guard let last else { throw TouchStack.Failure(description: "no screenshot taken") }
        if !shown {
            // What the picture should have shown, beside touch-stack-<name>.png.
            try? TestArtifacts.save(last.expected + "\n\n" + last.mismatches.joined(separator: "\n"), as: "touch-stack-\(name)-expected.txt")
        }
        return (last.shot, last.grid, last.mismatches)
    }

    @Test func theUnitsCommandLineUnderCageShowsOnlyTheKiosksScreensFillingTheDisplay() throws {
        guard Self.toolsPresent() else { return }
        let stack = try Self.stack()
        let session = try stack.startCage()
        defer { stack.stop(session) }

        // 1. Home, in foot with its real font, over the whole display.
        let (shot, located, mismatches) = try Self.waitForScreen(try Self.home(), stack, session, name: "home-cage")
        let grid = try #require(located, "no kiosk header in the picture; cage log:\n\(stack.log)")
        #expect(mismatches.isEmpty, "the picture is not the kiosk's home screen (\(grid)):\n\(mismatches.prefix(20).joined(separator: "\n"))")
        #expect(grid.columns * grid.cellWidth >= shot.width * 95 / 100, "the grid leaves the display's width unused: \(grid), \(shot.width) px")
        #expect(grid.rows * grid.cellHeight >= shot.height * 90 / 100, "the grid leaves the display's height unused: \(grid), \(shot.height) px")
        #expect(grid.cellWidth >= 10 && grid.cellHeight >= 20, "a 26 pt font gives big cells: \(grid)")

        // 2. A staff alert is logged (paper near end) while the home screen stays as it is.
        let faults = stack.state.appendingPathComponent("tickets/FAULTS")
        try "near-end".write(to: faults, atomically: true, encoding: .utf8)
        Waiting.blockingUntil(timeout: .seconds(15)) { stack.log.contains("near end") }
        #expect(stack.log.contains("near end"), "the alert must be in the log:\n\(stack.log)")
        let (_, _, afterAlert) = try Self.waitForScreen(try Self.home(), stack, session, name: "home-after-alert-cage")
        #expect(afterAlert.isEmpty, "something other than the kiosk drew on the screen:\n\(afterAlert.prefix(20).joined(separator: "\n"))")

        // 3. Out of paper: the kiosk's own out-of-service screen, and back.
        try "paper-out".write(to: faults, atomically: true, encoding: .utf8)
        var outOfService = try Self.home()
        _ = outOfService.handle(.health(.paperOut), at: Date())
        let (_, _, outMismatches) = try Self.waitForScreen(outOfService, stack, session, name: "out-of-service-cage")
        #expect(outMismatches.isEmpty, "\(outMismatches.prefix(20).joined(separator: "\n"))")
        try "".write(to: faults, atomically: true, encoding: .utf8)
        let (_, _, back) = try Self.waitForScreen(try Self.home(), stack, session, name: "home-again-cage")
        #expect(back.isEmpty, "\(back.prefix(20).joined(separator: "\n"))")
    }

    @Test func aTicketIsTakenInTheSameTerminalUnderSway() throws {
        guard Self.toolsPresent() else { return }
        let stack = try Self.stack()
        let session = try stack.startSway()
        defer { stack.stop(session) }
        let (_, _, home) = try Self.waitForScreen(try Self.home(), stack, session, name: "home-sway")
        #expect(home.isEmpty, "\(home.prefix(20).joined(separator: "\n"))")

        // Take a turn (1), payments (1), not preferential (2): as a keypad user would.
        var flow = try Self.home()
        for (step, key) in ["1", "1", "2"].enumerated() {
            try stack.type(key, in: session)
            _ = flow.handle(.key(.text(Character(key))), at: Date())
            _ = flow.handle(.key(.enter), at: Date())
            guard flow.screen != .printing else { break }  // a moment only: the ticket follows
            let (_, _, screen) = try Self.waitForScreen(flow, stack, session, name: "step-\(step + 1)-sway")
            #expect(screen.isEmpty, "after \(key)⏎ the screen is not \(flow.screen):\n\(screen.prefix(20).joined(separator: "\n"))")
        }
        let office = try Self.office
        let pagos = try #require(office.service("pagos"))
        _ = flow.handle(.ticketIssued(TicketView(label: "P-001", serviceName: pagos.name, preferential: false, ahead: 0, estimate: nil)), at: Date())
        let (_, _, ticketScreen) = try Self.waitForScreen(flow, stack, session, name: "ticket-sway")
        #expect(ticketScreen.isEmpty, "the ticket screen:\n\(ticketScreen.prefix(20).joined(separator: "\n"))")

        // The paper: the virtual printer's picture of the ticket.
        let ticket = stack.state.appendingPathComponent("tickets/0001.png")
        #expect(FileManager.default.fileExists(atPath: ticket.path), "no ticket printed")
        let transcript = (try? String(contentsOf: stack.state.appendingPathComponent("tickets/0001.txt"), encoding: .utf8)) ?? ""
        #expect(transcript.replacingOccurrences(of: " ", with: "").contains("P-001"), "\(transcript)")
        let artifact = URL(fileURLWithPath: try TestArtifacts.path("touch-stack-ticket-0001.png"))
        try? FileManager.default.removeItem(at: artifact)
        try? FileManager.default.copyItem(at: ticket, to: artifact)
    }
}
