import Foundation

/// Remembers the QR side for each (payload length, level) in 8-bit mode.
///
/// `@unchecked Sendable`: the dictionary is only touched while `lock` is held.
final class QRSizeCache: @unchecked Sendable {
    static let shared = QRSizeCache()

    private struct Key: Hashable {
        var byteCount: Int
        var errorCorrection: QRErrorCorrection
    }

    private let lock = NSLock()
    private var sides: [Key: Int] = [:]

    func side(byteCount: Int, errorCorrection: QRErrorCorrection) throws(SymbologyError) -> Int {
        let key = Key(byteCount: max(1, byteCount), errorCorrection: errorCorrection)
        if let side = lock.withLock({ sides[key] }) { return side }
        // NUL bytes force libqrencode's pure 8-bit path: the worst case for this length.
        let matrix = try QRCodeSymbol.encode(
            [UInt8](repeating: 0, count: key.byteCount), errorCorrection: errorCorrection)
        lock.withLock { sides[key] = matrix.width }
        return matrix.width
    }
}
