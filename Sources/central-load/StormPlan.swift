import Foundation
import SyncProtocol

/// A kiosk of the run: credential, stream and its day of events.
struct SimulatedKiosk: Sendable {
    var id: String
    var office: String
    var secret: [UInt8]
    var epoch: String
    var events: [WireEvent]
    var dayStart: Date
}

/// When connections drop: windows of the compressed day in which a share of the kiosks is
/// offline; they all come back at the window's end at once (the storm).
struct StormPlan: Sendable {
    /// (start, end) as fractions of the day.
    var windows: [(Double, Double)]
    /// Kiosk indices offline in each window.
    var affected: [Set<Int>]

    init(count: Int, share: Double, kiosks: Int, seed: UInt64) {
        var random = SeededRandom(seed: seed ^ 0x5707)
        windows = (0..<count).map { index in
            let start = 0.2 + 0.6 * Double(index) / Double(max(count, 1))
            return (start, start + 0.12)
        }
        affected = windows.map { _ in Set((0..<kiosks).filter { _ in Double.random(in: 0..<1, using: &random) < share }) }
    }

    /// The end of the window `kiosk` is offline in at `fraction`, if any.
    func offlineUntil(kiosk: Int, fraction: Double) -> Double? {
        for (index, window) in windows.enumerated() where window.0 <= fraction && fraction < window.1 && affected[index].contains(kiosk) {
            return window.1
        }
        return nil
    }
}
