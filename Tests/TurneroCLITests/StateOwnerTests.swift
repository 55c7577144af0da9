import Foundation
import TestSupport
import Testing

/// On an installed kiosk the state directory belongs to the `turnero` user the services run
/// as. Root working there would leave files the kiosk cannot open, so `turnero` refuses and
/// names the user to run as (exit 77). Needs root to hand a directory to another user; CI runs
/// as root.
@Suite("turnero refuses a state directory another user owns")
struct StateOwnerTests {
    static let isRoot = geteuid() == 0

    @Test(.enabled(if: isRoot, "only root can give a directory to another user"))
    func rootIsSentToTheOwnerAndCreatesNothing() throws {
        let cli = try TurneroProcess()
        defer { cli.remove() }
        // nobody (65534) stands for the package's turnero user.
        #expect(chown(cli.stateDirectory.path, 65534, 65534) == 0)
        for arguments in [
            ["init", "--config", TurneroProcess.exampleConfig, "--kiosk-id", "k"], ["turn", "list"], ["db", "check"],
            ["status"], ["sync", "once"],
        ] {
            let refused = try cli.run(arguments)
            #expect(refused.status == 77, "\(arguments): \(refused.stderr)")
            #expect(refused.stderr.contains("the state directory \(cli.stateDirectory.path) belongs to user"), "\(refused.stderr)")
            #expect(refused.stderr.contains("run the command as that user: sudo -u"), "\(refused.stderr)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: cli.stateDirectory.path).isEmpty)
        // Commands that do not touch the state still work for root (udev rules, profiles).
        #expect(try cli.run(["printer", "profiles"]).status == 0)
    }

    @Test func theOwnerWorksThereAsBefore() throws {
        let cli = try TurneroProcess()
        defer { cli.remove() }
        try cli.initialize()
        #expect(try cli.run(["turn", "list"]).status == 0)
    }
}
