import Testing
import TurneroCore
@testable import KioskApp

@Suite("Counter console commands")
struct CounterConsoleTests {
    @Test(arguments: [
        ("l", CounterConsole.Action.call), ("llamar", .call), ("CALL", .call), ("r", .recall), ("a", .start),
        ("f", .typedFinish), ("f resuelto", .finish(.resolved)), ("i ana", .signIn("ana")), ("i", .signIn(nil)), ("o", .signOut), ("m", .myFigures), ("mis-cifras", .myFigures), ("finalizar pendiente", .finish(.pending)), ("f remitido", .finish(.referred)),
        ("n", .noShow), ("d", .back), ("t reclamos", .transfer("reclamos")), ("s", .quit), ("?", .help),
    ])
    func staffWordsAreUnderstood(line: String, action: CounterConsole.Action) throws {
        #expect(try CounterConsole.parse(line) == action)
    }

    @Test func emptyLineRefreshesAndNonsenseIsExplained() throws {
        #expect(try CounterConsole.parse("   ") == nil)
        #expect(throws: CounterConsoleError.self) { try CounterConsole.parse("bailar") }
        #expect(throws: CounterConsoleError.self) { try CounterConsole.parse("t") }
        #expect(throws: CounterConsoleError.self) { try CounterConsole.parse("f quizás") }
    }
}
